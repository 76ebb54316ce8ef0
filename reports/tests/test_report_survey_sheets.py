"""The report counts paper sheets without a name like the other answers and says how many there were; its
satisfaction table ends with every rating counted once (a trainer's rating in a session is in two rows)."""

import io
import re

from django.utils import translation
from openpyxl import load_workbook

from core.tests.i18n import ar
from reports.indicators import caravan_report
from reports.xlsx import workbook_bytes
from surveys import services
from surveys.tests.factories import answer, participant, question, survey

REPORT = "/staff/caravans/tanger-2025/report/"


def rated_twice(caravan):
    """A session's survey: one named participant rates the session 5 and its trainer 4; a sheet without a
    name rates them 2 and 1."""
    from caravans.models import Session

    session = Session.objects.filter(day__caravan=caravan, kind="training").first()
    trainer = session.speakers.first()
    made = survey(caravan, session=session)
    useful, clear = question(made), question(made, speaker=trainer)
    answer(made, participant(caravan), {useful: 5, clear: 4})
    services.submit_sheet(made, {useful: 2, clear: 1}, sheet="a", actor=None)


def test_sheets_without_a_name_count_in_the_report_like_named_answers(demo):
    rated_twice(demo)
    surveys = caravan_report(demo)["surveys"]
    assert (surveys["respondents"]["satisfaction"], surveys["anonymous"]["satisfaction"]) == (2, 1)
    satisfaction = surveys["satisfaction"]
    assert [(s["mean"], s["n"]) for s in satisfaction["sessions"]] == [(3.0, 4)]  # 5, 4, 2, 1
    assert [(t["mean"], t["n"]) for t in satisfaction["trainers"]] == [(2.5, 2)]  # 4, 1
    assert (satisfaction["all"]["mean"], satisfaction["all"]["n"]) == (3.0, 4)  # not 6 ratings


def test_the_report_page_shows_the_sheets_without_a_name_and_every_rating_once(personas, demo):
    rated_twice(demo)
    page = personas["organiser"].get(REPORT).content.decode()
    people = page[page.index(ar("Of whom on a sheet without a name")) :]
    assert re.search(rf"{ar('Satisfaction survey')}</th>\s*<td[^>]*>2</td>\s*<td[^>]*>1</td>", people)
    overall = page[page.index(ar("All ratings, each counted once")) :]
    assert re.match(r"[^<]*</th>\s*<td[^>]*>3[.,]0</td>\s*<td[^>]*>4</td>", overall)


def test_the_spreadsheet_ends_the_ratings_with_every_rating_once(demo):
    rated_twice(demo)
    book = load_workbook(io.BytesIO(workbook_bytes(caravan_report(demo), "fr")))
    rows = list(book.worksheets[-1].iter_rows(values_only=True))
    with translation.override("fr"):
        label = translation.gettext("All ratings, each counted once")
    assert (label, 3.0, 4) in [row[:3] for row in rows]
