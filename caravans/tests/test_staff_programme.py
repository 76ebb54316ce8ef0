"""Editing a caravan's programme: days, sessions, speakers, partners, venues and rooms; a trainer's own sessions."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from caravans.models import (
    Caravan,
    Day,
    Organisation,
    Partnership,
    Room,
    Session,
    Speaker,
    Venue,
)
from caravans.services import copy_caravan
from core.models import AuditEntry

from .factories import organiser_of_another_caravan

BASE = "/staff/caravans/tanger-2025/"
PARTS = {
    "day": Day,
    "session": Session,
    "speaker": Speaker,
    "partner": Partnership,
    "venue": Venue,
    "room": Room,
}


def one_of(demo, part):
    """A part of the demo caravan of each kind."""
    return {
        "day": lambda: demo.days.first(),
        "session": lambda: Session.objects.filter(day__caravan=demo).first(),
        "speaker": lambda: demo.speakers.first(),
        "partner": lambda: demo.partnerships.first(),
        "venue": lambda: demo.venues.first(),
        "room": lambda: Room.objects.filter(venue__caravan=demo).first(),
    }[part]()


def error_shown(response, field):
    """The form's error on `field` is on the page (whatever the language)."""
    errors = response.context["form"].errors[field]
    return escape(errors[0]) in response.content.decode()


def session_form(day, **changes):
    data = {
        "day": day.pk,
        "kind": "training",
        "title_ar": "التواصل",
        "title_fr": "Communication",
        "starts_at": "16:00",
        "ends_at": "17:30",
    }
    return {**data, **changes}


# Who may see and change the programme


def test_it_shows_the_whole_programme_to_the_organiser(demo, personas):
    page = personas["organiser"].get(BASE + "programme/").content.decode()
    assert "التدبير المالي" in page and "مؤطر مكتب تنمية التعاون" in page and "قاعة الورشات 3" in page
    assert "مكتب تنمية التعاون" in page


