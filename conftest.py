"""Test setup shared by every app: fast hashing, real reference data, the named personas.

The reference places and the demo caravan are loaded once per test process, not once per test (0.7 s each):
each level is loaded inside a transaction left open on the test database, and a test using it runs in
pytest-django's usual per-test transaction, which is then a savepoint rolled back after the test, so the next
test finds the data as loaded. Before a test that needs fewer levels (a bare `db`), the levels above are rolled
back; a test that needs committed data (`transactional_db`, a live server) gets them all rolled back and loads
what it asks for itself, committed, as a separate process can see it. The tests are ordered so that those
using the demo run together, then those using the places alone, then the rest.
"""

import pytest

pytest_plugins = ["core.tests.browser"]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COMMITTED = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def load_places():
    from places.services import load_places

    load_places()


def load_demo():
    """The demo caravan of Tangier with its four demo staff users (password "pw")."""
    from caravans.demo import load_demo_caravan, load_demo_users

    caravan = load_demo_caravan()
    load_demo_users(caravan, password="pw")
    return caravan


LEVELS = [load_places, load_demo]  # each needs the ones before it


def shared_levels(item):
    """How many LEVELS `item` reads from the shared transaction: 2 with the demo, 1 with the places alone."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, databases, serialized_rollback, _ = validate_django_db(marker)
        if transaction or reset_sequences or serialized_rollback or databases:
            return 0
    if COMMITTED.intersection(item.fixturenames):
        return 0
    return 2 if "demo" in item.fixturenames else 1 if "places" in item.fixturenames else 0


class SharedData:
    """The LEVELS loaded so far, each inside a transaction (an atomic block) still open."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomics = []

    def keep(self, count):
        """Roll back the levels above `count`, then load those missing up to it."""
        from django.db import transaction
        from django.test import override_settings

        with self.blocker.unblock():
            while len(self.atomics) > count:
                transaction.set_rollback(True)
                self.atomics.pop().__exit__(None, None, None)
            while len(self.atomics) < count:
                atomic = transaction.atomic()
                atomic.__enter__()
                # As Django's TestCase marks its class-wide transaction: code under test may still open a
                # durable one.
                atomic._from_testcase = True
                self.atomics.append(atomic)
                with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                    LEVELS[len(self.atomics) - 1]()


@pytest.fixture(scope="session")
def _shared_data(django_db_setup, django_db_blocker):
    shared = SharedData(django_db_blocker)
    yield shared
    shared.keep(0)  # before pytest-django destroys the test database


@pytest.hookimpl(tryfirst=True)
def pytest_fixture_setup(fixturedef, request):
    """Just before pytest-django opens a test's transaction, set the shared levels to what the test reads."""
    if fixturedef.argname == "_django_db_helper":
        request.getfixturevalue("_shared_data").keep(shared_levels(request.node))


def pytest_collection_modifyitems(items):
    items.sort(key=shared_levels, reverse=True)  # stable: the order within each group stays the files' order


@pytest.fixture(autouse=True)
def _fast_and_plain(settings, tmp_path_factory):
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # stored PDFs never land in the checkout
    # Pages and API answers are cached by the caravan's id and last change, which the shared demo keeps from
    # one test to the next: a page cached by one test must not answer the next.
    cache.clear()


@pytest.fixture
def places(db, request):
    if not shared_levels(request.node):
        load_places()


@pytest.fixture
def demo(places, request):
    """The demo caravan of Tangier with its four demo staff users (password "pw"), a new instance each test."""
    if not shared_levels(request.node):
        return load_demo()
    from caravans.demo import SLUG
    from caravans.models import Caravan

    return Caravan.objects.get(slug=SLUG)


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
