"""A caravan's own account: its budget lines in dirhams, its observations and recommendations, photos of its days.

`totals(caravan)` is the one sum the account page, the report and its cost-per figures read. Photos are checked by
their content, never by their name: Pillow must read a JPEG, PNG or WebP of at most MAX_PHOTO_BYTES and
MAX_PHOTO_PIXELS, which is then stored as a new JPEG of at most PHOTO_SIDE pixels on its long side, without the
original's metadata (EXIF holds the phone, the time and often the place). Photos show faces: they are kept
private (0600 in a 0700 folder under MEDIA_ROOT) and served only through a view that checks `report.view`.
"""

import base64
import io
import math
import os
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core import audit

from .models import BudgetLine, CaravanPhoto

ZERO = Decimal(0)
MAX_LINE_MAD = Decimal("5000000")  # five million dirhams for one line of a caravan's days is a typing slip
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000  # a 48-megapixel phone's photo; a small file can still unpack into far more
PHOTO_SIDE = 1600  # enough for a page and a printed report
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
PHOTO_FOLDER = "caravan-photos"
BASIS_LABELS = {"spent": _("amounts spent"), "planned": _("planned budget")}


@dataclass
class CategoryTotal:
    category: str
    label: str
    lines: list = field(default_factory=list)
    planned: Decimal = ZERO
    spent: Decimal | None = None  # None while no line of the category has an amount spent

    @property
    def difference(self):
        """Spent minus planned (over budget when positive), None while nothing is spent."""
        return None if self.spent is None else self.spent - self.planned


@dataclass
class Totals:
    """A caravan's budget: per category (those with lines, in the categories' order) and overall."""

    categories: list
    planned: Decimal
    spent: Decimal | None  # the amounts spent so far; lines without one count for nothing
    lines_without_spent: int

    @property
    def difference(self):
        return None if self.spent is None else self.spent - self.planned

    @property
    def basis(self):
        """What the caravan cost, for the report's cost-per figures: "spent" as soon as one line has an amount
        spent, else "planned"; None without any line."""
        if not self.categories:
            return None
        return "spent" if self.spent is not None else "planned"

    @property
    def cost_basis(self):
        """The amount the cost-per figures divide (Decimal), or None when the caravan has no budget line."""
        return {"spent": self.spent, "planned": self.planned, None: None}[self.basis]

    @property
    def basis_label(self):
        return BASIS_LABELS.get(self.basis, "")


def totals(caravan):
    """The caravan's budget lines summed per category and overall (`Totals`)."""
    by_category = {}
    labels = dict(BudgetLine.Category.choices)
    for line in caravan.budget_lines.all():
        found = by_category.setdefault(line.category, CategoryTotal(line.category, labels[line.category]))
        found.lines.append(line)
        found.planned += line.planned_mad
        if line.spent_mad is not None:
            found.spent = (found.spent or ZERO) + line.spent_mad
    categories = [by_category[key] for key in labels if key in by_category]
    spent = [c.spent for c in categories if c.spent is not None]
    return Totals(
        categories=categories,
        planned=sum((c.planned for c in categories), ZERO),
        spent=sum(spent, ZERO) if spent else None,
        lines_without_spent=sum(1 for c in categories for line in c.lines if line.spent_mad is None),
    )


# --- Writes: each one function with its audit entry -------------------------------------------------------------


@transaction.atomic
def save_budget_line(actor, line):
    """Add or change a budget line (its form has checked the amounts)."""
    added = line.pk is None
    line.save()
    audit.record(
        actor,
        "account.budget_line_added" if added else "account.budget_line_saved",
        line.caravan,
        line=line.pk,
        category=line.category,
        planned=str(line.planned_mad),
        spent=None if line.spent_mad is None else str(line.spent_mad),
    )


@transaction.atomic
def delete_budget_line(actor, line):
    audit.record(
        actor,
        "account.budget_line_deleted",
        line.caravan,
        line=line.pk,
        category=line.category,
        planned=str(line.planned_mad),
    )
    line.delete()


@transaction.atomic
def save_notes(actor, caravan, observations, recommendations):
    """The caravan's observations and recommendations, as the report prints them."""
    caravan.observations, caravan.recommendations = observations, recommendations
    caravan.save(update_fields=["observations", "recommendations", "updated"])
    audit.record(actor, "account.notes_saved", caravan)


