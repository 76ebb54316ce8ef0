"""The audit log for the national coordinator: every caravan's entries, filtered by who, what, when and on what,
a page at a time or as a spreadsheet (its cells never run as formulas)."""

import datetime
import json
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from caravans.access import require_global
from core import audit, spreadsheets
from core.forms import DATE
from core.models import AuditEntry

PAGE_SIZE = 50
ACTION = "audit.view"


class AuditFilters(forms.Form):
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    since = forms.DateField(label=_("From (date)"), required=False, **DATE)
    until = forms.DateField(label=_("Until (date)"), required=False, **DATE)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("action", "object_type"):
            found = AuditEntry.objects.exclude(**{name: ""}).order_by(name).values_list(name, flat=True)
            self.fields[name].choices = [("", _("All")), *((value, value) for value in found.distinct())]
        for name in ("actor", "object_id"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def entries(self):
        """The entries these filters keep (a filter typed wrongly is left out, and shown with its error)."""
        self.is_valid()
        chosen = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        lookups = {
            "actor": "actor__username__iexact",
            "action": "action",
            "since": "at__date__gte",  # days in the site's time zone
            "until": "at__date__lte",
            "object_type": "object_type",
            "object_id": "object_id",
        }
        found = AuditEntry.objects.select_related("actor")
        return found.filter(**{lookups[name]: value for name, value in chosen.items()})

    def query(self):
        """The filters as a query string, for the pages' and the exports' links."""
        return urlencode({name: value for name, value in self.data.items() if name in self.fields and value})


def details(entry):
    return json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else ""


@require_safe
@login_required
def audit_log(request):
    require_global(request.user, ACTION)
    form = AuditFilters(request.GET)
    page = Paginator(form.entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(entry, details(entry)) for entry in page.object_list]
    return render(
        request, "qafila/audit_log.html", {"form": form, "page": page, "rows": rows, "query": form.query()}
    )


HEADERS = [
    _("When"),
    _("Who (username)"),
    _("Who"),
    _("Action"),
    _("Object type"),
    _("Object number"),
    _("Details"),
]


def export_rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        actor = entry.actor
        yield [
            timezone.localtime(entry.at).replace(tzinfo=None, microsecond=0),
            actor.get_username() if actor else "",
            actor.get_full_name() if actor else "",
            entry.action,
            entry.object_type,
            entry.object_id,
            details(entry),
        ]


def _export(request, extension):
    require_global(request.user, ACTION)
    form = AuditFilters(request.GET)
    entries = form.entries()
    audit.record(request.user, "audit.exported", None, filters=form.query(), format=extension)
    return entries, f"audit-log-{datetime.date.today().isoformat()}.{extension}"


@require_safe
@login_required
def audit_log_csv(request):
    entries, name = _export(request, "csv")
    return spreadsheets.csv_response(HEADERS, export_rows(entries), name=name)


@require_safe
@login_required
def audit_log_xlsx(request):
    entries, name = _export(request, "xlsx")
    return spreadsheets.xlsx_response(HEADERS, export_rows(entries), name=name, title="audit")
