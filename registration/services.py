"""Registration write actions: register, cancel (promoting the waiting list), override. Each owns its
transaction and leaves an audit entry; capacity is decided under a lock on the caravan row so that two agents
registering at once can never push the caravan past its capacity."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit
from people import duplicates
from people.identifiers import normalise_cin

from .eligibility import Applicant, Rules, decide, decision_for
from .models import Decision, DecisionRecord, Registration, new_badge_code


class RegistrationError(ValidationError):
    """A refused registration action; `code` is stable for tests, the API and the importer."""


def applicant_for(person, *, profile, cooperative=None, project_idea=""):
    """The facts the eligibility rules read, taken from the registry's records."""
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
        membership_found=bool(
            person.community and person.cin and person.community.right_holders.filter(cin=person.cin).exists()
        ),
    )


def _locked(caravan):
    return Caravan.objects.select_for_update().get(pk=caravan.pk)


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


@transaction.atomic
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
):
    """Register `person` to `caravan`, decided by the caravan's rules, then by its capacity."""
    caravan = _locked(caravan)
    if Registration.objects.filter(person=person, caravan=caravan).exists():
        raise RegistrationError(
            _("This person is already registered to this caravan."), code="already_registered"
        )
    verdict = decide(
        applicant_for(person, profile=profile, cooperative=cooperative, project_idea=project_idea),
        Rules.for_caravan(caravan),
    )
    reasons = [*verdict.reasons, *extra_reasons]
    decision, kind = decision_for(reasons), DecisionRecord.Kind.RULES
    if decision == Decision.ACCEPTED and not _has_room(caravan):
        decision, reasons, kind = (
            Decision.WAITLISTED,
            [*reasons, "capacity_full"],
            DecisionRecord.Kind.CAPACITY,
        )
    registration = Registration(
        person=person,
        caravan=caravan,
        profile=profile,
        cooperative=cooperative,
        project_idea=project_idea,
        sector=sector,
        sector_text=sector_text,
        channel=channel,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _set_decision(registration, decision, reasons, kind, actor)
    audit.record(actor, "registration.created", registration, decision=decision, reasons=reasons)
    return registration


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
