"""The invitations' funnel in the caravan report: invited → registered (of those invited) → accepted → came, the
same figures in the page, the PDF, the workbook and the JSON."""

import html
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from documents.testing import pages_text
from onsite.services import check_in
from places.models import Province
from registration.models import Invitation
from registration.services import register
from registration.tests.factories import person
from reports.indicators import caravan_report
from reports.pdf import render_report

REPORT = "/staff/caravans/tanger-2025/report/"
XLSX = "/staff/caravans/tanger-2025/report.xlsx"


def invited(caravan, phone):
    return Invitation.objects.create(caravan=caravan, phone=phone, language="ar")


def registered(caravan, phone, **facts):
    return register(
        caravan, person(phone=phone, **facts), profile="project_holder", channel="self", project_idea="عسل"
    )


def funnel(caravan):
    """Five invited: four registered (one from another region: not eligible), three accepted, two came; and
    someone who registered without being invited, counted nowhere in the funnel."""
    for n in range(5):
        invited(caravan, f"+2126610000{n:02d}")
    agent = get_user_model().objects.get(username="agent")
    for n in range(3):
        accepted = registered(caravan, f"+2126610000{n:02d}")
        if n < 2:
            check_in(caravan, accepted.badge_code, caravan.start_date, agent)
    registered(caravan, "+212661000003", province=Province.objects.get(code="MA-FES"))
    registered(caravan, "+212661999999")


def test_it_counts_each_step_among_the_invitations(demo):
    funnel(demo)
    figures = caravan_report(demo)["invitations"]
    assert {key: figures[key] for key in ("invited", "registered", "accepted", "came")} == {
        "invited": 5,
        "registered": 4,
        "accepted": 3,
        "came": 2,
    }
    assert [(item["key"], item["count"], item["label_fr"]) for item in figures["funnel"]] == [
        ("invited", 5, "Invités par SMS"),
        ("registered", 4, "Inscrits"),
        ("accepted", 3, "Acceptés"),
        ("came", 2, "Venus au moins un jour"),
    ]
    assert figures["funnel"][0]["label_ar"] == "المدعوون برسالة قصيرة"


def test_the_page_shows_the_funnel_in_both_languages(personas, demo):
    funnel(demo)
    client = personas["organiser"]
    arabic = html.unescape(client.get(REPORT).content.decode())
    assert "من الدعوة إلى القافلة" in arabic and "من بين 5 أشخاص مدعوين برسالة قصيرة" in arabic
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    french = html.unescape(client.get(REPORT).content.decode())
    assert "De l'invitation à la caravane" in french and "Sur 5 personnes invitées par SMS" in french
    assert "60\u00a0%" in french  # three accepted of five invited


def test_a_caravan_without_invitations_shows_no_funnel(personas, demo):
    registered(demo, "+212661999999")
    assert caravan_report(demo)["invitations"]["invited"] == 0
    assert "من الدعوة إلى القافلة" not in personas["organiser"].get(REPORT).content.decode()


def test_the_pdf_and_the_workbook_carry_the_funnel(personas, demo):
    funnel(demo)
    assert "Sur 5 personnes invitées par SMS" in " ".join(pages_text(render_report(demo, "fr")))
    book = load_workbook(io.BytesIO(personas["organiser"].get(XLSX, {"lang": "fr"}).content))
    rows = list(book["Invitations"].iter_rows(values_only=True))
    assert ("Invités par SMS", "invited", 5) in rows and ("Venus au moins un jour", "came", 2) in rows
