"""`qafila copy-caravan SOURCE_SLUG NEW_SLUG [--start YYYY-MM-DD] [--capacity N]`."""

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from caravans.models import Caravan
from core.tests.served import app_env, own_database

ROOT = Path(__file__).resolve().parents[2]


def copy(*args):
    out = io.StringIO()
    call_command("copy_caravan", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_new_caravans_slug(demo):
    assert (
        copy("tanger-2025", "tetouan-2025", "--start", "2025-03-10", "--capacity", "150") == "tetouan-2025\n"
    )
    caravan = Caravan.objects.get(slug="tetouan-2025")
    assert (caravan.start_date, caravan.capacity) == (datetime.date(2025, 3, 10), 150)
    assert caravan.days.count() == 3 and caravan.status == Caravan.Status.DRAFT


def test_it_keeps_the_sources_dates_and_capacity_by_default(demo):
    copy("tanger-2025", "tanger-2025-bis")
    caravan = Caravan.objects.get(slug="tanger-2025-bis")
    assert (caravan.start_date, caravan.capacity) == (demo.start_date, demo.capacity)


@pytest.mark.parametrize(
    "args, words",
    [
        (["nowhere", "tetouan-2025"], "unknown caravan"),
        (["tanger-2025", "tetouan-2025", "--start", "10/03/2025"], "YYYY-MM-DD"),
        (["tanger-2025", "tetouan-2025", "--capacity", "many"], "--capacity"),
        (["tanger-2025", "tanger-2025"], "already exists"),
        (["tanger-2025", "bad slug!"], "valid"),
    ],
)
def test_it_refuses_bad_input_in_one_line_and_creates_nothing(demo, args, words):
    before = Caravan.objects.count()
    with pytest.raises(CommandError) as refusal:
        copy(*args)
    assert words in str(refusal.value) and "\n" not in str(refusal.value)
    assert Caravan.objects.count() == before


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A real database with the demo caravan (core.tests.served's own_database), for the command as operators
    run it."""
    with own_database(tmp_path_factory.mktemp("copy")) as url:
        env = app_env(url, 1)
        load = "from places.services import load_places; from caravans.demo import load_demo_caravan; "
        load += "load_places(); load_demo_caravan()"
        subprocess.run(
            [sys.executable, "-m", "qafila.cli", "shell", "-c", load], cwd=ROOT, env=env, check=True
        )
        yield env


def qafila(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "qafila.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_it_works_from_the_qafila_command(demo_database):
    done = qafila(demo_database, "copy-caravan", "tanger-2025", "tetouan-2025", "--start", "2025-03-10")
    assert (done.returncode, done.stdout, done.stderr) == (0, "tetouan-2025\n", "")
    again = qafila(demo_database, "copy-caravan", "tanger-2025", "tetouan-2025")
    assert again.returncode != 0 and again.stdout == ""
    assert len(again.stderr.strip().splitlines()) == 1 and "already exists" in again.stderr
    bad_date = qafila(demo_database, "copy-caravan", "tanger-2025", "fes-2025", "--start", "2025-13-01")
    assert bad_date.returncode != 0 and len(bad_date.stderr.strip().splitlines()) == 1
