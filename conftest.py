"""Test setup shared by every app: fast hashing, real reference data, the named personas."""

import pytest

pytest_plugins = ["core.tests.browser"]


@pytest.fixture(autouse=True)
def _fast_and_plain(settings, tmp_path_factory):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # stored PDFs never land in the checkout


@pytest.fixture
def places(db):
    from places.services import load_places

    load_places()


@pytest.fixture
def demo(places):
    """The demo caravan of Tangier with its four demo staff users (password "pw")."""
    from caravans.demo import load_demo_caravan, load_demo_users

    caravan = load_demo_caravan()
    load_demo_users(caravan, password="pw")
    return caravan


@pytest.fixture
def personas(demo):
    """coordinator, organiser, trainer, agent (the demo users) and anonymous, each as a logged-in client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    clients = {"anonymous": Client()}
    for user in get_user_model().objects.filter(
        username__in=["coordinator", "organiser", "trainer", "agent"]
    ):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    return clients
