"""Inviting a list of people to register, from the staff pages: the invitations sent so far with what became
of their SMS, the upload of a list, a preview (how many will be invited, how many have no phone that takes an
SMS, the duplicates, the text and its SMS count) with nothing saved, then the invitations (`invitations`). The
file is kept between the two steps as a registration list's is (`importing.uploads`).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caravans.access import caravan_for, roles_for
from core import audit
from core.permissions import allowed
from messaging import sms
from messaging.models import NotSentReason
from people.identifiers import display_phone
from people.models import mask_phone

from . import invitations as service
from .importing import ImportRefused, uploads

ACTION = "messages.send"
PAGE_SIZE = 100
SHOWN_ROWS = 200  # rows of the preview (a register's extract may hold thousands)


class InvitationListForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("List of people to invite (Excel or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the SMS"), choices=settings.LANGUAGES, initial="ar"
    )

    def clean_file(self):
        return uploads.within_size(self.cleaned_data["file"], service.MAX_BYTES)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def invitations(request, slug):
    caravan = caravan_for(request.user, slug, ACTION)
    form = InvitationListForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _list_page(request, caravan, form)
    language = form.cleaned_data["language"]
    uploads.discard(request, _key(caravan))
    uploads.forget_stale()
    path = uploads.store(form.cleaned_data["file"])
    try:
        listed = service.read_invitations(caravan, path)
    except ImportRefused as refusal:
        uploads.remove(path)
        return _list_page(request, caravan, InvitationListForm(initial={"language": language}), refusal)
    token = path.parent.name
    request.session[_key(caravan)] = {"token": token, "name": path.name, "language": language}
    context = {"caravan": caravan, "token": token, "name": path.name, "language": language}
    text = service.message_text(caravan, language)
    personal_data = allowed(roles_for(request.user, caravan), "personal_data.view")
    context |= _shown(listed, text, personal_data)
    return render(request, "registration/invitations_preview.html", context)


@require_POST
@login_required
def invitations_confirm(request, slug):
    caravan = caravan_for(request.user, slug, ACTION)
    pending = request.session.get(_key(caravan))
    path = uploads.kept(pending)
    if path is None or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            _("This list is no longer waiting to be invited (invited already, or another file uploaded since): "
              "upload it again."),
        )  # fmt: skip
        return redirect("registration:staff_invitations", slug=caravan.slug)
    try:
        _listed, made = service.invite(caravan, path, language=pending["language"], by=request.user)
    except ImportRefused as refusal:  # the file is the previewed one: only if the disk failed in between
        return _list_page(request, caravan, InvitationListForm(), refusal)
    finally:
        uploads.discard(request, _key(caravan))
    messages.success(
        request,
        ngettext("%(count)d person invited by SMS.", "%(count)d people invited by SMS.", len(made))
        % {"count": len(made)},
    )
    return redirect("registration:staff_invitations", slug=caravan.slug)


def _list_page(request, caravan, form, refusal=None):
    """The upload form and the invitations sent so far, with their SMS's status and the registration made."""
    personal_data = allowed(roles_for(request.user, caravan), "personal_data.view")
    found = caravan.invitations.select_related("message", "registration", "province")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (invitation, _phone(invitation.phone, personal_data), _sms_status(invitation.message))
        for invitation in page.object_list
    ]
    if personal_data and rows:
        audit.record(request.user, "personal_data.viewed", caravan, page="invitations")
    context = {
        "caravan": caravan,
        "form": form,
        "limit_mb": service.MAX_BYTES // (1024 * 1024),
        "page": page,
        "rows": rows,
        "registered": caravan.invitations.exclude(registration=None).count(),
    }
    if refusal is not None:
        context["refusal"] = uploads.refusal_sentence(str(refusal))
        context["refusal_detail"] = str(refusal)
    return render(request, "registration/invitations.html", context)


def _shown(listed, text, personal_data):
    """The preview: the counts, the SMS and its cost, what each column was read as, the rows."""
    lang = "fr" if (get_language() or "").startswith("fr") else "ar"
    to_invite = len(listed.to_invite)
    parts = sms.segments(text)
    problems = [row for row in listed.rows if row.outcome != service.INVITE]
    return {
        "to_invite": to_invite,
        "no_phone": listed.count(*service.NO_VALID_PHONE),
        "duplicates": listed.count(*service.DUPLICATES),
        "missing_name": listed.count(service.MISSING_NAME),
        "text": text,
        "segments": parts,
        "sms_count": parts.parts * to_invite,
        "read_as": uploads.read_as_words(listed.header.read_as(), lang, used=service.USED_COLUMNS),
        "sheet": listed.sheet,
        "rows": [
            (row, _phone(row.phone, personal_data), service.sentence(row.outcome))
            for row in (problems + listed.to_invite)[:SHOWN_ROWS]
        ],
        "rows_more": max(0, len(listed.rows) - SHOWN_ROWS),
    }


def _sms_status(message):
    """What became of an invitation's SMS, in words ("Not sent: no gateway is configured")."""
    if message is None:
        return ""
    if message.reason in NotSentReason.values:
        return f"{message.get_status_display()}: {NotSentReason(message.reason).label}"
    return message.get_status_display()


def _phone(phone, personal_data):
    return display_phone(phone) if personal_data else mask_phone(phone)


def _key(caravan):
    return f"invitation.import.{caravan.pk}"
