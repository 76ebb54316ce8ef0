"""A caravan's team page: who is on it, adding an account, inviting someone new, removing a role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client

from caravans import team
from caravans.models import Caravan, Session, StaffAssignment
from caravans.services import CaravanError, copy_caravan
from core.models import ApiToken, AuditEntry
from core.permissions import Role
from core.tests.i18n import ar

from .factories import organiser_of_another_caravan

User = get_user_model()
TEAM = "/staff/caravans/tanger-2025/team/"
NEW_PASSWORD = "caravane-de-tetouan-2025"


def on_team(caravan, username):
    return set(
        StaffAssignment.objects.filter(caravan=caravan, user__username=username).values_list(
            "role", flat=True
        )
    )


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hassan(db):
    return User.objects.create_user("hassan", first_name="Hassan", last_name="Idrissi")


@pytest.fixture
def oujda(demo):
    """A new caravan with the demo's programme and nobody on its team yet."""
    return copy_caravan(demo, "oujda-2025", start=datetime.date(2025, 5, 6))


# Who may see and change a team


def test_it_sends_anonymous_visitors_to_the_login_page(personas):
    for url in [TEAM, TEAM + "add/", TEAM + "invite/", TEAM + "remove/", TEAM + "link/"]:
        response = personas["anonymous"].post(url) if url != TEAM else personas["anonymous"].get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_it_refuses_the_team_to_trainers_agents_and_other_caravans_organisers(demo, personas, hassan):
    other = organiser_of_another_caravan(demo)
    for client in [personas["trainer"], personas["agent"], other]:
        assert client.get(TEAM).status_code == 403
        assert client.post(TEAM + "add/", {"username": "hassan", "role": "agent"}).status_code == 403
        assert client.post(TEAM + "remove/", {"username": "agent", "role": "agent"}).status_code == 403
    assert on_team(demo, "hassan") == set() and on_team(demo, "agent") == {"agent"}


def test_it_lists_the_team_with_its_roles(personas):
    page = personas["organiser"].get(TEAM).content.decode()
    for name in ["Organisatrice", "Formateur", "Agente"]:
        assert name in page
    assert ar("Trainer") in page and ar("Check-in agent") in page


def test_it_links_the_coordinator_to_every_staff_account(personas):
    assert "/staff/accounts/" in personas["coordinator"].get(TEAM).content.decode()
    assert "/staff/accounts/" not in personas["organiser"].get(TEAM).content.decode()


def test_it_offers_organisers_only_the_roles_they_may_give(personas):
    organiser = personas["organiser"].get(TEAM).context["add_form"].fields["role"].choices
    coordinator = personas["coordinator"].get(TEAM).context["add_form"].fields["role"].choices
    assert [value for value, _label in organiser] == ["trainer", "agent"]
    assert [value for value, _label in coordinator] == ["organiser", "trainer", "agent"]


# Adding an account


def test_the_coordinator_puts_anyone_on_a_new_caravans_team_in_any_role(oujda, personas, hassan):
    for role in ["organiser", "trainer", "agent"]:
        response = personas["coordinator"].post(
            "/staff/caravans/oujda-2025/team/add/", {"username": "Hassan", "role": role}
        )
        assert response.status_code == 302 and response.url == "/staff/caravans/oujda-2025/team/"
    assert on_team(oujda, "hassan") == {"organiser", "trainer", "agent"}
    entries = AuditEntry.objects.filter(action="team.added", object_id=str(oujda.pk))
    assert sorted(e.details["role"] for e in entries) == ["agent", "organiser", "trainer"]
    assert logged_in(hassan).get("/staff/caravans/oujda-2025/").status_code == 200  # an organiser's page


def test_an_organiser_adds_trainers_and_agents_to_their_caravan(demo, personas, hassan):
    response = personas["organiser"].post(TEAM + "add/", {"username": "hassan", "role": "trainer"})
    assert response.status_code == 302 and on_team(demo, "hassan") == {"trainer"}
    assert logged_in(hassan).get("/staff/caravans/tanger-2025/my-sessions/").status_code == 200


def test_an_organiser_cannot_name_an_organiser(demo, personas, hassan):
    organiser = User.objects.get(username="organiser")
    response = personas["organiser"].post(TEAM + "add/", {"username": "hassan", "role": "organiser"})
    assert response.status_code == 200 and "role" in response.context["add_form"].errors
    with pytest.raises(PermissionDenied):
        team.add_member(organiser, demo, hassan, Role.ORGANISER)
    assert on_team(demo, "hassan") == set()


