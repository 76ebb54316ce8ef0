"""Issue #13: a person's words in their recorded gender (check-in answer, certificate), the neutral «(ة)» form
only when the sex is not known."""

import pytest

from certificates import services
from certificates.tests.factories import participant
from documents.certificates import render_certificates
from documents.testing import pages_text
from onsite.tests.pages import text

PAGE = "/staff/caravans/tanger-2025/check-in/"


@pytest.fixture
def holders(demo):
    """Accepted project holders, a woman, a man and one whose sex was not recorded, each there on every day."""
    days = len(demo.dates())
    return {
        "female": participant(demo, days=days, full_name_ar="فاطمة البقالي", sex="female"),
        "male": participant(demo, days=days, full_name_ar="أحمد البقالي", sex="male"),
        "unknown": participant(demo, days=days, full_name_ar="سناء البقالي", sex=""),
    }


def checked_in_answer(client, demo, registration):
    answer = client.post(PAGE, {"q": registration.badge_code, "day": demo.start_date.isoformat()})
    assert answer.status_code == 200
    return text(answer)


@pytest.mark.parametrize(
    "sex, says, never",
    [
        ("female", "حاملة مشروع", "حامل(ة)"),
        ("male", "حامل مشروع", "حامل(ة)"),
        ("unknown", "حامل(ة) مشروع", "حاملة"),
    ],
)
def test_the_check_in_answer_gives_the_profile_in_the_persons_gender(
    personas, demo, holders, sex, says, never
):
    answer = checked_in_answer(personas["agent"], demo, holders[sex])
    assert says in answer and never not in answer


def test_a_check_in_answer_in_french_says_porteuse_for_a_woman(personas, demo, holders):
    agent = personas["agent"]
    agent.cookies["django_language"] = "fr"
    answer = checked_in_answer(agent, demo, holders["female"])
    assert "Porteuse de projet" in answer and "Porteur(se)" not in answer


def test_the_certificate_speaks_of_the_holder_in_their_gender(demo, holders):
    issued = {c.registration.person.sex or "unknown": c for c in services.issue_all(demo, None)}
    words = {
        sex: pages_text(render_certificates([issued[sex]], "ar"))[0] for sex in ("female", "male", "unknown")
    }
    assert "للسيدة" in words["female"] and "لمشاركتها" in words["female"]
    assert "للسيد" in words["male"] and "لمشاركته" in words["male"] and "للسيدة" not in words["male"]
    assert "لمشاركت" not in words["unknown"] and "للسيد" not in words["unknown"]
    assert "للمشاركة في" in words["unknown"]
    french = pages_text(render_certificates([issued["female"]], "fr"))[0]
    assert "délivrée à Madame" in french
