"""A list uploaded on a staff page, kept between its preview and its import, and what staff read about the
file: what each of its columns was read as, or why it was refused.

The file is kept under MEDIA_ROOT/imports/<token>/, the token in the session and in the confirmation form's
body, never in a URL (a list is full of CINs and phones); it is deleted after the import, when another file
is uploaded, or a day later by the next upload.
"""

import re
import secrets
import shutil
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .reading import columns

STALE_SECONDS = 24 * 3600  # an upload never confirmed is deleted by the next upload after a day
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def within_size(upload, max_bytes):
    """The uploaded file, or a form error saying the limit when it is larger."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large: at most %(limit)d MB.") % {"limit": max_bytes // (1024 * 1024)}
        )
    return upload


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
    (
        "no right-holder in the list",
        gettext_lazy("No row of the list has a name or a CIN: no right-holder can be read from it."),
    ),
]
UNREADABLE = gettext_lazy(
    "This file cannot be read as a list: save it as Excel (.xlsx) or CSV and try again."
)


def refusal_sentence(detail):
    """The translated sentence for an `ImportRefused` line."""
    return next((sentence for start, sentence in REFUSALS if detail.startswith(start)), UNREADABLE)


def read_as_words(read_as, lang, used=None):
    """[(header as written, what it was read as, whether it is imported)] from `HeaderMap.read_as()`: the
    column's own header in `lang` ("ar" or "fr"), or why the column is not imported. `used`: the columns
    this kind of list imports (all when None)."""
    labels = {column["key"]: column[lang] for column in columns()}
    return [(text, *_in_words(key, repeated, labels, used)) for text, key, repeated in read_as]


def _in_words(key, repeated, labels, used):
    if key and (used is None or key in used):
        return labels[key], True
    if key:
        return _("Not used for this list"), False
    if repeated:
        return _("Not imported: this column was already read from an earlier one"), False
    return _("Not imported: column not recognised"), False


def store(upload):
    """Save the upload as imports/<random token>/<its own name> (kept for the audit entry); its path."""
    folder = _folder() / secrets.token_urlsafe(24)
    folder.mkdir(parents=True)
    name = get_valid_filename(Path(upload.name or "").name)[-100:] or "list"
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def remove(path):
    """Delete a stored upload (its folder)."""
    shutil.rmtree(path.parent, ignore_errors=True)


def kept(pending):
    """The kept file of a session's pending import ({"token", "name", …}), or None."""
    if not pending or not TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    path = _folder() / pending["token"] / Path(str(pending.get("name", ""))).name
    return path if path.is_file() else None


def discard(request, key):
    """Forget the session's pending import under `key`, and its file."""
    pending = request.session.pop(key, None)
    if pending and TOKEN.fullmatch(str(pending.get("token", ""))):
        shutil.rmtree(_folder() / pending["token"], ignore_errors=True)


def forget_stale():
    """Delete the uploads never confirmed, a day on."""
    folder = _folder()
    if not folder.is_dir():
        return
    limit = time.time() - STALE_SECONDS
    for found in folder.iterdir():
        try:
            if TOKEN.fullmatch(found.name) and found.stat().st_mtime < limit:
                shutil.rmtree(found, ignore_errors=True)
        except OSError:
            continue  # removed meanwhile by another request


def _folder():
    return Path(settings.MEDIA_ROOT) / "imports"