def test_adding_someone_again_is_quiet(demo, personas, hassan):
    for _twice in range(2):
        response = personas["organiser"].post(
            TEAM + "add/", {"username": "hassan", "role": "agent"}, follow=True
        )
    assert StaffAssignment.objects.filter(caravan=demo, user=hassan).count() == 1
    assert AuditEntry.objects.filter(action="team.added").count() == 1
    assert ar(
        "Already on the team: %(name)s (%(role)s).", name="Hassan Idrissi", role=ar("Check-in agent")
    ) in (response.content.decode())


def test_it_refuses_an_unknown_username_or_a_deactivated_account(demo, personas, hassan):
    response = personas["organiser"].post(TEAM + "add/", {"username": "nobody", "role": "agent"})
    assert response.status_code == 200 and response.context["add_form"].errors["username"]
    User.objects.filter(pk=hassan.pk).update(is_active=False)
    response = personas["organiser"].post(TEAM + "add/", {"username": "hassan", "role": "agent"})
    assert response.status_code == 200 and response.context["add_form"].non_field_errors()
    hassan.refresh_from_db()
    with pytest.raises(CaravanError) as refusal:
        team.add_member(User.objects.get(username="organiser"), demo, hassan, Role.AGENT)
    assert refusal.value.code == "inactive_account" and on_team(demo, "hassan") == set()


def test_the_national_coordinator_is_on_no_caravans_team(demo, hassan):
    with pytest.raises(CaravanError) as refusal:
        team.add_member(User.objects.get(username="coordinator"), demo, hassan, Role.COORDINATOR)
    assert refusal.value.code == "not_a_team_role"


# Removing a role


def test_a_removed_trainer_loses_the_caravan_at_once_on_pages_and_api_tokens(demo, personas):
    trainer = personas["trainer"]
    token = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(User.objects.get(username='trainer'))}"}
    assert trainer.get(TEAM.replace("team/", "my-sessions/")).status_code == 200
    assert Client().get("/api/v1/caravans/tanger-2025/projects", **token).status_code == 200

    response = personas["organiser"].post(TEAM + "remove/", {"username": "trainer", "role": "trainer"})

    assert response.status_code == 302 and on_team(demo, "trainer") == set()
    assert trainer.get(TEAM.replace("team/", "my-sessions/")).status_code == 403
    assert Client().get("/api/v1/caravans/tanger-2025/projects", **token).status_code == 403
    entry = AuditEntry.objects.get(action="team.removed")
    assert entry.details == {"user": "trainer", "role": "trainer"} and entry.actor.username == "organiser"


def test_removing_a_role_not_held_is_quiet(demo, personas):
    personas["organiser"].post(TEAM + "remove/", {"username": "agent", "role": "trainer"})
    personas["organiser"].post(TEAM + "remove/", {"username": "nobody", "role": "agent"})
    assert on_team(demo, "agent") == {"agent"} and not AuditEntry.objects.filter(action="team.removed")


def test_an_organiser_cannot_remove_an_organiser(demo, personas):
    response = personas["organiser"].post(TEAM + "remove/", {"username": "organiser", "role": "organiser"})
    assert response.status_code == 403 and on_team(demo, "organiser") == {"organiser"}
    personas["coordinator"].post(TEAM + "remove/", {"username": "organiser", "role": "organiser"})
    assert on_team(demo, "organiser") == set()


# Inviting someone new


def invite(client, slug="tanger-2025", **changes):
    form = {
        "full_name": "Samira Benali",
        "username": "samira",
        "email": "samira@example.ma",
        "phone": "06 12 34 56 78",
        "role": "trainer",
    }
    return client.post(f"/staff/caravans/{slug}/team/invite/", {**form, **changes})


def set_password(link):
    """Open a one-time link and choose a password, as the invited person does: the final response."""
    client = Client()
    page = client.get(link, follow=True)
    if not page.context["validlink"]:
        return page
    return client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )


def test_an_invited_trainer_gets_an_account_a_one_time_link_and_their_sessions(demo, personas):
    response = invite(personas["organiser"])
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    link = response.context["link"]
    assert link.startswith("http://testserver/accounts/set-password/") and link in response.content.decode()
    samira = User.objects.get(username="samira")
    assert not samira.has_usable_password() and samira.contact.phone == "+212612345678"
    assert on_team(demo, "samira") == {"trainer"}
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "account.created",
        "team.added",
    ]

    assert set_password(link).status_code == 302
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "samira", "password": NEW_PASSWORD}).status_code == 302
    )
    assert client.get("/staff/caravans/tanger-2025/my-sessions/").status_code == 200
    assert set_password(link).context["validlink"] is False  # the link worked once