def add_photo(actor, caravan, upload, caption="", day=None):
    """Check `upload`, store it resized and stripped as a private JPEG, and record it; nothing is kept on a
    refusal (ValidationError, its code says why)."""
    jpeg, width, height = photo_jpeg(upload)
    name = _store(caravan, jpeg)
    try:
        with transaction.atomic():
            photo = CaravanPhoto.objects.create(
                caravan=caravan,
                image=name,
                caption=caption,
                day=day,
                width=width,
                height=height,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit.record(actor, "account.photo_added", caravan, photo=photo.pk, width=width, height=height)
    except BaseException:
        _path(name).unlink(missing_ok=True)
        raise
    return photo


def delete_photo(actor, photo):
    """Forget the photo, then delete its file once that is committed."""
    name = photo.image.name
    with transaction.atomic():
        audit.record(actor, "account.photo_deleted", photo.caravan, photo=photo.pk)
        photo.delete()
        transaction.on_commit(lambda: _path(name).unlink(missing_ok=True))


# --- Photos: checked, resized, stored privately -----------------------------------------------------------------


def photo_jpeg(upload, side=PHOTO_SIDE):
    """(JPEG bytes, width, height) of the uploaded photo at most `side` pixels on its long side, turned upright and
    without metadata; ValidationError (code `photo_too_large`, `photo_type` or `photo_unreadable`) otherwise."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than %(limit)s MB.") % {"limit": MAX_PHOTO_BYTES // (1024 * 1024)},
            code="photo_too_large",
        )
    try:
        with Image.open(upload) as image:  # reads the header only: format and size, before any pixel
            _check(image)
            image.verify()  # the file's structure (chunks and their checksums), still without decoding
        upload.seek(0)
        with Image.open(upload) as image:  # verify() leaves the image unusable: open it again to decode
            _check(image)
            scale = min(1, side / max(image.size))
            # A JPEG decodes straight at a fraction of its size, never smaller than what is kept.
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            image.thumbnail((side, side), Image.Resampling.LANCZOS)
            # Phones shoot in wider colour spaces than the web's: keep the profile that says how to show them.
            colours = image.info.get("icc_profile")
            photo = _flat(ImageOps.exif_transpose(image))  # phones store portraits sideways with an EXIF turn
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _unreadable() from None
    photo.info.clear()  # EXIF, XMP, comments: none of the original's metadata goes with the pixels
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=85, optimize=True, icc_profile=colours)
    return out.getvalue(), photo.width, photo.height


def _check(image):
    if not image.width or not image.height:
        raise _unreadable()
    if image.format not in PHOTO_FORMATS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="photo_type")
    if image.width * image.height > MAX_PHOTO_PIXELS:
        raise _too_many_pixels()


def _unreadable():
    return ValidationError(
        _("This file cannot be read as a photo: send a JPEG, PNG or WebP image."), code="photo_unreadable"
    )


def _too_many_pixels():
    return ValidationError(
        _("The photo has too many pixels: at most %(limit)s million.")
        % {"limit": MAX_PHOTO_PIXELS // 1_000_000},
        code="photo_too_large",
    )


def _flat(image):
    """RGB on white: JPEG has no transparency (a transparent PNG would turn black)."""
    if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _store(caravan, jpeg):
    """Write the JPEG as caravan-photos/<slug>/<random>.jpg, readable by Qafila's own user only; its name."""
    folder = Path(settings.MEDIA_ROOT) / PHOTO_FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (folder / caravan.slug).mkdir(mode=0o700, exist_ok=True)
    name = f"{PHOTO_FOLDER}/{caravan.slug}/{secrets.token_urlsafe(18)}.jpg"
    with os.fdopen(os.open(_path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        out.write(jpeg)
    return name


def _path(name):
    return Path(settings.MEDIA_ROOT) / name


def photo_bytes(photo):
    """The stored JPEG, or None when its file is gone (a media folder not carried over)."""
    try:
        return _path(photo.image.name).read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None


def photo_data_uri(photo, side=800):
    """The photo as a data: URI at most `side` pixels (documents load nothing else), or "" when its file is
    gone."""
    stored = photo_bytes(photo)
    if stored is None:
        return ""
    with Image.open(io.BytesIO(stored)) as image:
        image.thumbnail((side, side))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()
