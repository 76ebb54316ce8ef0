"""Importing a registration list from the staff pages: the template to fill in, the upload, a preview of every
row and of what each column was read as, then the import.

The preview is the importer's dry run: every row decided exactly as the import would, nothing written. The
upload checks the file at once (a refusal is said on the spot); the preview and the import are jobs of
`qafila worker` (`work`), their progress polled by the page. The file is kept between the steps (`uploads`). The import re-decides every row (others may have registered
in between) and the page says so when its outcome differs from the preview's. The importer itself writes the
audit entry of the import.
"""

import hashlib
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caravans.access import caravan_for, roles_for
from core.jobs import enqueue_on_commit
from core.permissions import allowed

from ..models import Decision
from . import uploads, work
from .lists import DECISIONS, MAX_BYTES, MAX_ROWS, OUTCOMES, ImportRefused
from .spreadsheets import read_table
from .template import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

OUTCOME_LABELS = {
    "created": gettext_lazy("New registration"),
    "updated": gettext_lazy("Registration completed"),
    "unchanged": gettext_lazy("Already imported, unchanged"),
    "duplicate": gettext_lazy("Duplicate, not saved"),
    "invalid": gettext_lazy("Unreadable row, not saved"),
}

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Registration list (Excel or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )

    def clean_file(self):
        return uploads.within_size(self.cleaned_data["file"], MAX_BYTES)


@require_get_or_post
@login_required
def import_upload(request, slug):
    caravan = caravan_for(request.user, slug, "registration.import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, caravan, form)
    uploads.discard(request, _key(caravan))
    uploads.forget_stale()
    path = uploads.store(form.cleaned_data["file"])
    try:
        read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)  # a file that cannot be used: said at once
    except ImportRefused as refusal:
        uploads.remove(path)
        return _upload_page(request, caravan, UploadForm(), refusal)
    token = path.parent.name
    request.session[_key(caravan)] = {"token": token, "name": path.name}
    work.queue(path.parent, work.PREVIEW)
    enqueue_on_commit(work.preview_list, caravan.pk, token, path.name, request.user.pk)
    return redirect("registration:staff_import_status", slug=caravan.slug)


@require_GET
@login_required
def import_status(request, slug):
    """The preview or the import in the worker: its progress (polled by htmx), then its report."""
    caravan = caravan_for(request.user, slug, "registration.import")
    pending = request.session.get(_key(caravan)) or {}
    folder = uploads.folder_of(pending)
    job = work.state(folder) if folder else None
    if job is None:
        return redirect("registration:staff_import", slug=caravan.slug)
    if job["status"] in (work.QUEUED, work.RUNNING):
        template = (
            "registration/import/_progress.html" if request.htmx else "registration/import/working.html"
        )
        percent = 100 * job["done"] // job["total"] if job["total"] else 0
        return render(request, template, {"caravan": caravan, "job": job, "percent": percent})
    if request.htmx:  # finished: the whole page shows the report
        return HttpResponse(headers={"HX-Refresh": "true"})
    if job["status"] != work.DONE:
        uploads.discard(request, _key(caravan))
        refusal = ImportRefused(job.get("refusal") or "") if job["status"] == work.REFUSED else None
        stopped = job if job.get("imported") else None  # an import that stopped after some chunks
        return _upload_page(request, caravan, UploadForm(), refusal, failed=refusal is None, stopped=stopped)
    done = work.report(folder)
    shown = _shown(done)
    if job["step"] == work.PREVIEW:
        pending.update(digest=_digest(done["report"]), summary=done["report"]["summary"], previewed=True)
        request.session[_key(caravan)] = pending
        context = {"token": pending["token"], "name": pending["name"], **shown}
        return render(request, "registration/import/preview.html", {"caravan": caravan, **context})
    uploads.discard(request, _key(caravan))
    context = {
        "caravan": caravan,
        "name": pending["name"],
        "changed": _digest(done["report"]) != pending.get("digest"),
        "previewed": _counts(pending.get("summary") or done["report"]["summary"]),
        "told": pending.get("told", False),
        **shown,
    }
    return render(request, "registration/import/result.html", context)


