"""Registration write actions: register, update_registration, cancel (promoting the waiting list), override,
merge_duplicate. Each owns its transaction and leaves an audit entry.

A new registration is always written through a `RegistrationBatch`, which locks the caravan's row, then decides
each registration (`decisions`) against its accepted count kept in memory, so that two agents registering at
once can never push the caravan past its capacity. A list import adds hundreds of registrations to one batch,
locking the caravan again for each chunk of rows it commits (`relock`); `register` is a batch of one.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit, rows
from people import duplicates

from . import notify
from .decisions import Decider, Details
from .models import Decision, DecisionRecord, Invitation, Registration, new_badge_code


class RegistrationError(ValidationError):
    """A refused registration action; `code` is stable for tests, the API and the importer."""


def _locked(caravan):
    return Caravan.objects.select_for_update().select_related("region").get(pk=caravan.pk)


def _has_room(caravan):
    return caravan.registrations.accepted().count() < caravan.capacity


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _set_decision(registration, decision, reasons, kind, actor, justification="", *, tell=True):
    """Record `decision` on `registration`; the person is told a change of decision (`notify.decided`) unless
    `tell` is False (an import run with its messages turned off)."""
    previous = registration.decision
    registration.decision = decision
    registration.reasons = list(reasons)
    if decision == Decision.ACCEPTED and not registration.badge_code:
        registration.badge_code = new_badge_code()
    registration.save()
    DecisionRecord.objects.create(
        registration=registration,
        kind=kind,
        decision=decision,
        reasons=list(reasons),
        justification=justification,
        by=_user(actor),
    )
    if tell:
        notify.decided(
            registration, previous, promoted=kind == DecisionRecord.Kind.PROMOTION, by=_user(actor)
        )


def register(caravan, person, *, actor=None, extra_reasons=(), tell=True, **details):
    """Register `person` to `caravan`, decided by the caravan's rules, then by its capacity: a batch of one.
    `details` are the fields of `decisions.Details` (profile, channel, cooperative, project_idea, sector,
    sector_text); `tell`: the person is told (`notify.registered`). Raises `RegistrationError`
    (`already_registered`) when the person is registered already."""
    with transaction.atomic():
        batch = RegistrationBatch(caravan, tell=tell)
        if batch.caravan.registrations.filter(person=person).exists():
            raise RegistrationError(
                _("This person is already registered to this caravan."), code="already_registered"
            )
        registration = batch.add(person, Details(**details), actor=actor, extra_reasons=extra_reasons)
        batch.flush()
    return registration


class RegistrationBatch:
    """New registrations to one caravan, decided one by one in memory and inserted together on `flush`. The
    caravan's row stays locked until the caller's transaction ends.

    The caller flushes the batch before anything that reads registrations from the database (an update, a
    cancellation), then `recount`s; when a flush fails, it rolls its savepoint back, `discard`s the batch
    and `recount`s. `tell`: each person inserted is told (`notify.registered`), in the same transaction."""

    def __init__(self, caravan, *, tell=True):
        self.caravan = _locked(caravan)
        self.tell = tell
        self.decider = Decider(self.caravan)
        self.pending = []  # (registration, its decision record, actor), in arrival order

    def recount(self):
        """Read the accepted count again (after writes made outside the batch, or a rollback)."""
        self.decider.recount()

    def relock(self):
        """Lock the caravan's row again in a new transaction (a list imported in chunks, each committed), and
        count its places again: others may have registered between the chunks."""
        self.caravan = self.decider.caravan = _locked(self.caravan)
        self.decider.recount()

    def add(self, person, details, *, actor=None, extra_reasons=()):
        """A new registration of `person` (saved, or to be inserted before the batch is flushed), decided now;
        inserted on `flush`."""
        decision, reasons, kind = self.decider.decide(person, details, extra_reasons)
        self.decider.take_place(decision)
        registration = rows.build(
            Registration,
            person=person,
            caravan=self.caravan,
            created_by=_user(actor),
            decision=decision,
            reasons=reasons,
            badge_code=new_badge_code() if decision == Decision.ACCEPTED else None,
            **details.fields(),
        )
        record = rows.build(
            DecisionRecord, kind=kind, decision=decision, reasons=list(reasons), by=_user(actor)
        )
        self.pending.append((registration, record, actor))
        return registration

    def flush(self):
        """Insert the pending registrations, their decision records and audit entries, a few queries per
        table (their people and cooperatives must be inserted first); returns the registrations inserted."""
        pending, self.pending = self.pending, []
        if not pending:
            return []
        registrations = rows.insert_many([registration for registration, *_ in pending])
        Invitation.objects.link(registrations)
        for registration, record, _actor in pending:
            record.registration = registration
        rows.insert_many([record for _registration, record, _actor in pending])
        rows.insert_many(
            [
                audit.entry(
                    actor,
                    "registration.created",
                    registration,
                    decision=registration.decision,
                    reasons=list(registration.reasons),
                )
                for registration, _record, actor in pending
            ]
        )
        if self.tell:
            for actor, told in _by_actor(pending).items():
                notify.registered(told, by=actor)
        return registrations

    def discard(self):
        """Forget the pending registrations (their savepoint was rolled back)."""
        self.pending = []


def _by_actor(pending):
    """{actor: [registration, …]} of a batch's pending registrations, in arrival order."""
    grouped = {}
    for registration, _record, actor in pending:
        grouped.setdefault(_user(actor), []).append(registration)
    return grouped


