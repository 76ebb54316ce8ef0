"""Correcting a registration's person and details, then deciding it again (issue #11).

The person's record is corrected by `people.corrections`; the registration's own details (profile, cooperative,
project idea, sector) are written over; then the registration is decided again by the one decision path
(`decisions.Decider`, as `services.update_registration` does), recorded as a `DecisionRecord` when the decision or
its reasons change. A staff decision (an override, a cancellation) stands: the rules' new verdict is only told.

**A place is never lost without a staff decision.** When the corrected facts would take an accepted person's place
(the rules no longer accept them), nothing is written until the caller says what to do with it, with the rules'
verdict in hand (`place_at_stake`): keep it (a staff decision against the rules, with its justification, as an
override) or release it (the rules' decision is recorded; the first person on the waiting list takes the place).
A typo fixed on the day the caravan starts must not silently send home someone who was told they are accepted.
"""

from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core import audit
from core.text import fold_compact
from people.corrections import CorrectionError, correct_person, has_pending_review

from .decisions import Decided, Decider
from .entry import cooperative_of
from .models import Decision, DecisionRecord, Registration
from .services import UPDATED, _locked, _promote_first_waiting, _set_decision

KEEP, RELEASE = "keep", "release"  # what becomes of a place the corrected facts would take away


class Corrected(NamedTuple):
    registration: Registration
    changes: dict  # {field: [old, new]}: the person's, then the registration's
    previous: str  # the decision before the correction
    verdict: Decided | None  # what the rules say with the corrected facts (None: nothing changed)
    staff_decided: bool  # a staff decision stands: the verdict was only told
    likely: list  # the likely duplicates newly queued for review
    promoted: Registration | None  # who took a released place


@transaction.atomic
def correct(registration, entry, *, actor, place=None, justification=""):
    """Correct `registration`'s person and details from `entry` (an `entry.Entry` read by a form), then decide it
    again. `place` (KEEP or RELEASE, with a `justification` to keep it) answers `place_at_stake`.

    Raises `CorrectionError` (nothing written): the person's refusals (`people.corrections`),
    `cooperative_founding_shared`, `place_at_stake` and `justification_required` (their `verdict` in `context`).
    Audited as `person.corrected` (the person's changes) and `registration.corrected` (the registration's, and
    what became of the decision)."""
    caravan = _locked(registration.caravan)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    person, changes, likely = correct_person(
        registration.person, entry.facts, commune=entry.commune, actor=actor
    )
    registration.person = person
    details = entry.details(registration.channel, _cooperative(registration, entry, actor))
    written = {
        name: [_plain(getattr(registration, name)), _plain(getattr(details, name))]
        for name in UPDATED
        if getattr(registration, name) != getattr(details, name)
    }
    if not (changes or written):
        return Corrected(registration, {}, registration.decision, None, False, [], None)
    for name in UPDATED:
        setattr(registration, name, getattr(details, name))
    previous = registration.decision
    extra = ["possible_duplicate"] if has_pending_review(person) else []
    verdict = Decider(caravan).decide(person, details, extra, keeps_place=previous == Decision.ACCEPTED)
    staff_decided = registration.history.filter(kind=DecisionRecord.Kind.OVERRIDE).exists()
    place_now, promoted = None, None
    if staff_decided or (verdict.decision, verdict.reasons) == (previous, list(registration.reasons)):
        registration.save()
    elif previous == Decision.ACCEPTED and verdict.decision != Decision.ACCEPTED:
        place_now = _keep_or_release(registration, verdict, place, justification, actor)
        promoted = _promote_first_waiting(caravan, actor) if place_now == RELEASE else None
    else:
        _set_decision(registration, *verdict, actor)
    audit.record(
        actor,
        "registration.corrected",
        registration,
        changes=written,
        previous=previous,
        decision=registration.decision,
        place=place_now,
        promoted=promoted.pk if promoted else None,
    )
    return Corrected(registration, changes | written, previous, verdict, staff_decided, likely, promoted)


def _keep_or_release(registration, verdict, place, justification, actor):
    """Write what the staff member chose for a place the corrected facts would take; returns that choice."""
    if place not in (KEEP, RELEASE):
        raise CorrectionError(
            _(
                "With these corrections the rules no longer accept this person, who holds a place. Nothing is "
                "saved yet: say whether they keep it."
            ),
            "place_at_stake",
            field="place",
            verdict=verdict,
        )
    if place == RELEASE:
        _set_decision(registration, *verdict, actor)
        return RELEASE
    if not (justification or "").strip():
        raise CorrectionError(
            _("Write why the person keeps their place against the rules."),
            "justification_required",
            field="justification",
            verdict=verdict,
        )
    kind = DecisionRecord.Kind.OVERRIDE
    _set_decision(registration, Decision.ACCEPTED, verdict.reasons, kind, actor, justification.strip())
    return KEEP


def _cooperative(registration, entry, actor):
    """The cooperative `entry` names: the registration's own when it names it again (its founding date completed
    when unknown, never changed: its members share it), else the one found or created as for a new entry."""
    if not entry.names_a_cooperative:
        return None
    current = registration.cooperative
    names = {fold_compact(current.name_ar), fold_compact(current.name_fr)} if current else set()
    if fold_compact(entry.cooperative_name) not in names:
        return cooperative_of(entry, actor)
    said = entry.cooperative_founded or entry.cooperative_founded_year
    known = current.founded_on or current.founded_year
    if said and known and said != known:
        raise CorrectionError(
            _(
                "The founding date of a cooperative is the same for all its members: it is not changed from "
                "one person's registration."
            ),
            "cooperative_founding_shared",
            field="cooperative_founded",
        )
    if said and not known:
        current.founded_on = entry.cooperative_founded
        current.founded_year = entry.cooperative_founded.year if entry.cooperative_founded else said
        current.save(update_fields=["founded_on", "founded_year"])
        audit.record(actor, "cooperative.updated", current, fields=["founded_on", "founded_year"])
    return current


def _plain(value):
    return value.pk if hasattr(value, "pk") else value
