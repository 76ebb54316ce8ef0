"""QR codes as inline SVG (no file, no fetch), for pages shown on a screen and for printed documents."""

import segno
from django.utils.safestring import mark_safe


def qr_svg(text, *, border=2):
    """The QR code of `text` as an SVG element sized by the stylesheet; `border` in modules (0 on paper, where
    the layout leaves the quiet zone).

    A full QR code, never a Micro QR (segno's choice for short texts) that most phone scanners cannot read.
    Safe as HTML: segno writes only the modules' path, never the encoded text."""
    svg = segno.make(text, error="m", micro=False).svg_inline(
        border=border, omitsize=True, svgclass="qr", lineclass=None
    )
    return mark_safe(svg)