def test_it_renders_the_programme_page_in_a_fixed_number_of_queries(
    demo, personas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        page = personas["organiser"].get(BASE + "programme/").content.decode()
    for session in Session.objects.filter(day__caravan=demo):
        assert escape(session.title_ar) in page, session.title_ar
    assert "مؤطر مكتب تنمية التعاون" in page and "قاعة الورشات 3" in page


def test_it_sends_anonymous_visitors_to_the_login_page(demo, personas):
    urls = [BASE + "programme/", BASE + "my-sessions/"]
    urls += [f"{BASE}{part}s/new/" for part in PARTS]
    urls += [f"{BASE}{part}s/{one_of(demo, part).pk}/" for part in PARTS]
    for url in urls:
        response = personas["anonymous"].get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


@pytest.mark.parametrize("persona", ["trainer", "agent", "other organiser"])
@pytest.mark.parametrize("part", PARTS)
def test_it_refuses_programme_changes_to_other_roles(demo, personas, persona, part):
    client = organiser_of_another_caravan(demo) if persona == "other organiser" else personas[persona]
    obj = one_of(demo, part)
    count = PARTS[part].objects.count()
    assert client.get(f"{BASE}programme/").status_code == 403
    assert client.get(f"{BASE}{part}s/new/").status_code == 403
    assert client.get(f"{BASE}{part}s/{obj.pk}/").status_code == 403
    assert client.post(f"{BASE}{part}s/{obj.pk}/delete/").status_code == 403
    assert PARTS[part].objects.count() == count


def test_it_keeps_each_caravan_to_its_own_parts(demo, personas):
    other = Caravan.objects.get(pk=copy_caravan(demo, "tetouan-2025").pk)
    session = Session.objects.filter(day__caravan=other).first()
    assert personas["organiser"].get(f"{BASE}sessions/{session.pk}/").status_code == 404
    assert personas["organiser"].post(f"{BASE}sessions/{session.pk}/delete/").status_code == 404
    assert Session.objects.filter(pk=session.pk).exists()


# Days


def test_it_suggests_the_next_free_date_for_a_new_day(demo, personas):
    Caravan.objects.filter(pk=demo.pk).update(end_date=datetime.date(2025, 2, 7))
    form = personas["organiser"].get(BASE + "days/new/").context["form"]
    assert form.initial["date"] == datetime.date(2025, 2, 7)


def test_it_adds_a_day(demo, personas):
    Caravan.objects.filter(pk=demo.pk).update(end_date=datetime.date(2025, 2, 7))
    form = {
        "date": "2025-02-07",
        "kind": "training",
        "theme_ar": "زيارة ميدانية",
        "theme_fr": "Visite de terrain",
    }
    response = personas["organiser"].post(BASE + "days/new/", form)
    assert response.status_code == 302 and response.url == BASE + "programme/#programme"
    day = demo.days.get(date=datetime.date(2025, 2, 7))
    assert day.theme_fr == "Visite de terrain"
    assert AuditEntry.objects.filter(action="programme.day_added", object_id=str(day.pk)).exists()


def test_it_refuses_a_day_outside_the_caravan_dates_and_saves_nothing(demo, personas):
    form = {"date": "2025-02-09", "kind": "training"}
    response = personas["organiser"].post(BASE + "days/new/", form)
    assert response.status_code == 200 and error_shown(response, "date")
    assert demo.days.count() == 3


def test_it_refuses_a_second_day_on_the_same_date(demo, personas):
    response = personas["organiser"].post(BASE + "days/new/", {"date": "2025-02-05", "kind": "training"})
    assert response.status_code == 200 and error_shown(response, "date")
    assert demo.days.count() == 3 and not AuditEntry.objects.filter(action="programme.day_added").exists()


def test_it_deletes_a_day_and_its_sessions_after_confirmation(demo, personas):
    day = demo.days.first()
    page = personas["organiser"].get(f"{BASE}days/{day.pk}/delete/")
    assert page.status_code == 200 and Day.objects.filter(pk=day.pk).exists()
    response = personas["organiser"].post(f"{BASE}days/{day.pk}/delete/")
    assert response.status_code == 302
    assert not Day.objects.filter(pk=day.pk).exists() and not Session.objects.filter(day_id=day.pk).exists()
    assert AuditEntry.objects.filter(action="programme.day_removed", object_id=str(day.pk)).exists()


# Sessions


def test_it_suggests_a_new_session_right_after_the_last_one_of_its_day(demo, personas):
    day = demo.days.first()  # its last session: 14:30–16:00, plenary, in the great hall
    form = personas["organiser"].get(f"{BASE}sessions/new/?day={day.pk}").context["form"]
    assert form.initial["day"] == day.pk
    assert (form.initial["starts_at"], form.initial["ends_at"]) == (
        datetime.time(16, 0),
        datetime.time(17, 30),
    )
    assert form.initial["kind"] == "plenary" and form.initial["room"] == day.sessions.last().room_id


def test_it_adds_a_session_with_its_speakers(demo, personas):
    day = demo.days.first()
    speakers = list(demo.speakers.all()[:2])
    form = session_form(day, speakers=[s.pk for s in speakers])
    response = personas["organiser"].post(BASE + "sessions/new/", form)
    assert response.status_code == 302
    session = day.sessions.get(title_fr="Communication")
    assert set(session.speakers.all()) == set(speakers)
    assert AuditEntry.objects.filter(action="programme.session_added", object_id=str(session.pk)).exists()


def test_it_goes_on_to_the_next_session_of_the_same_day(demo, personas):
    day = demo.days.last()
    response = personas["organiser"].post(BASE + "sessions/new/", {**session_form(day), "another": "1"})
    assert response.status_code == 302 and response.url == f"{BASE}sessions/new/?day={day.pk}"
    form = personas["organiser"].get(response.url).context["form"]
    assert form.initial["starts_at"] == datetime.time(17, 30)


def test_it_refuses_a_session_that_ends_before_it_starts_and_saves_nothing(demo, personas):
    count = Session.objects.count()
    response = personas["organiser"].post(
        BASE + "sessions/new/", session_form(demo.days.first(), ends_at="15:00")
    )
    assert response.status_code == 200 and error_shown(response, "ends_at")
    assert Session.objects.count() == count


def test_it_refuses_a_speaker_of_another_caravan(demo, personas):
    other = copy_caravan(demo, "tetouan-2025")
    count = Session.objects.count()
    form = session_form(demo.days.first(), speakers=[other.speakers.first().pk])
    response = personas["organiser"].post(BASE + "sessions/new/", form)
    assert response.status_code == 200 and error_shown(response, "speakers")
    assert Session.objects.count() == count


def test_it_changes_a_session(demo, personas):
    session = Session.objects.filter(day__caravan=demo).first()
    form = session_form(session.day, starts_at="09:00", ends_at="09:45", title_fr="Accueil")
    response = personas["organiser"].post(f"{BASE}sessions/{session.pk}/", form)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title_fr == "Accueil" and session.ends_at == datetime.time(9, 45)
    assert not session.speakers.exists()
    assert AuditEntry.objects.filter(action="programme.session_changed", object_id=str(session.pk)).exists()


# Speakers and trainers


def test_it_adds_a_speaker_linked_to_a_trainer_of_the_caravan(demo, personas):
    trainer = get_user_model().objects.get(username="trainer")
    form = {"role_ar": "مكونة", "role_fr": "Formatrice", "name_fr": "Samira B.", "user": trainer.pk}
    response = personas["organiser"].post(BASE + "speakers/new/", form)
    assert response.status_code == 302
    assert demo.speakers.get(name_fr="Samira B.").user == trainer


def test_it_links_only_trainers_of_the_caravan(demo, personas):
    agent = get_user_model().objects.get(username="agent")
    count = Speaker.objects.count()
    form = {"role_ar": "مكونة", "role_fr": "Formatrice", "user": agent.pk}
    response = personas["organiser"].post(BASE + "speakers/new/", form)
    assert response.status_code == 200 and error_shown(response, "user")
    assert Speaker.objects.count() == count


# Partners


def test_it_adds_a_partner_and_creates_its_organisation(demo, personas):
    form = {
        "role": "partner",
        "order": "7",
        "new_acronym": "ADA",
        "new_name_ar": "وكالة التنمية الفلاحية",
        "new_name_fr": "Agence pour le Développement Agricole",
        "new_kind": "public_agency",
    }
    response = personas["organiser"].post(BASE + "partners/new/", form)
    assert response.status_code == 302
    partnership = demo.partnerships.get(organisation__acronym="ADA")
    assert partnership.organisation.kind == "public_agency" and partnership.order == 7
    assert AuditEntry.objects.filter(action="programme.organisation_added").count() == 1
    assert AuditEntry.objects.filter(action="programme.partner_added").count() == 1


def test_it_refuses_the_same_partner_twice_and_saves_nothing(demo, personas):
    odco = Organisation.objects.get(acronym="ODCO")
    count = Partnership.objects.count()
    response = personas["organiser"].post(
        BASE + "partners/new/", {"organisation": odco.pk, "role": "partner", "order": 9}
    )
    assert response.status_code == 200 and error_shown(response, "organisation")
    assert Partnership.objects.count() == count


def test_it_refuses_a_new_organisation_already_known_and_creates_nothing(demo, personas):
    organisations, partnerships = Organisation.objects.count(), Partnership.objects.count()
    form = {
        "role": "partner",
        "order": "8",
        "new_name_ar": "مكتب",
        "new_name_fr": "Office du Développement de la Coopération",
    }
    response = personas["organiser"].post(BASE + "partners/new/", form)
    assert response.status_code == 200 and error_shown(response, "new_name_fr")
    assert (Organisation.objects.count(), Partnership.objects.count()) == (organisations, partnerships)


def test_it_asks_for_an_organisation(demo, personas):
    count = Partnership.objects.count()
    response = personas["organiser"].post(BASE + "partners/new/", {"role": "partner", "order": "8"})
    assert response.status_code == 200 and error_shown(response, "organisation")
    assert Partnership.objects.count() == count


# Venues and rooms


def test_it_adds_a_venue_and_a_room_in_it(demo, personas):
    form = {"name_ar": "دار الشباب", "name_fr": "Maison des jeunes"}
    assert personas["organiser"].post(BASE + "venues/new/", form).status_code == 302
    venue = demo.venues.get(name_fr="Maison des jeunes")
    form = {"venue": venue.pk, "name_ar": "القاعة أ", "name_fr": "Salle A", "capacity": "40"}
    assert personas["organiser"].post(BASE + "rooms/new/", form).status_code == 302
    assert venue.rooms.get().capacity == 40
    assert (
        AuditEntry.objects.filter(action__in=["programme.venue_added", "programme.room_added"]).count() == 2
    )


def test_it_refuses_a_room_in_another_caravans_venue(demo, personas):
    other = copy_caravan(demo, "tetouan-2025")
    count = Room.objects.count()
    form = {"venue": other.venues.first().pk, "name_ar": "القاعة أ", "name_fr": "Salle A"}
    response = personas["organiser"].post(BASE + "rooms/new/", form)
    assert response.status_code == 200 and error_shown(response, "venue")
    assert Room.objects.count() == count


def test_it_keeps_sessions_when_their_venue_is_deleted(demo, personas):
    venue = demo.venues.get()
    sessions = Session.objects.filter(day__caravan=demo).count()
    assert personas["coordinator"].post(f"{BASE}venues/{venue.pk}/delete/").status_code == 302
    assert not demo.venues.exists() and Session.objects.filter(day__caravan=demo).count() == sessions


# A trainer's own sessions


def test_it_shows_a_trainer_the_sessions_they_give_and_no_other(demo, personas):
    page = personas["trainer"].get(BASE + "my-sessions/").content.decode()
    assert "التدبير المالي" in page  # given by the ODCO trainer, linked to the demo trainer
    assert "آليات التمويل" not in page  # given by Tamwilcom
    assert "/sessions/" not in page  # read-only: no edit link


def test_it_refuses_a_trainers_sessions_to_agents_and_other_caravans(demo, personas):
    assert personas["agent"].get(BASE + "my-sessions/").status_code == 403
    assert organiser_of_another_caravan(demo).get(BASE + "my-sessions/").status_code == 403


def test_it_refuses_another_caravans_speaker_even_when_called_directly(demo):
    from django.core.exceptions import ValidationError

    from caravans import programme

    other = copy_caravan(demo, "tetouan-2025")
    session = Session(day=demo.days.first(), title_ar="أ", title_fr="A", starts_at="16:00", ends_at="17:00")
    with pytest.raises(ValidationError) as refusal:
        programme.add_session(None, session, speakers=[other.speakers.first()])
    assert "speakers" in refusal.value.error_dict
    assert not Session.objects.filter(title_fr="A").exists()
