"""A story's photos and the scan of its signed consent form: checked and re-encoded by the one photo routine
(`caravans.account.photo_jpeg`: content-checked, bounded, upright, without metadata), at the sizes a story needs."""

from caravans.account import photo_jpeg

MAX_PDF_BYTES = 10 * 1024 * 1024  # a signed form scanned to PDF, kept as sent
PHOTO_SIDE = 720  # twice a 360 px phone screen: sharp there, light on a rural connection
SCAN_SIDE = 1600  # a signed A4 form stays readable


def fitted_jpeg(upload, side=PHOTO_SIDE):
    """(JPEG bytes, width, height) of the uploaded image at most `side` pixels long, or ValidationError."""
    return photo_jpeg(upload, side=side)


def is_pdf(upload):
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"
