import io

from django.core.management import call_command

from certificates.models import Certificate
from certificates.services import issue_all
from onsite.models import CheckIn, GroupAssignment, SessionAttendance
from projects.models import Project
from registration.models import Registration
from surveys.models import Response


def test_the_demo_loads_a_caravan_that_is_over_and_loads_again_after_certificates_were_issued(
    db, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.QAFILA_DEMO_PASSWORD = "pw"
    call_command("demo", "--no-serve", stdout=io.StringIO())
    caravan = Registration.objects.first().caravan
    assert Registration.objects.filter(caravan=caravan).count() == 232
    assert (
        CheckIn.objects.exists() and SessionAttendance.objects.exists() and GroupAssignment.objects.exists()
    )
    assert Project.objects.filter(caravans=caravan).count() == 40 and Response.objects.exists()
    issue_all(caravan, None)
    assert Certificate.objects.exists()

    call_command("demo", "--no-serve", stdout=io.StringIO())

    assert Registration.objects.filter(caravan__slug=caravan.slug).count() == 232
    assert not Certificate.objects.exists()
