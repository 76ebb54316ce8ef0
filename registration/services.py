"""Registration write actions: register, update_registration, cancel (promoting the waiting list), override.
Each owns its transaction and leaves an audit entry; capacity is decided under a lock on the caravan row so
that two agents registering at once can never push the caravan past its capacity.

`RegistrationBatch` registers many people to one caravan inside one transaction (a list import): the caravan
is locked once, its accepted count kept in memory, each registration decided at once exactly as `register`
decides it, and all of them inserted together on `flush`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit
from core.models import AuditEntry
from people import duplicates
from people.identifiers import normalise_cin
from people.membership import Members, is_member

from .eligibility import Applicant, Rules, decide, decision_for
from .models import Decision, DecisionRecord, Registration, new_badge_code


class RegistrationError(ValidationError):
    """A refused registration action; `code` is stable for tests, the API and the importer."""


def applicant_for(person, *, profile, cooperative=None, project_idea=""):
    """The facts the eligibility rules read, taken from the registry's records."""
    community = person.community
    found = bool(community and community.members_list_loaded_at) and is_member(person, community)
    return _applicant(person, profile, cooperative, project_idea, membership_found=found)


def _applicant(person, profile, cooperative, project_idea, *, membership_found):
    province = person.province
    return Applicant(
        profile=profile,
        region_code=province.region.code if province else "",
        province_code=province.code if province else "",
        birth_date=person.birth_date,
        birth_year=person.birth_year,
        sex=person.sex,
        cin_status=normalise_cin(person.cin).status,
        cooperative_founded=cooperative.founded_on if cooperative else None,
        cooperative_founded_year=cooperative.founded_year if cooperative else None,
        community=person.community.name_ar if person.community else person.community_declared,
        project_idea=project_idea,
        community_list_loaded=bool(person.community and person.community.members_list_loaded_at),
        membership_found=membership_found,
    )


def _locked(caravan):
    return Caravan.objects.select_for_update().select_related("region").get(pk=caravan.pk)


def _has_room(caravan):
    return caravan.registrations.accepted().count() < caravan.capacity


def _set_decision(registration, decision, reasons, kind, actor, justification=""):
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
        by=actor if getattr(actor, "pk", None) else None,
    )


def _decided(applicant, rules, extra_reasons, has_room):
    """(decision, reasons, kind) of a new registration: the rules, then the capacity (`has_room()`)."""
    reasons = [*decide(applicant, rules).reasons, *extra_reasons]
    decision, kind = decision_for(reasons), DecisionRecord.Kind.RULES
    if decision == Decision.ACCEPTED and not has_room():
        decision, reasons, kind = (
            Decision.WAITLISTED,
            [*reasons, "capacity_full"],
            DecisionRecord.Kind.CAPACITY,
        )
    return decision, reasons, kind


def register(
    caravan,
    person,
    *,
    profile,
    channel,
    actor=None,
    cooperative=None,
    project_idea="",
    sector="",
    sector_text="",
    extra_reasons=(),
    batch=None,
):
    """Register `person` to `caravan`, decided by the caravan's rules, then by its capacity. With `batch` (a
    `RegistrationBatch` of this caravan), it is decided the same way against the batch's count, and inserted
    when the batch is flushed."""
    facts = {"profile": profile, "cooperative": cooperative, "project_idea": project_idea}
    facts |= {"sector": sector, "sector_text": sector_text, "channel": channel}
    if batch is not None:
        if batch.caravan.pk != caravan.pk:
            raise ValueError("a batch registers to its own caravan only")
        return batch.add(person, actor=actor, extra_reasons=extra_reasons, **facts)
    with transaction.atomic():
        caravan = _locked(caravan)
        if Registration.objects.filter(person=person, caravan=caravan).exists():
            raise RegistrationError(
                _("This person is already registered to this caravan."), code="already_registered"
            )
        applicant = applicant_for(person, profile=profile, cooperative=cooperative, project_idea=project_idea)
        decision, reasons, kind = _decided(
            applicant, Rules.for_caravan(caravan), extra_reasons, lambda: _has_room(caravan)
        )
        registration = _new_registration(caravan, person, actor, facts)
        _set_decision(registration, decision, reasons, kind, actor)
        audit.record(actor, "registration.created", registration, decision=decision, reasons=reasons)
    return registration


def _new_registration(caravan, person, actor, facts):
    return Registration(
        person=person, caravan=caravan, created_by=actor if getattr(actor, "pk", None) else None, **facts
    )