@require_POST
@login_required
def import_confirm(request, slug):
    caravan = caravan_for(request.user, slug, "registration.import")
    pending = request.session.get(_key(caravan)) or {}
    path = uploads.kept(pending)
    job = work.state(path.parent) if path else None
    previewed = (
        job and job["step"] == work.PREVIEW and job["status"] == work.DONE and pending.get("previewed")
    )
    if not previewed or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            _("This preview is no longer waiting to be imported (imported already, or another file uploaded "
              "since): upload the list again."),
        )  # fmt: skip
        return redirect("registration:staff_import", slug=caravan.slug)
    # An unticked box is not sent at all: only "messages=1" tells the list's people.
    told = request.POST.get("messages") == "1"
    request.session[_key(caravan)] = {**pending, "told": told}
    work.queue(path.parent, work.IMPORT)
    enqueue_on_commit(work.import_list, caravan.pk, pending["token"], path.name, request.user.pk, told)
    return redirect("registration:staff_import_status", slug=caravan.slug)


@require_GET
@login_required
def import_template(request, slug):
    """The registration list to fill in (`template`), headed in Arabic and French."""
    caravan = caravan_for(request.user, slug, "registration.import")
    response = HttpResponse(template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="qafila-{caravan.slug}-liste.xlsx"'
    return response


# --- The page ------------------------------------------------------------------------------------------


def _upload_page(request, caravan, form, refusal=None, *, failed=False, stopped=None):
    context = {
        "caravan": caravan,
        "form": form,
        "failed": failed and stopped is None,
        "stopped": stopped,
        "limit_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
        "may_load_members": allowed(roles_for(request.user, caravan), "community.import"),
    }
    if refusal is not None:
        context["refusal"] = uploads.refusal_sentence(str(refusal))
        context["refusal_detail"] = str(refusal)
    return render(request, "registration/import/upload.html", context)


def _shown(done):
    """The report as the page shows it: counts, what each column was read as, and every row with its name and
    its sentences (`done`: what the job wrote)."""
    report, names, read_as = done["report"], done["names"], done["read_as"]
    lang = "fr" if (get_language() or "").startswith("fr") else "ar"
    rows = [
        {
            "number": result["row"],
            "name": tuple(names.get(str(result["row"]), ("", ""))),
            "outcome": result["outcome"],
            "outcome_label": OUTCOME_LABELS.get(result["outcome"], result["outcome"]),
            "decision": result["decision"] or "",
            "decision_label": Decision(result["decision"]).label if result["decision"] else "",
            "message": result.get(f"message_{lang}", ""),
        }
        for result in report["rows"]
    ]
    summary = report["summary"]
    return {
        "summary": summary,
        "counts": _counts(summary),
        "read_as": uploads.read_as_words(read_as, lang),
        "ignored_columns": report["ignored_columns"],
        "sheet": report["sheet"],
        "rows": rows,
        "to_save": summary["created"] + summary["updated"],
    }


def _counts(summary):
    """[(label, count)] of the outcomes, then of the decisions, leaving out zeros."""
    outcomes = [(OUTCOME_LABELS[key], summary[key]) for key in OUTCOMES if summary.get(key)]
    decisions = [(Decision(key).label, summary[key]) for key in DECISIONS if summary.get(key)]
    return {"rows": summary["rows"], "outcomes": outcomes, "decisions": decisions}


def _digest(report):
    """What the rows became (not the ids: a dry run's are rolled back), to tell whether the import differs."""
    decided = [(r["row"], r["outcome"], r["decision"], r["reasons"]) for r in report["rows"]]
    return hashlib.sha256(json.dumps(decided).encode()).hexdigest()


def _key(caravan):
    return f"registration.import.{caravan.pk}"
