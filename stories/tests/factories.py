"""Plain factory functions for story tests: a project the follow-up reached, with outcomes, and its stories."""

import datetime
import io

from PIL import Image

from programmes.models import SupportProgramme
from projects.followup.models import FollowUp
from projects.followup.services import build_outcome, plan_follow_ups, record_contact
from projects.tests.factories import project

from ..models import Story


def followed_project(caravan, holder=None):
    """A goat-cheese project of `caravan` reached at 6 months: cooperative founded, 45 000 MAD obtained from a
    programme, 4 jobs (3 women, 2 under 35)."""
    followed = project(caravan, holder=holder)
    plan_follow_ups(caravan)
    programme, _ = SupportProgramme.objects.get_or_create(
        key="p-stories",
        defaults={
            "name_ar": "برنامج الدعم",
            "name_fr": "Programme d'appui",
            "checked_on": datetime.date(2025, 1, 1),
        },
    )
    outcomes = [
        build_outcome(followed, "founding_step", "2025-07-01", step="local_register", step_status="done"),
        build_outcome(
            followed, "financing", "2025-08-01", programme=programme, financing="obtained", amount_mad="45000"
        ),
        build_outcome(followed, "jobs", "2025-08-01", jobs_women=3, jobs_men=1, jobs_under_35=2),
    ]
    at_6 = FollowUp.objects.get(project=followed, caravan=caravan, months=6)
    record_contact(None, at_6, reached=True, on=datetime.date(2025, 8, 6), outcomes=outcomes)
    return followed


TEXTS = {
    "title_ar": "جبن الماعز يصل إلى محلات طنجة",
    "title_fr": "Le fromage de chèvre arrive dans les boutiques de Tanger",
    "name_ar": "فاطمة",
    "name_fr": "Fatima",
    "before_ar": "كانت فاطمة تبيع الحليب بثمن زهيد.",
    "before_fr": "Fatima vendait son lait à bas prix.",
    "after_ar": "تبيع التعاونية اليوم جبنها المعبأ.",
    "after_fr": "La coopérative vend aujourd'hui son fromage conditionné.",
    "figures_ar": "مناصب الشغل: 4",
    "figures_fr": "Emplois : 4",
    "quote": "القافلة بدلات لينا الطريق.",
    "quote_language": "ary",
}


def a_story(caravan, *, consent=True, photos=False, **fields):
    """A story of a followed project of `caravan`, written in both languages, with consent unless told not."""
    consented = {
        "consent_on": datetime.date(2025, 9, 1),
        "consent_collected_by": "Samira",
        "consent_text": True,
    }
    return Story.objects.create(
        project=followed_project(caravan),
        caravan=caravan,
        **{**TEXTS, **(consented if consent else {}), "consent_photos": photos, **fields},
    )


def jpeg_upload(name="photo.jpg", size=(3000, 2000), exif=True):
    """A phone photo as uploaded: large, with EXIF (a GPS position and the camera's owner)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = Image.new("RGB", size, (180, 120, 60))
    out = io.BytesIO()
    data = Image.Exif()
    if exif:
        data[0x013B] = "Fatima Owner"  # Artist
        data[0x8825] = {1: "N", 2: (35.0, 46.0, 0.0)}  # GPSInfo
    image.save(out, format="JPEG", exif=data.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
