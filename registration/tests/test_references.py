"""Every registration gets a short reference, whatever its way in; the person who registers online is given it
on the confirmation page, with what it is for."""

import re

import pytest
from django.test import Client

from caravans.tests.factories import DURING_DEMO_REGISTRATION
from core.tests.i18n import ar
from registration.importing import import_registrations
from registration.models import BADGE_ALPHABET, Registration, format_reference, read_reference

from .factories import person
from .fixtures_files import csv_bytes, fake_rows, write
from .test_self_registration import DONE, REGISTER, answers
from .test_staff_entry import ENTRY, row

REFERENCE = re.compile(f"[{BADGE_ALPHABET}]{{8}}")


def test_the_public_form_gives_a_reference_to_keep(demo, time_machine):
    time_machine.move_to(DURING_DEMO_REGISTRATION)
    client = Client()
    client.post(REGISTER, answers())
    registration = Registration.objects.get()
    assert REFERENCE.fullmatch(registration.reference)
    page = client.get(DONE).content.decode()
    assert registration.reference_display in page
    assert registration.reference_display == f"QF-{registration.reference[:4]}-{registration.reference[4:]}"
    keep = (
        "Keep this reference: write it down or take a photo of this screen. With your date of birth, it lets you "
        "see your registration later, your badge code once you are accepted, and cancel if you cannot come."
    )
    assert ar(keep) in page
    assert 'href="/caravans/tanger-2025/status/"' in page


def test_staff_entry_gives_a_reference(personas):
    personas["agent"].post(ENTRY, row())
    assert REFERENCE.fullmatch(Registration.objects.get().reference)


def test_a_list_import_gives_each_registration_its_own_reference(demo, tmp_path):
    import_registrations(demo, write(tmp_path, csv_bytes(fake_rows(120)), "list.csv"))
    references = list(demo.registrations.values_list("reference", flat=True))
    assert len(references) > 100 and len(set(references)) == len(references)
    assert all(REFERENCE.fullmatch(reference) for reference in references)


def test_the_service_gives_a_reference(demo):
    from registration.services import register

    registration = register(demo, person(), profile="project_holder", channel="staff", project_idea="عسل")
    registration.refresh_from_db()
    assert REFERENCE.fullmatch(registration.reference)


@pytest.mark.parametrize(
    "typed,read",
    [
        ("QF-7K3M-9PXA", "7K3M9PXA"),
        ("qf 7k3m 9pxa", "7K3M9PXA"),
        ("7K3M9PXA", "7K3M9PXA"),
        ("QFQF7K3M", "QFQF7K3M"),  # eight characters: a reference that begins with QF itself
        ("7K3M-9PX", ""),  # one short
        ("7K3M-9PX0", ""),  # 0 is not in the alphabet
        ("AB123456", ""),  # a CIN
        ("", ""),
    ],
)
def test_a_reference_is_read_however_it_is_typed(typed, read):
    assert read_reference(typed) == read


def test_a_reference_is_shown_in_two_groups_after_the_prefix():
    assert format_reference("7K3M9PXA") == "QF-7K3M-9PXA"
