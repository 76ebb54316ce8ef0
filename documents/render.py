"""The one PDF path: a template under templates/documents/ → PDF bytes, with the fonts the project ships.

Text is set only with the fonts in `documents/fonts/` (Noto Naskh Arabic, Noto Sans, Noto Sans Tifinagh):
WeasyPrint gets a font configuration that holds no system font at all, so a PDF looks the same on a fresh server
without any Arabic font as on a developer's laptop, and a character our fonts lack shows up as a missing glyph
(which the tests catch) instead of silently coming from whatever the machine has installed.
"""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

FONTS_DIR = Path(__file__).resolve().parent / "fonts"

# CSS family → font files (normal, bold). Templates name only these families (see documents/base.html).
# Tifinagh has no bold face: the letterhead's Tamazight line is set in the regular one.
FONTS = {
    "Noto Naskh Arabic": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    "Noto Sans": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "Noto Sans Tifinagh": ("NotoSansTifinagh-Regular.ttf",),
}
FONT_FACES = "\n".join(
    f'@font-face {{ font-family: "{family}"; src: url("{(FONTS_DIR / file).as_uri()}"); font-weight: {weight}; }}'
    for family, files in FONTS.items()
    for file, weight in zip(files, ("normal", "bold"), strict=False)
)


def pdf_response(pdf, filename):
    """PDF bytes as a response the browser shows (and saves as `filename`)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def render_pdf(template_name, context, *, language=None):
    """Render `template_name` with `context` in `language` (default: the active one) and return PDF bytes."""
    # Imported late: loading Pango costs ~0.3 s and most requests need no PDF.
    from weasyprint import CSS, HTML
    from weasyprint.text.ffi import ffi, fontconfig, pangoft2
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    # An empty Fontconfig configuration in place of the system one: only our @font-face fonts get added to it.
    if not hasattr(fontconfig, "FcConfigCreate"):  # WeasyPrint's bindings do not declare it
        ffi.cdef("FcConfig * FcConfigCreate (void);")
    fonts = FontConfiguration()
    fonts._config = fontconfig.FcConfigCreate()
    pangoft2.pango_fc_font_map_set_config(ffi.cast("PangoFcFontMap *", fonts.font_map), fonts._config)
    fontconfig.FcConfigDestroy(fonts._config)  # the font map holds its own reference

    class ProjectFilesOnly(URLFetcher):
        # Documents hold user-written text: never let a URL in them reach the network or the disk around us.
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            path = (
                Path(url2pathname(parts.path)).resolve()
                if parts.scheme == "file" and not parts.netloc
                else None
            )
            if parts.scheme == "data" or (path and path.is_relative_to(FONTS_DIR)):
                return super().fetch(url, headers)
            raise ValueError(f"documents may only load the project's fonts, not {url!r}")

    with translation.override(language or translation.get_language()):
        html = render_to_string(template_name, context)
    fetcher = ProjectFilesOnly()
    document = HTML(string=html, base_url=FONTS_DIR.as_uri() + "/", url_fetcher=fetcher)
    font_faces = CSS(string=FONT_FACES, font_config=fonts, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[font_faces], font_config=fonts)
