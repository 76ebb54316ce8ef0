"""The report PDF carries the caravan's letterhead, as every document does (documents/tests/test_letterhead.py)."""

from documents.testing import embedded_fonts, pages_text
from reports.pdf import render_report


def test_the_report_carries_the_kingdom_the_authorities_and_the_partners(demo):
    pdf = render_report(demo, "ar")
    text = " ".join(pages_text(pdf))
    for line in ["المملكة المغربية", "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ", "Royaume du Maroc", "وزارة الداخلية", "مديرية الشؤون القروية",
                 "Préfecture de Tanger-Assilah", "مكتب تنمية التعاون", "تمويلكم"]:  # fmt: skip
        assert line in text
    assert set(embedded_fonts(pdf).values()) == {"/Identity-H"}  # no letter without its glyph
