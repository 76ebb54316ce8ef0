"""A caravan's letterhead: the kingdom's lines, its authorities, its partners' logos and who signs what.

Every document prints the same letterhead (`letterhead_of`); organisers edit it on the letterhead page. Logos are
checked by their content, never by their name: Pillow must read a PNG or JPEG of at most MAX_LOGO_BYTES, which is
then stored as a PNG of at most LOGO_BOX pixels. SVG is refused: a drawing can carry scripts and links to other
files, and nothing installed here can make it safe or turn it into pixels.
"""

import base64
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from core import audit
from core.i18n import active_language

from .models import Letterhead, Partnership

# Fixed in every language: the Arabic, Tamazight (Tifinagh) and French names of the kingdom.
KINGDOM = ("المملكة المغربية", "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ", "Royaume du Maroc")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # a small file can still unpack into a huge image
LOGO_BOX = (600, 300)  # 50 × 25 mm at 300 dpi: more than a letterhead prints


@dataclass
class Partner:
    name: str
    logo: str  # a data: URI (documents load nothing else) or ""


@dataclass
class Sheet:
    """What one document prints at its head and foot."""

    authorities_ar: list
    authorities_fr: list
    partners: list
    organisers: list = field(default_factory=list)
    signatories: list = field(default_factory=list)
    kingdom: tuple = KINGDOM

    @property
    def authorities(self):
        """The authorities in the active language, from the ministry down."""
        return self.authorities_ar if active_language() == "ar" else self.authorities_fr


def letterhead_for(caravan):
    """The caravan's saved letterhead, or the default one (not saved) when organisers never edited it."""
    return Letterhead.objects.filter(caravan=caravan).first() or Letterhead(caravan=caravan)


def letterhead_of(caravan, document):
    """The authorities, partners (in their order) and signatories that `document` of `caravan` prints.

    Partner names follow the active language; without a saved caravan (a project's dossier before any caravan, a
    preview) only the default ministry and directorate."""
    if not getattr(caravan, "pk", None):
        caravan = None
    head = letterhead_for(caravan) if caravan else Letterhead()
    lines = {
        language: [
            line
            for line in (
                getattr(head, f"{part}_{language}") for part in ("ministry", "directorate", "territory")
            )
            if line
        ]
        for language in ("ar", "fr")
    }
    if not caravan:
        return Sheet(lines["ar"], lines["fr"], [])
    partnerships = caravan.partnerships.select_related("organisation")
    # The authorities are often partners too (the directorate organises, the prefecture hosts): print them once.
    printed = {
        line for language in ("ar", "fr") for line in [*lines[language], " – ".join(lines[language][:2])]
    }
    partnerships = [p for p in partnerships if not {p.organisation.name_ar, p.organisation.name_fr} & printed]
    partners = [Partner(p.organisation.name, _data_uri(p.logo)) for p in partnerships]
    organisers = [p.organisation.name for p in partnerships if p.role != Partnership.Role.PARTNER]
    signatories = list(caravan.signatories.filter(document=document))
    return Sheet(lines["ar"], lines["fr"], partners, organisers, signatories)


def _data_uri(logo):
    if not logo:
        return ""
    try:
        with logo.open("rb") as file:
            return "data:image/png;base64," + base64.b64encode(file.read()).decode()
    except FileNotFoundError:  # a media folder not carried over: print the name without the logo
        return ""


def save_letterhead(actor, letterhead):
    letterhead.save()
    audit.record(actor, "caravan.letterhead_changed", letterhead.caravan)


def add_signatory(actor, signatory):
    signatory.save()
    audit.record(actor, "caravan.signatory_added", signatory.caravan, document=signatory.document)


def remove_signatory(actor, signatory):
    audit.record(actor, "caravan.signatory_removed", signatory.caravan, document=signatory.document)
    signatory.delete()


def logo_png(upload):
    """The uploaded logo as PNG bytes fitted in LOGO_BOX, or ValidationError (code says why)."""
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo is larger than 2 MB."), code="logo_too_large")
    head = upload.read(1024).removeprefix(b"\xef\xbb\xbf").lstrip()  # SVG is XML: maybe a BOM, then "<"
    upload.seek(0)
    if head.startswith(b"<"):
        raise ValidationError(
            _("SVG logos are not accepted: export the logo as PNG or JPEG."), code="logo_svg"
        )
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG"}:
                raise ValidationError(_("The logo must be a PNG or JPEG image."), code="logo_type")
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise ValidationError(_("The logo's image is too large."), code="logo_too_large")
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="logo_type") from None
    image.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@transaction.atomic
def set_logo(actor, partnership, upload):
    """Check `upload` and store it as the partnership's logo, replacing the old one; nothing saved on a refusal."""
    png = logo_png(upload)
    old = partnership.logo.name
    partnership.logo.save(f"{partnership.caravan.slug}-{partnership.pk}.png", ContentFile(png), save=False)
    Partnership.objects.filter(pk=partnership.pk).update(logo=partnership.logo.name)
    if old and old != partnership.logo.name:
        partnership.logo.storage.delete(old)
    audit.record(actor, "caravan.partner_logo_set", partnership.caravan, partner=partnership.organisation_id)


def copy_logo(logo, partnership):
    """`logo` (another caravan's) as `partnership`'s own file: replacing or removing one deletes its file."""
    if not logo:
        return
    try:
        with logo.open("rb") as file:
            png = file.read()
    except FileNotFoundError:  # a media folder not carried over: the copy has no logo, as its documents show
        return
    partnership.logo.save(f"{partnership.caravan.slug}-{partnership.pk}.png", ContentFile(png), save=False)
    Partnership.objects.filter(pk=partnership.pk).update(logo=partnership.logo.name)


def remove_logo(actor, partnership):
    if partnership.logo:
        partnership.logo.delete(save=False)
        Partnership.objects.filter(pk=partnership.pk).update(logo="")
        audit.record(
            actor, "caravan.partner_logo_removed", partnership.caravan, partner=partnership.organisation_id
        )
