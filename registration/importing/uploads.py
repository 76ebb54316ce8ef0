"""A list uploaded on a staff page, kept between its preview and its import, and what staff read about the
file: what each of its columns was read as, or why it was refused.

The file is kept under MEDIA_ROOT/imports/<token>/ (0600 in a 0700 folder), the token in the session and in the
confirmation form's body, never in a URL (a list is full of CINs and phones); it is deleted when refused, once
imported or failed (`work`), when another file is uploaded, or a day later by the next upload.
"""

import os
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


# The importer's refusals are one English line for the operator; staff read them in their own language. Each is
# recognised by its start, numbers (a line, a column) taken from it by name.
REFUSALS = [
    (
        r"the sheet '(?P<sheet>.*)' is too large: it reaches row (?P<row>[\d,]+) and column (?P<column>[A-Z]+): "
        r"at most (?P<rows>[\d,]+) rows and (?P<columns>\d+) columns",
        gettext_lazy(
            "The sheet %(sheet)s has cells as far as row %(row)s and column %(column)s, beyond what a list may "
            "hold (%(rows)s rows and %(columns)s columns): delete what lies outside the list, or copy the list "
            "alone into a new file, and try again."
        ),
    ),
    ("the file is too large", gettext_lazy("The file is too large.")),
    ("the sheet", gettext_lazy("The list is too long for one import: split it into several files.")),
    (
        "the list is too large",
        gettext_lazy("The list is too long for one import: split it into several files."),
    ),
    (
        r"the list is too wide: line (?P<line>[\d,]+) has (?P<count>[\d,]+) columns \(at most (?P<most>\d+)\)",
        gettext_lazy(
            "Line %(line)s of the file has %(count)s columns, and a list may have at most %(most)s: check the "
            "file's separators."
        ),
    ),
    (
        r"a cell is too long near line (?P<line>[\d,]+)",
        gettext_lazy(
            "A cell near line %(line)s is too long: check that every quotation mark of the file is closed."
        ),
    ),
    (
        "the merged cells cover too much",
        gettext_lazy("The sheet has too many merged cells: unmerge them and try again."),
    ),
    (
        "an old Excel file",
        gettext_lazy(
            "Old Excel files (.xls) are not accepted: open the file in Excel, save it as an Excel workbook "
            "(.xlsx) and upload it again."
        ),
    ),
    (
        r"the file mixes text encodings: line (?P<utf8>[\d,]+) is UTF-8, line (?P<other>[\d,]+) is not",
        gettext_lazy(
            "This file mixes two text encodings: line %(utf8)s is written in UTF-8 and line %(other)s in "
            "another one (such as Windows-1256), so names would be read wrong. Save the whole list again in "
            "one encoding (in Excel: CSV UTF-8), or as an Excel workbook (.xlsx)."
        ),
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
    """The translated sentence for an `ImportRefused` line, with the line or column it names."""
    for pattern, sentence in REFUSALS:
        if found := re.match(pattern, detail):
            numbers = {key: value.replace(",", "") for key, value in found.groupdict().items()}
            return str(sentence) % numbers if numbers else sentence
    return UNREADABLE


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
    """Save the upload as imports/<random token>/<its own name> (kept for the audit entry); its path. Only
    Qafila's own user may read it (0600 in a 0700 folder): a list is full of CINs and phones."""
    _folder().mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = _folder() / secrets.token_urlsafe(24)
    folder.mkdir(mode=0o700)
    name = get_valid_filename(Path(upload.name or "").name)[-100:] or "list"
    path = folder / name
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
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


def folder_of(pending):
    """The folder of a session's pending import, or None."""
    if not pending or not TOKEN.fullmatch(str(pending.get("token", ""))):
        return None
    folder = _folder() / pending["token"]
    return folder if folder.is_dir() else None


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
