"""Story actions: draft from a followed project, edit, record the consent, add or remove a photo, submit for
review, publish, withdraw the consent, put on (or take off) a later caravan's programme. Each owns its
transaction and audit entry; a refusal raises StoryError with a stable code."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit
from projects.followup.models import FollowUp

from . import photos
from .drafting import first_draft
from .models import Story, StoryPhoto

MAX_PHOTOS = 6
# What a story's editors may change with `edit`; the consent, the status and the photos have their own actions.
TEXT_FIELDS = (
    "title_ar",
    "title_fr",
    "name_ar",
    "name_fr",
    "before_ar",
    "before_fr",
    "after_ar",
    "after_fr",
    "figures_ar",
    "figures_fr",
    "quote",
    "quote_language",
)


class StoryError(ValidationError):
    """A refused story action; `code` is stable for tests."""


def is_followed(caravan, project):
    """A story is told of a project the follow-up reached after `caravan`: its figures are known, not guessed."""
    return FollowUp.objects.filter(caravan=caravan, project=project, status=FollowUp.Status.REACHED).exists()


def _touch_programmes(story):
    """The caravans whose programme shows the story change with it: their cached pages must be built again."""
    caravans = story.sessions.values("day__caravan")
    Caravan.objects.filter(pk__in=caravans).update(updated=timezone.now())


def _locked(story, *, for_update=True):
    query = Story.objects.select_for_update() if for_update else Story.objects
    story = query.get(pk=story.pk)
    if story.status == Story.Status.WITHDRAWN:
        raise StoryError(_("The holder withdrew their consent: this story is closed."), code="withdrawn")
    return story


@transaction.atomic
def draft(actor, caravan, project):
    """A new draft story of `project`, written from its follow-up standing."""
    if not is_followed(caravan, project):
        raise StoryError(
            _("Only a project the follow-up has reached can be told: its figures must be known."),
            code="not_followed",
        )
    story = Story.objects.create(
        project=project, caravan=caravan, drafted_by=actor, **first_draft(caravan, project)
    )
    audit.record(actor, "story.drafted", story, project=project.pk, caravan=caravan.slug)
    return story


@transaction.atomic
def edit(actor, story, **fields):
    """Change the story's texts. A published story goes back to review: what the public reads was reviewed."""
    current = _locked(story)
    changed = [name for name in TEXT_FIELDS if name in fields and getattr(current, name) != fields[name]]
    for name in changed:
        setattr(current, name, fields[name])
    if not changed:
        return current
    unpublished = current.is_published
    if unpublished:
        current.status, current.published_at = Story.Status.IN_REVIEW, None
        _touch_programmes(current)
    current.save()
    audit.record(actor, "story.edited", current, fields=changed, unpublished=unpublished)
    return current


@transaction.atomic
def record_consent(actor, story, *, on, collected_by, covers_text, covers_photos, scan=None):
    """Record the holder's written consent (what it covers, who collected it, the signed form's scan)."""
    current = _locked(story)
    if on is None or on > timezone.localdate():
        raise StoryError(_("Enter the date the form was signed, today at the latest."), code="consent_date")
    if not covers_photos and current.photos.exists():
        raise StoryError(
            _("The story has photos: remove them before recording a consent that does not cover photos."),
            code="photos_not_covered",
        )
    current.consent_on, current.consent_collected_by = on, (collected_by or "").strip()[:150]
    current.consent_text, current.consent_photos = bool(covers_text), bool(covers_photos)
    if scan is not None:
        _save_scan(current, scan)
    current.save()
    audit.record(
        actor,
        "story.consent_recorded",
        current,
        on=on.isoformat(),
        text=current.consent_text,
        photos=current.consent_photos,
        scan=bool(current.consent_scan),
    )
    if current.is_published and not current.has_consent:
        current.status = Story.Status.IN_REVIEW
        _unpublish(actor, current, "story.unpublished")
    return current


def _save_scan(story, upload):
    """A PDF kept as sent, or an image kept as a checked JPEG without its metadata."""
    if photos.is_pdf(upload):
        if upload.size > photos.MAX_PDF_BYTES:
            raise StoryError(_("The file is larger than 10 MB."), code="image_too_large")
        content, name = upload.read(), f"story-{story.pk}.pdf"
    else:
        content, _width, _height = photos.fitted_jpeg(upload, photos.SCAN_SIDE)
        name = f"story-{story.pk}.jpg"
    old = story.consent_scan.name
    story.consent_scan.save(name, ContentFile(content), save=False)
    if old and old != story.consent_scan.name:
        story.consent_scan.storage.delete(old)


