"""What a person is told about their registration, and when: through the outbox (`messaging.outbox`), in the
person's language, once per event.

- `registered`: every new registration, whatever its way in (`services.RegistrationBatch.flush`): the
  registration received (its reference and the status page), then its decision.
- `decided`: a later change of decision (an override, a correction, an import's update, the waiting list moving
  up): the new decision, or "promoted from the waiting list".

What is told of each decision: accepted (the badge code), waitlisted (the place on the list), not eligible (the
reasons in words, and whom to ask). A registration to review is told nothing more than that it was received: the
received message already says where to follow it, and a second SMS with nothing to do costs the person and the
organisers for no use; the decision that ends the review is told. A cancellation is told nothing: the person
cancelled it themselves, or the staff who did tell them why.

A decision is told once (`key` = the decision, the outbox's unique row): an event that fires again tells
nothing, while a person told "accepted", then "waitlisted", then accepted again hears each change.
"""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from messaging import outbox
from messaging.models import Kind, Message

from .consent import ORGANISING_ROLES
from .models import Decision
from .queries import waiting_position
from .reasons import INELIGIBLE, effect, message

TOLD = (Decision.ACCEPTED, Decision.WAITLISTED, Decision.INELIGIBLE)


def status_url(caravan):
    """The caravan's status page, where a person finds their registration with its reference."""
    return settings.SITE_URL + reverse("registration:status", args=[caravan.slug])


def person_name(person, language):
    """The person's name as written in their language's script, else in the other."""
    if language == "fr":
        return person.full_name_latin or person.full_name_ar
    return person.full_name_ar or person.full_name_latin


def _language(person):
    return person.language or settings.LANGUAGE_CODE


def about(caravan):
    """{language: what every message about `caravan` says of it}: its title in that language, its status page.
    Read once for a batch: a list import tells thousands of people."""
    url, said = status_url(caravan), {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            said[language] = {"caravan": caravan.title, "status_url": url}
    return said


def _common(registration, caravan):
    """The placeholders every message about a registration fills, in its person's language: the name, the
    caravan and its status page (`caravan`: `about(registration.caravan)`)."""
    language = _language(registration.person)
    return {**caravan[language], "name": person_name(registration.person, language)}


def _received_context(registration, caravan):
    return {**_common(registration, caravan), "reference": registration.reference_display}


def decision_context(registration, *, position=None, contact=None, caravan=None):
    """What the decision message of `registration` says: its badge code, its place on the waiting list, or the
    reasons it is not eligible and whom to ask. `position`, `contact`, `caravan` (`about`): computed once by
    the caller of a batch."""
    language = _language(registration.person)
    context = {
        **_common(registration, caravan or about(registration.caravan)),
        "decision": registration.decision,
    }
    if registration.decision == Decision.ACCEPTED:
        context["badge_code"] = registration.badge_code
    elif registration.decision == Decision.WAITLISTED:
        context["position"] = str(position if position is not None else waiting_position(registration))
    elif registration.decision == Decision.INELIGIBLE:
        context["reason"] = ineligible_reasons(registration, language)
        context["contact"] = (contact or organisers(registration.caravan))[language]
    return context


def ineligible_reasons(registration, language):
    """The sentences of the reasons that make `registration` not eligible (none after a staff decision against
    eligible reasons: then the staff's decision, in words)."""
    sentences = [message(code, language) for code in registration.reasons if _is_ineligible(code)]
    if not sentences:
        with translation.override(language):
            return _("the organisers decided so after reviewing it")
    return " ".join(sentence.rstrip(".") for sentence in sentences)


def _is_ineligible(code):
    try:
        return effect(code) == INELIGIBLE
    except KeyError:  # a code of an older version: not a reason to show
        return False


def organisers(caravan):
    """{language: whom to ask about a decision}: the caravan's organising institutions by name (the caravan has
    no contact phone of its own), else "the organisers"."""
    names = {"ar": [], "fr": []}
    for partnership in caravan.partnerships.select_related("organisation").filter(role__in=ORGANISING_ROLES):
        organisation = partnership.organisation
        names["ar"].append(organisation.name_ar or organisation.name_fr)
        names["fr"].append(organisation.acronym or organisation.name_fr or organisation.name_ar)
    said = {}
    for language, separator in (("ar", "، "), ("fr", ", ")):
        with translation.override(language):
            said[language] = separator.join(names[language]) or _("the organisers of the caravan")
    return said


def registered(registrations, *, by=None):
    """Tell each new registration of one caravan that it was received, then its decision: a few queries per
    kind of message however many registrations (a list import's batch)."""
    if not registrations:
        return
    caravan = registrations[0].caravan
    said = about(caravan)
    by_person = {registration.person_id: registration for registration in registrations}
    outbox.queue_bulk(
        Kind.REGISTRATION_RECEIVED,
        [registration.person for registration in registrations],
        caravan=caravan,
        key="",
        context_for=lambda person: _received_context(by_person[person.pk], said),
        by=by,
    )
    told = defaultdict(list)
    for registration in registrations:
        if registration.decision in TOLD:
            told[registration.decision].append(registration)
    contact = organisers(caravan) if told[Decision.INELIGIBLE] else None
    positions = _positions(caravan, told[Decision.WAITLISTED])
    for decision, group in told.items():
        outbox.queue_bulk(
            Kind.DECISION,
            [registration.person for registration in group],
            caravan=caravan,
            key=decision,
            context_for=lambda person: decision_context(
                by_person[person.pk], position=positions.get(person.pk), contact=contact, caravan=said
            ),
            by=by,
        )


def _positions(caravan, waitlisted):
    """{person pk: place on the waiting list} of newly waitlisted registrations: the last of the list, in order."""
    if not waitlisted:
        return {}
    ahead = caravan.registrations.filter(decision=Decision.WAITLISTED).exclude(
        pk__in=[registration.pk for registration in waitlisted]
    )
    first = ahead.count() + 1
    return {registration.person_id: first + n for n, registration in enumerate(waitlisted)}


def decided(registration, previous, *, promoted=False, by=None):
    """Tell a registration's new decision (nothing when it did not change, or is not told): "promoted from the
    waiting list" when `promoted`, else the decision message."""
    decision = registration.decision
    if decision == previous or decision not in TOLD:
        return None
    if promoted:
        kind = Kind.WAITLIST_PROMOTED
        context = {
            **_common(registration, about(registration.caravan)),
            "badge_code": registration.badge_code,
        }
    else:
        kind, context = Kind.DECISION, decision_context(registration)
    base = "" if promoted else decision
    return outbox.queue(
        kind,
        person=registration.person,
        caravan=registration.caravan,
        context=context,
        key=_key(registration, kind, base),
        by=by,
    )


def _key(registration, kind, base):
    """`base` the first time; told again after another decision, `base` and the number of the registration's
    decisions so far (the same for a repeat of the same event, new for a new change)."""
    told = Message.objects.filter(
        caravan=registration.caravan, person=registration.person, kind=kind, key=base
    )
    if not told.exists():
        return base
    return f"{base}#{registration.history.count()}"
