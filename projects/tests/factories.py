"""Plain factory functions for project tests (no JSON fixtures)."""

from caravans.models import Day, Session, Speaker
from registration.services import register
from registration.tests.factories import person

from ..models import Project


def registration(caravan, **person_fields):
    """A project holder's registration to `caravan` (with a project idea)."""
    return register(
        caravan,
        person(**person_fields),
        profile="project_holder",
        channel="staff",
        project_idea="جبن الماعز",
        sector="livestock",
    )


def project(caravan=None, holder=None, **fields):
    """A goat-cheese project of a holder registered in `caravan` (a new holder unless given)."""
    if holder is None:
        holder = registration(caravan).person if caravan is not None else person()
    made = Project.objects.create(
        **{"title": "جبن الماعز البلدي", "holder": holder, "sector": "livestock", **fields}
    )
    if caravan is not None:
        made.caravans.add(caravan)
    return made


def speaking_session(caravan, user):
    """Make `user` speak in a session of `caravan` (a trainer's link to its participants)."""
    day = Day.objects.filter(caravan=caravan).first() or Day.objects.create(
        caravan=caravan, date=caravan.start_date
    )
    session = Session.objects.create(
        day=day, title_ar="ورشة", title_fr="Atelier", starts_at="09:00", ends_at="10:00", kind="workshop"
    )
    speaker = Speaker.objects.create(caravan=caravan, role_ar="مكون", role_fr="Formateur", user=user)
    session.speakers.add(speaker)
    return session
