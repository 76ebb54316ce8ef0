"""Test setup shared by every app: fast hashing, real reference data, the named personas.

The reference places, the demo caravan, its registrations and its surveys (LEVELS, each on top of the one
before) are loaded once per test process, not once per test (0.7 s for the demo, seconds for the rest): each
level is loaded inside a transaction left open on the test database, and a test runs in pytest-django's usual
per-test transaction, which is then a savepoint rolled back after the test, so the next test finds the data as
loaded. Before a test that reads fewer levels (a bare `db`), the levels above are rolled back; a test that needs
committed data (`transactional_db`, a live server) gets them all rolled back and loads what it asks for itself,
committed, as today. The tests are ordered by the levels they read, most first, so each level is loaded once
or twice per process.
"""

from collections import Counter
from types import SimpleNamespace

import pytest

pytest_plugins = ["core.tests.browser", "core.tests.served"]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
COMMITTED = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def load_places():
    from places.services import load_places

    load_places()


def load_demo():
    from caravans.demo import load_demo_caravan, load_demo_users

    caravan = load_demo_caravan()
    load_demo_users(caravan, password="pw")
    return caravan


def load_demo_registrations():
    from caravans.demo import SLUG
    from caravans.models import Caravan
    from registration.demo import load_demo_registrations

    return load_demo_registrations(Caravan.objects.get(slug=SLUG))


def load_demo_surveys():
    from caravans.demo import SLUG
    from caravans.models import Caravan
    from surveys.demo import load_demo_surveys

    load_demo_surveys(Caravan.objects.get(slug=SLUG))


# The fixtures that can be shared, each needing the ones before it, with what loads them.
LEVELS = {
    "places": load_places,
    "demo": load_demo,
    "demo_registrations": load_demo_registrations,
    "demo_surveys": load_demo_surveys,
}


def shared_levels(item):
    """How many LEVELS `item` reads from the shared transaction (0 when it needs committed data)."""
    from pytest_django.fixtures import validate_django_db

    marker = item.get_closest_marker("django_db")
    if marker:
        transaction, reset_sequences, databases, serialized_rollback, _ = validate_django_db(marker)
        if transaction or reset_sequences or serialized_rollback or databases:
            return 0
    if COMMITTED.intersection(item.fixturenames):
        return 0
    return max((depth for depth, name in enumerate(LEVELS, 1) if name in item.fixturenames), default=0)


def level(request, name):
    """What LEVELS[name] loaded: in the shared transaction, or now (committed) for a test that needs it so."""
    depth = list(LEVELS).index(name) + 1
    if shared_levels(request.node) >= depth:
        return request.getfixturevalue("_shared_data").loaded[depth - 1]
    return LEVELS[name]()


class SharedData:
    """The LEVELS loaded so far, each inside a transaction (an atomic block) still open."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomics = []
        self.loaded = []  # what each level's loader returned

    def keep(self, count):
        """Roll back the levels above `count`, then load those missing up to it."""
        from django.db import transaction
        from django.test import override_settings

        with self.blocker.unblock():
            while len(self.atomics) > count:
                transaction.set_rollback(True)
                self.atomics.pop().__exit__(None, None, None)
                self.loaded.pop()
            for load in list(LEVELS.values())[len(self.atomics) : count]:
                atomic = transaction.atomic()
                atomic.__enter__()
                # As Django's TestCase marks its class-wide transaction: code under test may still open a
                # durable one.
                atomic._from_testcase = True
                try:
                    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                        self.loaded.append(load())
                except BaseException as error:
                    atomic.__exit__(type(error), error, error.__traceback__)
                    raise
                self.atomics.append(atomic)


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
    # Personas log in without an authenticator (force_login, the login page); the two-factor tests turn it on.
    # Sessions idle as long as Django's default: tests move the clock days ahead of a login.
    settings.QAFILA_REQUIRE_2FA = False
    settings.QAFILA_SESSION_IDLE_MINUTES = 14 * 24 * 60
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # stored PDFs never land in the checkout
    # Pages and API answers are cached by the caravan's id and last change, which the shared demo keeps from
    # one test to the next: a page cached by one test must not answer the next.
    cache.clear()


@pytest.fixture
def places(db, request):
    level(request, "places")


@pytest.fixture
def demo(places, request):
    """The demo caravan of Tangier with its four demo staff users (password "pw")."""
    from caravans.models import Caravan

    return Caravan.objects.get(pk=level(request, "demo").pk)  # a new instance: tests change theirs


@pytest.fixture
def demo_registrations(demo, request):
    """The demo caravan's 232 registrations, decided by the real rules; a Counter of their decisions."""
    return Counter(level(request, "demo_registrations"))


@pytest.fixture
def demo_surveys(demo_registrations, request):
    """The demo caravan's surveys, answered by its accepted participants."""
    level(request, "demo_surveys")


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


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the reference places and the demo caravan of Tangier (no staff users)."""
    from caravans.demo import load_demo_caravan

    load_places()
    caravan = load_demo_caravan()
    # Read now: the ORM is off limits once the browser runs.
    return SimpleNamespace(
        url=live_server.url, caravan=caravan, title_ar=caravan.title_ar, title_fr=caravan.title_fr
    )
