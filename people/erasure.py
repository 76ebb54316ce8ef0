"""Anonymising a person's record (Law 09-08: erasure on request, or the end of the retention period).

What tells who the person is goes: names, CIN, phone, email, education, the community they declared in their own
words. What the statistics count stays: sex, province and commune, the listed community, the language. The birth
date becomes a date no one can be found by that still gives the person's age in whole years on every day the
figures measure it (each caravan's first day, today for the programmes a project matches), so no figure moves.
Free text that was written becomes ERASED rather than empty: "an idea was given" still reads true where a rule
or a figure asks it. The rows of the person's registrations, check-ins and answers are kept (`qafila.rights`).
"""

import calendar
import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Person, PossibleDuplicate

ERASED = "—"


def erased(text):
    """ERASED in place of a written text, an empty text left empty."""
    return ERASED if text else text


def generalised_birth_date(born, measured_on):
    """A date of `born`'s year giving the same whole-year age as `born` on each day of `measured_on`: the day
    after the latest of those days' month and day that comes before the birthday, 1 January when none does."""
    if born is None:
        return None
    birthday = (born.month, born.day)
    before = [(day.month, day.day) for day in measured_on if (day.month, day.day) < birthday]
    if not before:
        return datetime.date(born.year, 1, 1)
    month, day = max(before)
    # 29 February of a leap-year caravan, for someone born in another year: the day after is 1 March all the same.
    if (month, day) == (2, 29) and not calendar.isleap(born.year):
        month, day = 2, 28
    # Still in `born`'s year: a day before the birthday is not the year's last.
    return datetime.date(born.year, month, day) + datetime.timedelta(days=1)


def anonymise(person, *, measured_on):
    """Overwrite `person`'s identifying facts (see the module) and mark it anonymised; the caller saves nothing
    else and owns the transaction. `measured_on`: the days on which the figures compute the person's age."""
    person.full_name_ar, person.full_name_latin, person.name_key = ERASED, "", ""
    person.cin = person.phone = person.email = person.education = ""
    person.community_declared = erased(person.community_declared)
    person.birth_date = generalised_birth_date(person.birth_date, measured_on)
    person.messages_consent = False
    person.erased_at = timezone.now()
    person.save()
    # A likely duplicate of nobody in particular is nothing left to review.
    PossibleDuplicate.objects.filter(
        Q(person=person) | Q(other=person), status=PossibleDuplicate.Status.PENDING
    ).delete()


def object_to_processing(person):
    """The person objects to further processing: no message of any kind, no follow-up. Returns False when they
    had already objected."""
    if person.objected_at is not None:
        return False
    person.objected_at = timezone.now()
    person.messages_consent = False
    person.save(update_fields=["objected_at", "messages_consent", "updated"])
    return True


def records_of(person):
    """The person's record and the duplicates merged into it, which hold what they said too."""
    return list(Person.objects.filter(Q(pk=person.pk) | Q(merged_into=person)).order_by("pk"))
