"""Importing a registration list from the staff pages: upload, a preview of every row, then the import.

The preview is the importer's dry run: every row decided exactly as the import would, nothing written. The
file is kept between the two steps under MEDIA_ROOT/imports/<token>/, the token in the session and in the
confirmation form's body, never in a URL (a list is full of CINs and phones); it is deleted after the import,
when another file is uploaded, or a day later by the next upload. The import re-decides every row (others may
have registered in between) and the page says so when its outcome differs from the preview's. The importer
itself writes the audit entry of the import.
"""

import hashlib
import json
import re
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caravans.access import caravan_for

from ..models import Decision
from .lists import DECISIONS, MAX_BYTES, MAX_ROWS, OUTCOMES, ImportRefused, import_registrations
from .reading import is_blank, read_row, row_values
from .spreadsheets import read_table

STALE_SECONDS = 24 * 3600  # an upload never confirmed is deleted by the next upload after a day
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")

OUTCOME_LABELS = {
    "created": gettext_lazy("New registration"),
    "updated": gettext_lazy("Registration completed"),
    "unchanged": gettext_lazy("Already imported, unchanged"),
    "duplicate": gettext_lazy("Duplicate, not saved"),
    "invalid": gettext_lazy("Unreadable row, not saved"),
}

# The importer's refusals are one English line for the operator; staff read them in their own language.
REFUSALS = [
    ("the file is too large", gettext_lazy("The file is too large.")),
    ("the sheet", gettext_lazy("The list is too long for one import: split it into several files.")),
    (
        "the list is too large",
        gettext_lazy("The list is too long for one import: split it into several files."),
    ),
    ("the file is empty", gettext_lazy("The file is empty.")),
    (
        "no recognisable header row",
        gettext_lazy(
            "No row of column titles was found in the first lines of the file: the list needs titles such "
            "as the full name, the CIN and the phone."
        ),
    ),
]
UNREADABLE = gettext_lazy(
    "This file cannot be read as a list: save it as Excel (.xlsx) or CSV and try again."
)

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Registration list (Excel or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(limit)d MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
            )
        return upload


@require_get_or_post
@login_required
def import_upload(request, slug):
    caravan = caravan_for(request.user, slug, "registration.import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, caravan, form)
    _discard(request, caravan)
    _forget_stale()
    path = _stored(form.cleaned_data["file"])
    try:
        report = import_registrations(caravan, path, actor=request.user, dry_run=True)
    except ImportRefused as refusal:
        shutil.rmtree(path.parent, ignore_errors=True)
        return _upload_page(request, caravan, UploadForm(), refusal)
    token = path.parent.name
    request.session[_key(caravan)] = {
        "token": token,
        "name": path.name,
        "digest": _digest(report),
        "summary": report["summary"],
    }
    context = {"token": token, "name": path.name, **_shown(report, path)}
    return render(request, "registration/import/preview.html", {"caravan": caravan, **context})


@require_POST
@login_required
def import_confirm(request, slug):
    caravan = caravan_for(request.user, slug, "registration.import")
    pending = request.session.get(_key(caravan))
    path = _path(pending)
    if path is None or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            _("This preview is no longer waiting to be imported (imported already, or another file uploaded "
              "since): upload the list again."),
        )  # fmt: skip
        return redirect("registration:staff_import", slug=caravan.slug)
    try:
        report = import_registrations(caravan, path, actor=request.user)
        shown = _shown(report, path)
    except ImportRefused as refusal:  # the file is the previewed one: only if the disk failed in between
        return _upload_page(request, caravan, UploadForm(), refusal)
    finally:
        _discard(request, caravan)
    context = {
        "caravan": caravan,
        "name": pending["name"],
        "changed": _digest(report) != pending["digest"],
        "previewed": _counts(pending["summary"]),
        **shown,
    }
    return render(request, "registration/import/result.html", context)


# --- The page ------------------------------------------------------------------------------------------


def _upload_page(request, caravan, form, refusal=None):
    context = {"caravan": caravan, "form": form, "limit_mb": MAX_BYTES // (1024 * 1024), "max_rows": MAX_ROWS}
    if refusal is not None:
        context["refusal"] = _refusal_sentence(str(refusal))
        context["refusal_detail"] = str(refusal)
    return render(request, "registration/import/upload.html", context)


def _refusal_sentence(detail):
    return next((sentence for start, sentence in REFUSALS if detail.startswith(start)), UNREADABLE)


def _shown(report, path):
    """The report as the page shows it: counts, and every row with its name and its sentences."""
    names = _names(path)
    lang = "fr" if (get_language() or "").startswith("fr") else "ar"
    rows = [
        {
            "number": result["row"],
            "name": names.get(result["row"], ("", "")),
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


def _names(path):
    """Row number → (Arabic name, Latin name), read from the file as the importer reads it."""
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    names = {}
    for number, cells in table.rows:
        raw = row_values(table.header, cells)
        if not is_blank(raw):
            row = read_row(raw)
            names[number] = (row.full_name_ar, row.full_name_latin)
    return names


def _digest(report):
    """What the rows became (not the ids: a dry run's are rolled back), to tell whether the import differs."""
    decided = [(r["row"], r["outcome"], r["decision"], r["reasons"]) for r in report["rows"]]
    return hashlib.sha256(json.dumps(decided).encode()).hexdigest()


# --- The file kept between preview and import ----------------------------------------------------------


def _key(caravan):
    return f"registration.import.{caravan.pk}"


def _folder():
    return Path(settings.MEDIA_ROOT) / "imports"


def _stored(upload):
    """Save the upload as imports/<random token>/<its own name> (kept for the audit entry); its path."""
    folder = _folder() / secrets.token_urlsafe(24)
    folder.mkdir(parents=True)
    name = get_valid_filename(Path(upload.name or "").name)[-100:] or "list"
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def _path(pending):
    """The kept file of a session's pending import, or None."""
    if not pending or not TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    path = _folder() / pending["token"] / Path(str(pending.get("name", ""))).name
    return path if path.is_file() else None


def _discard(request, caravan):
    pending = request.session.pop(_key(caravan), None)
    if pending and TOKEN.fullmatch(str(pending.get("token", ""))):
        shutil.rmtree(_folder() / pending["token"], ignore_errors=True)


def _forget_stale():
    folder = _folder()
    if not folder.is_dir():
        return
    limit = time.time() - STALE_SECONDS
    for kept in folder.iterdir():
        try:
            if TOKEN.fullmatch(kept.name) and kept.stat().st_mtime < limit:
                shutil.rmtree(kept, ignore_errors=True)
        except OSError:
            continue  # removed meanwhile by another request
