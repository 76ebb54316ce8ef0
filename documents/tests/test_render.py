import json
import logging
import os
import subprocess
import sys

import pytest
from PIL import Image

from documents.render import FONTS_DIR, render_pdf
from documents.testing import PROJECT_FONT_NAMES, embedded_fonts, pages_text, rasterise

PAGE = """{% extends "documents/base.html" %}{% load documents %}{% block content %}
<h1>قافلة دراسية وتحسيسية لدعم مشاريع التعاونيات السلالية</h1>
<p>تبدأ الجلسة الأولى على الساعة 09:30 وتنتهي على الساعة 10:15.</p>
<p>الجلسة الثانية: {{ "10:30–12:00"|ltr }} بالقاعة الكبرى</p>
<p>{{ extra }}</p>
{% endblock %}"""

FETCHES = """{% extends "documents/base.html" %}{% block content %}
<link rel="stylesheet" href="http://example.invalid/style.css"><img src="file:///etc/hostname" alt="">
<img src="{{ fonts_dir }}/../../qafila/settings.py" alt="">
<p>Rien d'autre.</p>{% endblock %}"""

LONG_TABLE = """{% extends "documents/base.html" %}{% block content %}
<table><thead><tr><th>Horaire</th><th>Séance</th></tr></thead><tbody>
{% for n in rows %}<tr><td>{{ n }}</td><td>Séance numéro {{ n }}<br>deuxième ligne<br>troisième ligne</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""


@pytest.fixture
def templates(settings):
    """Documents written for the test, extending the real documents/base.html."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "documents/test_page.html": PAGE,
                            "documents/test_fetches.html": FETCHES,
                            "documents/test_long_table.html": LONG_TABLE,
                        },
                    ),
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]


def test_it_writes_arabic_words_joined_and_in_reading_order(templates):
    pdf = render_pdf("documents/test_page.html", {}, language="ar")
    (text,) = pages_text(pdf)
    assert "قافلة دراسية وتحسيسية لدعم مشاريع التعاونيات السلالية" in text
    assert "تبدأ الجلسة الأولى على الساعة" in text


def test_it_keeps_times_left_to_right_inside_arabic_text(templates):
    (text,) = pages_text(render_pdf("documents/test_page.html", {}, language="ar"))
    assert "09:30" in text and "10:15" in text
    assert "30:09" not in text and "15:10" not in text
    assert "10:30–12:00" in text  # a range marked `ltr`; unmarked, the bidi algorithm shows 12:00–10:30
    assert "12:00–10:30" not in text


def test_it_embeds_only_the_fonts_the_project_ships(templates):
    pdf = render_pdf("documents/test_page.html", {"extra": "Séance d'ouverture — 1/2"}, language="ar")
    fonts = embedded_fonts(pdf)
    assert set(fonts) <= PROJECT_FONT_NAMES
    assert {"Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold"} <= set(fonts)
    # A custom encoding would mean a character without a glyph, printed as an empty box.
    assert set(fonts.values()) == {"/Identity-H"}


def test_it_never_borrows_a_system_font_for_a_character_ours_lack(templates):
    # Debian's DejaVu Sans (installed nearly everywhere) has ✓ and ☐; our fonts don't. With the system's font
    # configuration WeasyPrint would embed DejaVu for them; ours must show a missing glyph instead.
    pdf = render_pdf("documents/test_page.html", {"extra": "✓ ☐"}, language="ar")
    fonts = embedded_fonts(pdf)
    assert set(fonts) <= PROJECT_FONT_NAMES
    assert "/WP-Encod-0" in fonts.values()  # WeasyPrint's encoding for a font with missing glyphs


def test_it_loads_nothing_but_the_project_fonts(templates, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render_pdf("documents/test_fetches.html", {"fonts_dir": FONTS_DIR.as_uri()}, language="fr")
    assert pdf.startswith(b"%PDF")
    refused = [
        r.getMessage() for r in caplog.records if "may only load the project's fonts" in r.getMessage()
    ]
    assert any("/etc/hostname" in message for message in refused)
    assert any("example.invalid" in message for message in refused)
    assert any("settings.py" in message for message in refused)


def test_it_numbers_pages_and_repeats_table_headers(templates):
    pdf = render_pdf("documents/test_long_table.html", {"rows": range(1, 81)}, language="fr")
    pages = pages_text(pdf)
    assert 3 <= len(pages) <= 8
    for number, text in enumerate(pages, start=1):
        assert "Horaire Séance" in text
        assert f"{number} / {len(pages)}" in text


def test_it_keeps_page_numbers_left_to_right_in_arabic(templates):
    pdf = render_pdf("documents/test_long_table.html", {"rows": range(1, 81)}, language="ar")
    pages = pages_text(pdf)
    assert f"1 / {len(pages)}" in pages[0]
    assert f"{len(pages)} / 1" not in pages[0]


def test_it_draws_pages_people_can_look_at(templates):
    pdf = render_pdf("documents/test_page.html", {}, language="ar")
    images = rasterise(pdf, "pdf-arabic-page")
    assert len(images) == 1
    darkest, lightest = Image.open(images[0]).convert("L").getextrema()
    assert darkest < 100 < lightest  # ink on paper, not a blank page


FRESH_MACHINE = """
import datetime, json, types, django
django.setup()
from documents.render import render_pdf
from documents.testing import embedded_fonts, pages_text
caravan = types.SimpleNamespace(
    title="قافلة دراسية وتحسيسية", slogan="", city="طنجة", audience="", region=types.SimpleNamespace(name=""),
    start_date=datetime.date(2025, 2, 4), end_date=datetime.date(2025, 2, 4),
)
context = {"caravan": caravan, "days": [], "organisers": [], "partners": [], "venues": []}
pdf = render_pdf("documents/programme.html", context, language="ar")
print(json.dumps({"text": pages_text(pdf), "fonts": embedded_fonts(pdf)}))
"""


def test_it_sets_arabic_on_a_machine_without_any_font(tmp_path):
    # Fontconfig pointed at a configuration without a single font directory, as on a bare server image.
    config = tmp_path / "fonts.conf"
    config.write_text(f"<fontconfig><cachedir>{tmp_path}</cachedir></fontconfig>")
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "DJANGO_SETTINGS_MODULE": "qafila.settings"}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_MACHINE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    document = json.loads(result.stdout.splitlines()[-1])
    assert "قافلة دراسية وتحسيسية" in document["text"][0]
    assert "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ" in document["text"][0]  # the letterhead's Tamazight line
    assert "Noto-Sans-Tifinagh" in document["fonts"]
    assert set(document["fonts"]) <= PROJECT_FONT_NAMES
    assert set(document["fonts"].values()) == {"/Identity-H"}
