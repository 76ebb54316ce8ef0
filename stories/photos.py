"""Uploaded images checked by their content, as the letterhead checks logos (caravans/letterhead.py): Pillow
must read a JPEG or PNG of bounded size, which is then kept only as a new JPEG fitted in a box, turned upright
and without its metadata (EXIF carries the place and time a photo was taken, and sometimes the phone's owner)."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a phone's photo
MAX_PIXELS = 40_000_000  # a small file can still unpack into a huge image
PHOTO_BOX = (720, 720)  # twice a 360 px phone screen: sharp there, light on a rural connection
SCAN_BOX = (1600, 1600)  # a signed A4 form stays readable
QUALITY = 78


def fitted_jpeg(upload, box=PHOTO_BOX):
    """(JPEG bytes, width, height) of the uploaded image fitted in `box`, or ValidationError (code says why)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."), code="image_too_large")
    try:
        with Image.open(upload) as image:
            if image.format not in {"PNG", "JPEG"}:
                raise ValidationError(_("The image must be a JPEG or PNG file."), code="image_type")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(_("The image has too many pixels."), code="image_too_large")
            image.load()
            upright = ImageOps.exif_transpose(image)  # phones store portraits sideways with an EXIF turn
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("The image must be a JPEG or PNG file."), code="image_type") from None
    picture = upright.convert("RGB")  # a fresh image: no EXIF, ICC or comment comes along
    picture.thumbnail(box)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=QUALITY, optimize=True, progressive=True)
    return out.getvalue(), picture.width, picture.height


def is_pdf(upload):
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"
