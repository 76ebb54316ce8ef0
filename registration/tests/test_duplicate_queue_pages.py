import datetime

import pytest
from django.urls import reverse

from caravans.services import copy_caravan
from core.models import AuditEntry
from core.permissions import PERMISSIONS, Role
from people.models import Person, PossibleDuplicate
from registration.models import Decision
from registration.services import register

from .factories import person


def queue(caravan):
    return reverse("registration:staff_duplicates", args=[caravan.slug])


def action(name, pair, caravan):
    return reverse(f"registration:staff_duplicate_{name}", args=[caravan.slug, pair.pk])


def registered(caravan, someone, project_idea="تربية النحل"):
    return register(caravan, someone, profile="project_holder", channel="staff", project_idea=project_idea)


@pytest.fixture
def pair(demo):
    """Souad registered from a list, and again at the venue without her CIN: a likely duplicate."""
    old = person(
        full_name_ar="سعاد العلمي", full_name_latin="Souad El Alami", cin="KB123456", phone="+212612345678"
    )
    new = person(
        full_name_ar="سعاد العلمى", cin="", phone="+212612345678", birth_date=datetime.date(1990, 5, 1)
    )
    registered(demo, old), registered(demo, new)
    return PossibleDuplicate.objects.create(person=new, other=old, score=0.96, reasons=["same_phone"])


@pytest.mark.parametrize("persona", ["trainer", "agent"])
def test_it_refuses_roles_that_may_not_review_duplicates(personas, demo, pair, persona):
    client = personas[persona]
    assert client.get(queue(demo)).status_code == 403
    assert client.post(action("merge", pair, demo), {"keep": pair.other_id}).status_code == 403
    assert client.post(action("keep_apart", pair, demo)).status_code == 403
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.PENDING


def test_it_sends_anonymous_visitors_to_the_login_page(personas, demo, pair):
    anonymous = personas["anonymous"]
    for response in (
        anonymous.get(queue(demo)),
        anonymous.post(action("merge", pair, demo), {"keep": pair.other_id}),
        anonymous.post(action("keep_apart", pair, demo)),
    ):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_its_actions_answer_post_only(personas, demo, pair):
    assert personas["organiser"].get(action("merge", pair, demo)).status_code == 405
    assert personas["organiser"].get(action("keep_apart", pair, demo)).status_code == 405


def test_it_shows_both_records_side_by_side_with_the_reasons(personas, demo, pair):
    response = personas["organiser"].get(queue(demo))
    page = response.content.decode()
    assert "سعاد العلمى" in page and "Souad El Alami" in page
    assert "KB123456" in page and "06 12 34 56 78" in page  # the organiser may see personal data
    assert "96" in page and str(response.context["cards"][0][2][0]) in page  # score and "Same phone number"
    assert AuditEntry.objects.filter(action="personal_data.viewed", details__page="duplicate_queue").exists()


def test_it_masks_identifiers_for_a_role_without_personal_data(personas, demo, pair, monkeypatch):
    monkeypatch.setitem(PERMISSIONS, "personal_data.view", {Role.COORDINATOR})
    page = personas["organiser"].get(queue(demo)).content.decode()
    assert "KB****56" in page and "KB123456" not in page and "12 34 56" not in page
    assert "1990-05-01" not in page and "1990" in page


def test_it_lists_only_pending_pairs_of_people_registered_to_the_caravan(personas, demo, pair):
    elsewhere = copy_caravan(demo, "tetouan-2025")
    a, b = person(), person(cin="")
    registered(elsewhere, a)
    PossibleDuplicate.objects.create(person=b, other=a, score=0.9, reasons=["similar_names"])
    reviewed = PossibleDuplicate.objects.create(
        person=person(cin=""), other=pair.other, score=0.9, status=PossibleDuplicate.Status.KEPT_APART
    )
    shown = [card[0] for card in personas["organiser"].get(queue(demo)).context["cards"]]
    assert shown == [pair] and reviewed not in shown


def test_same_person_merges_into_the_record_kept(personas, demo, pair):
    response = personas["organiser"].post(action("merge", pair, demo), {"keep": pair.other_id}, follow=True)
    pair.refresh_from_db()
    absorbed = Person.objects.get(pk=pair.person_id)
    assert pair.status == PossibleDuplicate.Status.MERGED and absorbed.merged_into_id == pair.other_id
    # Both were registered: the absorbed record's registration is cancelled, the kept one stays accepted.
    assert absorbed.registrations.get().decision == Decision.CANCELLED
    assert pair.other.registrations.get().decision == Decision.ACCEPTED
    (said,) = [str(m) for m in response.context["messages"]]
    assert "سعاد العلمي" in said and "سعاد العلمى" in said
    assert response.context["cards"] == []


def test_different_people_keeps_both_records(personas, demo, pair):
    response = personas["organiser"].post(action("keep_apart", pair, demo), follow=True)
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.KEPT_APART
    assert not Person.objects.exclude(merged_into=None).exists()
    (said,) = [str(m) for m in response.context["messages"]]
    assert "سعاد العلمي" in said and "سعاد العلمى" in said


def test_it_refuses_to_keep_a_record_outside_the_pair_and_merges_nothing(personas, demo, pair):
    stranger = person()
    response = personas["organiser"].post(action("merge", pair, demo), {"keep": stranger.pk}, follow=True)
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.PENDING
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_pair_reviewed_already_is_refused_with_a_message(personas, demo, pair):
    client = personas["organiser"]
    client.post(action("keep_apart", pair, demo), follow=True)  # its own confirmation read
    response = client.post(action("merge", pair, demo), {"keep": pair.other_id}, follow=True)
    pair.refresh_from_db()
    assert pair.status == PossibleDuplicate.Status.KEPT_APART
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_a_pair_of_another_caravan_cannot_be_reached_from_this_one(personas, demo):
    elsewhere = copy_caravan(demo, "tetouan-2025")
    a, b = person(), person(cin="")
    registered(elsewhere, a)
    other_pair = PossibleDuplicate.objects.create(person=b, other=a, score=0.9, reasons=["similar_names"])
    assert personas["organiser"].post(action("keep_apart", other_pair, demo)).status_code == 404
