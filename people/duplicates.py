"""The review queue of likely duplicates: flag a pair, then a human merges it or keeps the two apart.

Merging keeps all history: the absorbed record stays, pointing to the kept one (`merged_into`). Moving the
absorbed person's registrations is the registration app's step (`registration.services.merge_duplicate`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import Person, PossibleDuplicate


class DuplicateError(ValidationError):
    """A refused review action; `code` is stable."""


def flag(new_people):
    """Queue a review for each likely match (`people.services.LikelyMatch`) of each newly recorded person,
    [(person, likely matches)], in one insert: a new record has no review yet."""
    PossibleDuplicate.objects.bulk_create(
        [
            PossibleDuplicate(
                person=person, other=match.person, score=match.score, reasons=list(match.reasons)
            )
            for person, likely_matches in new_people
            for match in likely_matches
        ]
    )


def _decide(pair, status, actor):
    pair.status, pair.decided_by, pair.decided_at = status, actor, timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])


def _pending(pair):
    pair = PossibleDuplicate.objects.select_for_update().get(pk=pair.pk)
    if pair.status != PossibleDuplicate.Status.PENDING:
        raise DuplicateError(_("This pair has already been reviewed."), code="already_reviewed")
    return pair


@transaction.atomic
def keep_apart(pair, actor):
    pair = _pending(pair)
    _decide(pair, PossibleDuplicate.Status.KEPT_APART, actor)
    audit.record(actor, "person.kept_apart", pair.person, other=pair.other_id)
    return pair


@transaction.atomic
def merge(pair, keep, actor):
    """Merge the pair into `keep` (one of its two records); the other record is absorbed, never deleted.
    Returns (kept, absorbed)."""
    pair = _pending(pair)
    if keep.pk not in (pair.person_id, pair.other_id):
        raise DuplicateError(_("Keep one of the two records of the pair."), code="not_in_pair")
    absorbed = Person.objects.get(pk=pair.other_id if keep.pk == pair.person_id else pair.person_id)
    kept = Person.objects.get(pk=keep.pk)
    for field in (
        "cin",
        "full_name_ar",
        "full_name_latin",
        "sex",
        "birth_date",
        "birth_year",
        "phone",
        "province_id",
        "commune_id",
        "community_id",
        "education",
    ):
        if not getattr(kept, field) and getattr(absorbed, field):
            setattr(kept, field, getattr(absorbed, field))
    if kept.cin and kept.cin == absorbed.cin:
        absorbed.cin = ""  # one active record per CIN: the absorbed one gives its CIN up
    absorbed.merged_into = kept
    absorbed.save()
    kept.save()
    _decide(pair, PossibleDuplicate.Status.MERGED, actor)
    audit.record(actor, "person.merged", kept, absorbed=absorbed.pk)
    return kept, absorbed