def _promote_first_waiting(caravan, actor, *, tell=True):
    waiting = caravan.registrations.filter(decision=Decision.WAITLISTED).in_arrival_order().first()
    if waiting is None or not _has_room(caravan):
        return None
    reasons = [code for code in waiting.reasons if code != "capacity_full"]
    _set_decision(waiting, Decision.ACCEPTED, reasons, DecisionRecord.Kind.PROMOTION, actor, tell=tell)
    audit.record(actor, "registration.promoted", waiting)
    return waiting


@transaction.atomic
def fill_free_places(caravan, actor):
    """After the capacity was raised: the waiting list moves up, in arrival order, into every free place."""
    _locked(caravan)
    promoted = []
    while (registration := _promote_first_waiting(caravan, actor)) is not None:
        promoted.append(registration)
    return promoted


@transaction.atomic
def cancel(registration, actor, justification=""):
    """Cancel a registration; the first person on the waiting list takes the freed place."""
    _locked(registration.caravan)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.decision == Decision.CANCELLED:
        return registration, None
    _set_decision(
        registration,
        Decision.CANCELLED,
        registration.reasons,
        DecisionRecord.Kind.OVERRIDE,
        actor,
        justification,
    )
    audit.record(actor, "registration.cancelled", registration)
    return registration, _promote_first_waiting(registration.caravan, actor)


@transaction.atomic
def override(registration, decision, justification, actor):
    """A staff decision against the rules: always with a written justification, always audited."""
    if not (justification or "").strip():
        raise RegistrationError(_("Write why you change the decision."), code="justification_required")
    if decision not in (Decision.ACCEPTED, Decision.INELIGIBLE, Decision.WAITLISTED):
        raise RegistrationError(_("This decision cannot be given by hand."), code="invalid_decision")
    caravan = _locked(registration.caravan)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        decision == Decision.ACCEPTED
        and registration.decision != Decision.ACCEPTED
        and not _has_room(caravan)
    ):
        raise RegistrationError(
            _("The caravan is full: cancel a place or raise the capacity first."), code="capacity_full"
        )
    previous = registration.decision
    _set_decision(
        registration,
        decision,
        registration.reasons,
        DecisionRecord.Kind.OVERRIDE,
        actor,
        justification.strip(),
    )
    audit.record(
        actor,
        "registration.overridden",
        registration,
        previous=previous,
        decision=decision,
        justification=justification.strip(),
    )
    if previous == Decision.ACCEPTED and decision != Decision.ACCEPTED:
        _promote_first_waiting(caravan, actor)
    return registration


# What a list imported again may change in a registration (never its channel).
UPDATED = ("profile", "cooperative", "project_idea", "sector", "sector_text")


@transaction.atomic
def update_registration(registration, details, *, actor, tell=True):
    """Complete a registration with newer details (a list imported again) and decide it again by the rules and
    the capacity; a staff decision (override) is kept. Audited as `registration.updated`. `tell`: a changed
    decision, and the waiting list moving up, are told."""
    caravan = _locked(registration.caravan)
    registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    for name in UPDATED:
        setattr(registration, name, getattr(details, name))
    previous = registration.decision
    if registration.history.filter(kind=DecisionRecord.Kind.OVERRIDE).exists():
        registration.save()
    else:
        kept = [code for code in registration.reasons if code in ("possible_duplicate", "identity_to_check")]
        decision, reasons, kind = Decider(caravan).decide(
            registration.person, details, kept, keeps_place=previous == Decision.ACCEPTED
        )
        if (decision, list(reasons)) == (previous, list(registration.reasons)):
            registration.save()
        else:
            _set_decision(registration, decision, reasons, kind, actor, tell=tell)
    audit.record(actor, "registration.updated", registration, decision=registration.decision)
    if previous == Decision.ACCEPTED and registration.decision != Decision.ACCEPTED:
        _promote_first_waiting(caravan, actor, tell=tell)
    return registration


@transaction.atomic
def merge_duplicate(pair, keep, actor):
    """Merge a likely duplicate into `keep` and move the absorbed person's registrations over; where both were
    registered to the same caravan, the absorbed one is cancelled (the waiting list moves up)."""
    kept, absorbed = duplicates.merge(pair, keep, actor)
    kept_caravans = set(kept.registrations.values_list("caravan_id", flat=True))
    for registration in absorbed.registrations.select_related("caravan"):
        if registration.caravan_id in kept_caravans:
            cancel(registration, actor, justification="merged duplicate")
        else:
            registration.person = kept
            registration.save(update_fields=["person", "updated"])
            audit.record(actor, "registration.moved", registration, absorbed=absorbed.pk)
    return kept
