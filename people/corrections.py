"""Correcting who someone is: a registered person's names, CIN, phone, sex, birth date and places, as staff read
them from the card or hear them from the person (issue #11).

Unlike `services.complete_person` (a list only fills what a record lacks), a correction overwrites: the person or
their card is in front of the staff member. The values are read as every way in reads them (`identifiers`); a CIN
already on another active record is refused with that record named, since two records of one person are merged
in the review of likely duplicates, never here. Once corrected, the person is matched again (`matching`) and a
new likely duplicate is queued for review. Who the person is changes for every caravan at once: badges, lists and
sheets read the record.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from core import audit

from . import duplicates, identifiers, matching
from .models import Person, PossibleDuplicate
from .services import Registry, likely_matches, name_key

# What a correction writes, in the order its audit entry reports it (`services.PersonFacts` and the commune).
CORRECTED = ["full_name_ar", "full_name_latin", "cin", "sex", "birth_date", "birth_year", "phone", "province"]
CORRECTED += ["commune", "community", "community_declared"]


class CorrectionError(ValidationError):
    """A refused correction: `code` is stable; `field` names the form field it is about (None: the whole form);
    `context` what the caller may show with it (the CIN's `holder`, the rules' `verdict`…)."""

    def __init__(self, message, code, *, field=None, **context):
        super().__init__(message, code=code)
        self.field, self.context = field, context


def correct_person(person, facts, *, commune, actor):
    """Write `facts` (a `services.PersonFacts` as a form reads it) and `commune` over `person`'s record.

    Returns (person, {field: [old, new]} of what changed, the likely duplicates newly queued for review); nothing
    is written when nothing changes. Audited as `person.corrected` with every change. Raises `CorrectionError`
    (nothing written): `missing_name`, `invalid_cin`, `invalid_phone`, `future_date`, `cin_taken`."""
    new = _read(facts) | {"commune": commune}
    with transaction.atomic():
        person = (
            Person.objects.select_for_update(of=("self",))
            .select_related("province__region", "commune", "community")
            .get(pk=person.pk)
        )
        changes = {
            name: [_plain(getattr(person, name)), _plain(new[name])]
            for name in CORRECTED
            if getattr(person, name) != new[name] and not (name == "birth_year" and new["birth_date"])
        }
        if not changes:
            return person, {}, []
        if "cin" in changes and new["cin"]:
            holder = Person.objects.active().exclude(pk=person.pk).filter(cin=new["cin"]).first()
            if holder is not None:
                raise CorrectionError(
                    _(
                        "The CIN %(cin)s is already on the record of %(name)s. If they are one person, merge "
                        "the two records in the review of likely duplicates, then correct what remains."
                    )
                    % {"cin": new["cin"], "name": holder},
                    "cin_taken",
                    field="cin",
                    holder=holder,
                )
        for name, value in new.items():
            setattr(person, name, value)  # a birth date's year with it, told as the date's change
        person.name_key = name_key(person.full_name_ar, person.full_name_latin)
        person.save()
        audit.record(actor, "person.corrected", person, changes=changes)
        likely = _queue_likely_duplicates(person)
    return person, changes, likely


def _read(facts):
    """The values to write, read again as every way in reads them: a caller that skipped a form is refused too."""
    if not (facts.full_name_ar.strip() or facts.full_name_latin.strip()):
        raise CorrectionError(
            _("Write the full name in Arabic or in Latin letters."), "missing_name", field="full_name_ar"
        )
    cin = identifiers.normalise_cin(facts.cin)
    if cin.status == identifiers.INVALID:
        raise CorrectionError(
            _("This CIN cannot be read: one or two Latin letters followed by digits, for example AB123456."),
            "invalid_cin",
            field="cin",
        )
    phone = identifiers.normalise_phone(facts.phone)
    if phone.status == identifiers.INVALID:
        raise CorrectionError(
            _("This phone number cannot be read: a Moroccan number of 10 digits, for example 0612345678."),
            "invalid_phone",
            field="phone",
        )
    born, today = facts.birth_date, datetime.date.today()
    birth_year = born.year if born else facts.birth_year
    if (born and born > today) or (birth_year and birth_year > today.year):
        raise CorrectionError(
            _("A date of birth cannot be in the future."), "future_date", field="birth_date"
        )
    return {
        "full_name_ar": facts.full_name_ar.strip(),
        "full_name_latin": facts.full_name_latin.strip(),
        "cin": cin.value,
        "sex": facts.sex,
        "birth_date": born,
        "birth_year": birth_year,
        "phone": phone.value,
        "province": facts.province,
        "community": facts.community,
        "community_declared": "" if facts.community else facts.community_declared.strip(),
    }


def _plain(value):
    """A value as the audit log's JSON keeps it: a record by its id, a date in ISO format."""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _pairs_of(person):
    return PossibleDuplicate.objects.filter(Q(person=person) | Q(other=person))


def _queue_likely_duplicates(person):
    """Match the corrected person against the registry; queue the likely duplicates no review knows yet (a pair
    already reviewed stays as the reviewer decided). Returns them, best first."""
    known = {pk for pair in _pairs_of(person).values_list("person_id", "other_id") for pk in pair}
    candidates = [p for p in Registry().candidates(person) if p.pk != person.pk and p.pk not in known]
    likely = likely_matches(person, candidates)
    duplicates.flag([(person, likely)])
    return likely


def review_same_cin(person, holder):
    """Queue `person` and `holder` (who holds the CIN a correction gave `person`) for review, unless a review of
    the pair exists: the way to say they are one person is to merge them there."""
    if not _pairs_of(person).filter(Q(person=holder) | Q(other=holder)).exists():
        PossibleDuplicate.objects.create(person=person, other=holder, score=1.0, reasons=[matching.SAME_CIN])


def has_pending_review(person):
    """A likely duplicate of `person` waits for a review."""
    return _pairs_of(person).filter(status=PossibleDuplicate.Status.PENDING).exists()
