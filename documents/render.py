"""The one PDF path: a template under templates/documents/ → PDF bytes, with the fonts the project ships."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


def render_pdf(template_name, context, *, language=None):
    """Render `template_name` with `context` in `language` (default: the active one) and return PDF bytes."""
    from weasyprint import HTML  # imported late: loading Pango costs ~0.3 s and most requests need no PDF

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, {**context, "fonts_dir": FONTS_DIR.as_uri()})
    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf()