def test_an_invitation_with_a_username_taken_creates_nothing(demo, personas):
    count, audited = User.objects.count(), AuditEntry.objects.count()
    response = invite(personas["organiser"], username="Trainer")
    assert response.status_code == 200 and response.context["invite_form"].non_field_errors()
    response = invite(personas["organiser"], role="organiser")
    assert response.status_code == 200 and "role" in response.context["invite_form"].errors
    response = invite(personas["organiser"], phone="12")
    assert response.status_code == 200 and "phone" in response.context["invite_form"].errors
    assert User.objects.count() == count and AuditEntry.objects.count() == audited


def test_an_organiser_gives_a_new_link_to_a_member_who_has_no_password_yet(demo, personas):
    first = invite(personas["organiser"]).context["link"]
    response = personas["organiser"].post(TEAM + "link/", {"username": "samira"})
    assert set_password(response.context["link"]).status_code == 302
    assert set_password(first).context["validlink"] is False
    response = personas["organiser"].post(TEAM + "link/", {"username": "samira"}, follow=True)
    assert "link" not in response.context and on_team(demo, "samira") == {"trainer"}


def test_an_organiser_gets_no_link_for_an_organiser_or_someone_off_their_team(demo, personas, hassan):
    StaffAssignment.objects.create(user=hassan, caravan=demo, role=Role.ORGANISER)
    assert personas["organiser"].post(TEAM + "link/", {"username": "hassan"}).status_code == 403
    other = organiser_of_another_caravan(demo)
    StaffAssignment.objects.create(user=hassan, caravan=demo, role=Role.AGENT)
    assert other.post(TEAM + "link/", {"username": "hassan"}).status_code == 403
    assert not AuditEntry.objects.filter(action="account.link_issued")


# A trainer's speaker entry


def test_a_new_caravans_trainer_is_offered_on_its_speaker_form_and_then_sees_their_sessions(
    oujda, personas, hassan
):
    base = "/staff/caravans/oujda-2025/"
    assert (
        hassan
        not in personas["coordinator"].get(base + "speakers/new/").context["form"].fields["user"].queryset
    )
    personas["coordinator"].post(base + "team/add/", {"username": "hassan", "role": "trainer"})
    choices = personas["coordinator"].get(base + "speakers/new/").context["form"].fields["user"].queryset
    assert list(choices) == [hassan]

    session = Session.objects.filter(day__caravan=oujda, speakers__isnull=False).first()
    speaker = session.speakers.first()
    form = {
        "role_ar": speaker.role_ar,
        "role_fr": speaker.role_fr,
        "name_fr": speaker.name_fr,
        "user": hassan.pk,
    }
    assert personas["coordinator"].post(f"{base}speakers/{speaker.pk}/", form).status_code == 302
    speaker.refresh_from_db()
    assert speaker.user == hassan
    page = logged_in(hassan).get(base + "my-sessions/").content.decode()
    assert session.title_ar in page


def test_a_deactivated_trainer_is_no_longer_offered_for_a_speaker(oujda, personas, hassan):
    base = "/staff/caravans/oujda-2025/"
    personas["coordinator"].post(base + "team/add/", {"username": "hassan", "role": "trainer"})
    hassan.is_active = False
    hassan.save()
    choices = personas["coordinator"].get(base + "speakers/new/").context["form"].fields["user"].queryset
    assert hassan not in choices


# An organiser copies their caravan


def test_an_organiser_copies_their_caravan_and_organises_the_copy(demo, personas):
    form = {"slug": "tetouan-2025", "start_date": "2025-03-10", "capacity": "150"}
    response = personas["organiser"].post("/staff/caravans/tanger-2025/copy/", form)
    assert response.status_code == 302 and response.url == "/staff/caravans/tetouan-2025/"
    copy = Caravan.objects.get(slug="tetouan-2025")
    assert on_team(copy, "organiser") == {"organiser"} and on_team(copy, "trainer") == set()
    assert personas["organiser"].get("/staff/caravans/tetouan-2025/team/").status_code == 200
    assert AuditEntry.objects.get(action="team.added").details == {"user": "organiser", "role": "organiser"}


def test_a_coordinators_copy_has_no_team(demo, personas):
    form = {"slug": "tetouan-2025", "start_date": "2025-03-10", "capacity": "150"}
    personas["coordinator"].post("/staff/caravans/tanger-2025/copy/", form)
    assert not Caravan.objects.get(slug="tetouan-2025").staff.exists()


def test_an_organiser_cannot_copy_another_caravan(demo, personas):
    other = organiser_of_another_caravan(demo)
    form = {"slug": "tetouan-bis", "start_date": "2025-03-10", "capacity": "150"}
    assert other.post("/staff/caravans/tanger-2025/copy/", form).status_code == 403
    assert not Caravan.objects.filter(slug="tetouan-bis").exists()