class RegistrationBatch:
    """Registrations to one caravan, decided one by one in memory and inserted together: for a list import,
    inside the transaction that holds the caravan's lock from the first row to the last.

    The caller flushes the batch before anything that reads registrations from the database (an update, a
    cancellation), then `recount`s; when a flush fails, it rolls its savepoint back, `discard`s the batch,
    `recount`s and goes on one row at a time (`register` without a batch)."""

    def __init__(self, caravan):
        self.caravan = _locked(caravan)
        self.rules = Rules.for_caravan(self.caravan)
        self.pending = []  # (registration, its decision record, actor), in arrival order
        self.members = {}  # community pk → its members' list, read once (people.membership.Members)
        self.recount()

    def recount(self):
        """Read the accepted count again (after writes made outside the batch, or a rollback)."""
        self.accepted = self.caravan.registrations.accepted().count()

    def add(
        self,
        person,
        *,
        profile,
        channel,
        actor,
        cooperative,
        project_idea,
        sector,
        sector_text,
        extra_reasons,
    ):
        """A new registration, decided as `register` decides it; inserted on `flush`."""
        facts = {"profile": profile, "cooperative": cooperative, "project_idea": project_idea}
        facts |= {"sector": sector, "sector_text": sector_text, "channel": channel}
        applicant = _applicant(
            person, profile, cooperative, project_idea, membership_found=self._member(person)
        )
        decision, reasons, kind = _decided(
            applicant, self.rules, extra_reasons, lambda: self.accepted < self.caravan.capacity
        )
        registration = _new_registration(self.caravan, person, actor, facts)
        registration.decision, registration.reasons = decision, list(reasons)
        if decision == Decision.ACCEPTED:
            registration.badge_code = new_badge_code()
            self.accepted += 1
        record = DecisionRecord(
            kind=kind, decision=decision, reasons=list(reasons), by=registration.created_by
        )
        self.pending.append((registration, record, actor))
        return registration

    def _member(self, person):
        community = person.community
        if not (community and community.members_list_loaded_at):
            return False
        if community.pk not in self.members:
            self.members[community.pk] = Members(community)
        return self.members[community.pk].contains(person)

    def flush(self):
        """Insert the pending registrations, their decision records and audit entries, a few queries per
        table (their people and cooperatives must be inserted first); returns the registrations inserted."""
        pending, self.pending = self.pending, []
        if not pending:
            return []
        registrations = Registration.objects.bulk_create([registration for registration, *_ in pending])
        for registration, record, _actor in pending:
            record.registration = registration
        DecisionRecord.objects.bulk_create([record for _registration, record, _actor in pending])
        AuditEntry.objects.bulk_create(
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
        return registrations

    def discard(self):
        """Forget the pending registrations (their savepoint was rolled back)."""
        self.pending = []


def _promote_first_waiting(caravan, actor):
    waiting = caravan.registrations.filter(decision=Decision.WAITLISTED).in_arrival_order().first()
    if waiting is None or not _has_room(caravan):
        return None
    reasons = [code for code in waiting.reasons if code != "capacity_full"]
    _set_decision(waiting, Decision.ACCEPTED, reasons, DecisionRecord.Kind.PROMOTION, actor)
    audit.record(actor, "registration.promoted", waiting)
    return waiting


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


@transaction.atomic
def update_registration(registration, *, actor, profile, cooperative, project_idea, sector, sector_text):
    """Complete a registration with newer facts (a list imported again) and decide it again by the rules and
    the capacity; a staff decision (override) is kept. Audited as `registration.updated`."""
    caravan = _locked(registration.caravan)
    registration = Registration.objects.select_for_update().select_related("person").get(pk=registration.pk)
    registration.profile, registration.cooperative = profile, cooperative
    registration.project_idea, registration.sector, registration.sector_text = (
        project_idea,
        sector,
        sector_text,
    )
    previous = registration.decision
    if registration.history.filter(kind=DecisionRecord.Kind.OVERRIDE).exists():
        registration.save()
    else:
        applicant = applicant_for(
            registration.person, profile=profile, cooperative=cooperative, project_idea=project_idea
        )
        kept = [code for code in registration.reasons if code == "possible_duplicate"]
        decision, reasons, kind = _decided(  # an accepted registration keeps its place
            applicant,
            Rules.for_caravan(caravan),
            kept,
            lambda: previous == Decision.ACCEPTED or _has_room(caravan),
        )
        if (decision, list(reasons)) == (previous, list(registration.reasons)):
            registration.save()
        else:
            _set_decision(registration, decision, reasons, kind, actor)
    audit.record(actor, "registration.updated", registration, decision=registration.decision)
    if previous == Decision.ACCEPTED and registration.decision != Decision.ACCEPTED:
        _promote_first_waiting(caravan, actor)
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
