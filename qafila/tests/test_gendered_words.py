"""Issue #13: a person's words in their recorded gender (check-in answer, workshop groups, certificate and its
public check), the neutral «(ة)» form only when the sex is not known."""

import pytest
from django.utils import translation

from certificates import services
from certificates.tests.factories import participant
from documents.certificates import render_certificates
from documents.testing import pages_text
from onsite.groups import grouping, words
from onsite.tests.pages import text
from registration.models import Decision, Registration

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


@pytest.mark.parametrize(
    "sex, says, never",
    [
        ("female", "سبق تسجيل حضورها", "حضوره(ا)"),
        ("male", "سبق تسجيل حضوره", "حضوره(ا)"),
        ("unknown", "سبق تسجيل حضوره(ا)", "حضورها"),
    ],
)
def test_the_check_in_answer_says_already_checked_in_in_the_persons_gender(
    personas, demo, holders, sex, says, never
):
    answer = checked_in_answer(personas["agent"], demo, holders[sex])
    assert says in answer and never not in answer


@pytest.mark.parametrize(
    "sex, says, never",
    [
        ("female", "مزدادة سنة 1990", "مزداد(ة)"),
        ("male", "مزداد سنة 1990", "مزدادة"),
        ("unknown", "مزداد(ة) سنة 1990", "مزدادة"),
    ],
)
def test_the_organiser_reads_the_year_of_birth_in_the_persons_gender(
    personas, demo, holders, sex, says, never
):
    answer = checked_in_answer(personas["organiser"], demo, holders[sex])
    assert says in answer and never not in answer


def test_a_person_found_by_name_and_not_accepted_is_sent_to_the_desk_in_her_gender(personas, demo):
    waiting = participant(demo, full_name_ar="زينب الوزاني", sex="female")
    Registration.objects.filter(pk=waiting.pk).update(decision=Decision.WAITLISTED)
    answer = personas["agent"].post(PAGE, {"q": "زينب الوزاني", "day": demo.start_date.isoformat()})
    said = text(answer)
    assert "غير مقبولة: وجّهوها إلى مكتب التسجيل" in said and "(ة)" not in said


@pytest.mark.parametrize(
    "sex, ar, fr",
    [
        ("female", "أُدرجت مع أعضاء تعاونيتها.", "Placée avec sa coopérative."),
        ("male", "أُدرج مع أعضاء تعاونيته.", "Placé avec sa coopérative."),
        ("", "أُدرج(ت) مع أعضاء تعاونيته(ها).", "Placé(e) avec sa coopérative."),
    ],
)
def test_a_workshop_placement_is_explained_in_the_persons_gender(sex, ar, fr):
    placement = grouping.Placement(
        participant_id=1, workshop_id=2, outcome="other_workshop", with_cooperative=True
    )
    with translation.override("ar"):
        assert ar in words.reasons(placement, {}, sex)
        outcome = str(words.outcome("other_workshop", sex))
        assert ("(ها)" in outcome) == (sex == "")
    with translation.override("fr"):
        assert fr in words.reasons(placement, {}, sex)


@pytest.mark.parametrize(
    "sex, says", [("female", "صاحبة الشهادة"), ("male", "صاحب الشهادة"), ("unknown", "صاحب(ة) الشهادة")]
)
def test_the_public_check_of_a_certificate_names_its_holder_in_their_gender(client, demo, holders, sex, says):
    issued = {c.registration.person.sex or "unknown": c for c in services.issue_all(demo, None)}
    page = text(client.get(f"/verify/{issued[sex].number}"))
    assert says in page
