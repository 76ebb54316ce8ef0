"""What tests need to check a document: its text in reading order, its fonts, and its pages as images.

pypdf (already a dependency) extracts Arabic words in logical (reading) order; pdfminer.six gives them reversed.
Its limits: on a line mixing Arabic and digits it misplaces the digits ("فبراير4"), and cells that share a line
come out right to left; so assert whole Arabic phrases, and numbers or times that fill a left-to-right run alone.
Text is NFKC-normalised (Arabic presentation forms → letters) with runs of whitespace made one space.
"""

import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from .render import FONTS

ARTIFACTS_DIR = Path(__file__).resolve().parent.parent / "test-artifacts"  # gitignored: PNGs for humans
PROJECT_FONT_NAMES = {
    name for family in FONTS for name in (family.replace(" ", "-"), family.replace(" ", "-") + "-Bold")
}


def pages_text(pdf):
    """The text of each page, normalised for comparison."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text()).split()) for page in _reader(pdf).pages
    ]


def embedded_fonts(pdf):
    """{font name without its subset tag: PDF encoding} of every font the document uses.

    WeasyPrint writes `/Identity-H` unless a character had no glyph in the font, then a custom CMap."""
    fonts = {}
    for page in _reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/"))
            encoding = font["/Encoding"].get_object()
            fonts[name] = str(encoding) if isinstance(encoding, str) else str(encoding.get("/CMapName"))
    return fonts


def rasterise(pdf, name, resolution=70):
    """Write each page as `test-artifacts/<name>-<n>.png` with poppler's pdftoppm; return the PNG paths.

    Skips the calling test when pdftoppm is missing, except in CI (env CI=true) where that is an error."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        if os.environ.get("CI") == "true":
            raise RuntimeError("pdftoppm is missing: install poppler-utils in the CI image")
        pytest.skip("pdftoppm (poppler-utils) is not installed; it is required when CI=true")
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    for old in ARTIFACTS_DIR.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", str(resolution), "-png", "-", str(ARTIFACTS_DIR / name)],
        input=pdf,
        check=True,
        timeout=60,
    )
    return sorted(ARTIFACTS_DIR.glob(f"{name}-*.png"))


def _reader(pdf):
    return PdfReader(io.BytesIO(pdf))
