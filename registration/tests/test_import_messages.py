"""The people of a list imported by staff are told their registration and its decision, as anyone registering
is, unless the importer turns it off (`--no-messages`, the box on the import page)."""

from collections import Counter

import pytest
from django.core.management import call_command

from messaging.models import Message

from .fixtures_files import LIST, khadija, write, xlsx_bytes
from .test_import_pages import confirmed, media, previewed  # noqa: F401 (media: the uploads' folder)

ROWS = [cells for *_, cells in LIST]


@pytest.fixture(autouse=True)
def gateway(settings):
    settings.QAFILA_SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"


def imported(tmp_path, *args, rows=ROWS):
    call_command(
        "import_registrations", "--caravan", "tanger-2025", str(write(tmp_path, xlsx_bytes(rows))), *args
    )


def told():
    return Counter((m.kind, m.key) for m in Message.objects.all())


# The list: 6 registrations created, 2 accepted, 2 not eligible, 2 to review (told only that it was received).
EVERY_ROW_TOLD = {
    ("registration_received", ""): 6,
    ("decision", "accepted"): 2,
    ("decision", "ineligible"): 2,
}


def test_an_imported_list_tells_each_new_registration_once(demo, tmp_path):
    imported(tmp_path)
    assert told() == EVERY_ROW_TOLD
    assert set(Message.objects.values_list("status", flat=True)) == {"queued"}  # never asked: not refused
    imported(tmp_path)  # the same list again: nothing new to tell
    assert told() == EVERY_ROW_TOLD


def test_an_import_with_no_messages_tells_nobody(demo, tmp_path):
    imported(tmp_path, "--no-messages")
    assert demo.registrations.count() == 6 and told() == {}


def test_a_changed_decision_of_a_list_imported_again_is_told_unless_turned_off(demo, tmp_path):
    imported(tmp_path, "--no-messages", rows=[khadija()])
    imported(tmp_path, "--no-messages", rows=[khadija(project_idea="")])  # no project idea: not eligible
    assert told() == {}
    imported(tmp_path, rows=[khadija()])  # accepted again: told this time
    assert told() == {("decision", "accepted"): 1}


def test_a_dry_run_tells_nobody(demo, tmp_path):
    imported(tmp_path, "--dry-run")
    assert told() == {}


def test_the_import_page_tells_the_list_only_when_its_box_is_ticked(personas, demo):
    organiser = personas["organiser"]
    preview = previewed(organiser, demo)
    assert 'name="messages" value="1" checked' in preview.content.decode()
    confirmed(organiser, demo, preview)  # the box unticked
    assert demo.registrations.count() == 6 and told() == {}
    demo.registrations.all().delete()
    preview = previewed(organiser, demo)
    confirmed(organiser, demo, preview, messages="1")
    assert told() == EVERY_ROW_TOLD