@transaction.atomic
def add_photo(actor, story, upload, *, caption_ar="", caption_fr=""):
    """Add a photo, resized and stripped of its metadata; only when the consent covers photos."""
    current = _locked(story)
    if not (current.has_consent and current.consent_photos):
        raise StoryError(_("The holder's written consent does not cover photos."), code="photos_not_covered")
    if current.photos.count() >= MAX_PHOTOS:
        raise StoryError(_("A story has at most six photos."), code="too_many_photos")
    content, width, height = photos.fitted_jpeg(upload)
    photo = StoryPhoto(
        story=current,
        width=width,
        height=height,
        caption_ar=caption_ar.strip()[:200],
        caption_fr=caption_fr.strip()[:200],
        uploaded_by=actor,
    )
    photo.image.save(f"story-{current.pk}.jpg", ContentFile(content), save=False)
    photo.save()
    audit.record(actor, "story.photo_added", current, photo=photo.pk, width=width, height=height)
    return photo


@transaction.atomic
def remove_photo(actor, photo):
    audit.record(actor, "story.photo_removed", photo.story, photo=photo.pk)
    photo.image.delete(save=False)
    photo.delete()


@transaction.atomic
def submit(actor, story):
    """Ask an organiser to review the draft."""
    current = _locked(story)
    if current.status != Story.Status.DRAFT:
        return current  # already in review or published: nothing to ask
    current.status = Story.Status.IN_REVIEW
    current.save(update_fields=["status", "updated"])
    audit.record(actor, "story.submitted", current)
    return current


@transaction.atomic
def publish(actor, story):
    """Publish the story on the public pages, in Arabic and French, under the holder's written consent."""
    current = _locked(story)
    if current.is_published:
        return current
    if not current.has_consent:
        raise StoryError(
            _("Record the holder's written consent to publish the story first."), code="no_consent"
        )
    missing = current.missing_texts()
    if missing:
        names = ", ".join(str(Story._meta.get_field(name).verbose_name) for name in missing)
        raise StoryError(
            _("Write the story in Arabic and in French first; missing: %(names)s.") % {"names": names},
            code="missing_language",
        )
    current.status, current.published_at, current.reviewed_by = Story.Status.PUBLISHED, timezone.now(), actor
    current.save(update_fields=["status", "published_at", "reviewed_by", "updated"])
    _touch_programmes(current)
    audit.record(actor, "story.published", current)
    return current


def _unpublish(actor, story, action, **details):
    story.published_at = None
    story.save()
    _touch_programmes(story)
    audit.record(actor, action, story, **details)


@transaction.atomic
def withdraw_consent(actor, story, *, on=None, note=""):
    """The holder withdrew their consent: the story leaves the public pages at once, for good, and its photos
    are deleted (they were kept on that consent alone). The texts stay for the record, never shown again."""
    current = Story.objects.select_for_update().get(pk=story.pk)
    if current.status == Story.Status.WITHDRAWN:
        return current
    was_published = current.is_published
    current.status = Story.Status.WITHDRAWN
    current.consent_withdrawn_on = on or timezone.localdate()
    for photo in current.photos.all():
        photo.image.delete(save=False)
    deleted = current.photos.all().delete()[0]
    _unpublish(
        actor,
        current,
        "story.consent_withdrawn",
        on=current.consent_withdrawn_on.isoformat(),
        was_published=was_published,
        photos_deleted=deleted,
        note=(note or "").strip()[:300],
    )
    return current


@transaction.atomic
def feature(actor, story, session):
    """Put the story on a later caravan's programme, in `session` (typically its success stories)."""
    current = _locked(story)
    caravan = session.day.caravan
    if caravan.start_date <= current.caravan.end_date:
        raise StoryError(
            _("A story goes on the programme of a caravan that comes after its own."), code="not_later"
        )
    current.sessions.add(session)
    Caravan.objects.filter(pk=caravan.pk).update(updated=timezone.now())
    audit.record(actor, "story.featured", current, session=session.pk, caravan=caravan.slug)
    return current


@transaction.atomic
def unfeature(actor, story, session):
    """Take the story off `session`'s programme; quiet when it is not there."""
    if not story.sessions.filter(pk=session.pk).exists():
        return
    story.sessions.remove(session)
    Caravan.objects.filter(pk=session.day.caravan_id).update(updated=timezone.now())
    audit.record(actor, "story.unfeatured", story, session=session.pk, caravan=session.day.caravan.slug)
