"""The staff home `/staff/`: each caravan a user works on, with the pages of every app their roles open."""

from django.contrib.auth import get_user_model
from django.test import Client

from caravans.tests.factories import organiser_of_another_caravan

EDIT = "/staff/caravans/tanger-2025/"


def home(client):
    response = client.get("/staff/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_links_each_role_to_what_it_may_do(personas):
    coordinator = home(personas["coordinator"])
    assert "/staff/new-caravan/" in coordinator and "/staff/caravans/tanger-2025/copy/" in coordinator
    assert "/staff/dashboard/" in coordinator and "/staff/programmes/" in coordinator
    organiser = home(personas["organiser"])
    assert EDIT in organiser and "/programme/" in organiser and "/copy/" in organiser
    assert "/staff/new-caravan/" not in organiser and "/staff/dashboard/" not in organiser
    trainer = home(personas["trainer"])
    assert "/my-sessions/" in trainer and "/programme/" not in trainer and EDIT + '"' not in trainer
    agent = home(personas["agent"])
    assert "Tanger" in agent or "طنجة" in agent
    assert "/check-in/" in agent and "/programme/" not in agent and "/my-sessions/" not in agent


def test_it_shows_an_organiser_only_their_caravans(demo):
    page = home(organiser_of_another_caravan(demo))
    assert "/staff/caravans/tetouan-2025/" in page and "/staff/caravans/tanger-2025/" not in page


def test_it_sends_anonymous_visitors_to_the_login_page(personas):
    response = personas["anonymous"].get("/staff/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_it_refuses_a_user_who_works_on_no_caravan(demo):
    client = Client()
    client.force_login(get_user_model().objects.create_user("visitor"))
    assert client.get("/staff/").status_code == 403
