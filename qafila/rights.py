"""A data subject's rights under Law 09-08: what Qafila holds about one person, their erasure, their objection,
and the retention period that ends with the same erasure.

What is held about a person lives in every app (registrations, decisions, check-ins, attendance, answers,
projects, certificates, messages, the audit log), so gathering it belongs here, above them all. Erasure
anonymises (`people.erasure`) and keeps every row the figures count: the report of each caravan, its JSON and the
national dashboard read the same numbers before and after. A person is anonymised at the end of the retention
period when every caravan they registered for, or worked on a project of theirs in, is past its own
(`Caravan.keep_until`); no follow-up of projects runs beyond the caravans yet, so none holds a record longer.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caravans.models import Caravan
from certificates.models import Certificate
from core import audit
from core.models import AuditEntry
from messaging.models import Message, NotSentReason, OptOut, Status
from onsite.models import CheckIn, GroupAssignment, SessionAttendance
from people.erasure import ERASED, anonymise, erased, object_to_processing, records_of
from people.identifiers import display_phone, normalise_cin
from people.models import Person, RightHolder
from projects.models import FoundingStep, Project, ProjectAccessToken
from registration.models import DecisionRecord, Invitation, Registration, WorkshopPreference
from surveys.models import Answer, Response

# A person's facts, in the order the export and the person's page give them.
PERSON_FACTS = [
    "full_name_ar", "full_name_latin", "cin", "sex", "birth_date", "birth_year", "phone", "email", "language",
    "education", "community_declared", "messages_consent", "consent_at", "consent_channel", "objected_at",
    "erased_at", "created", "updated",
]  # fmt: skip


def person_by_cin(raw):
    """The active person holding this CIN (as typed: case and spaces do not matter), or None."""
    cin = normalise_cin(raw).value
    return Person.objects.active().filter(cin=cin).first() if cin else None


# --- Everything held ----------------------------------------------------------------------------------------


def export_person(person, *, caravan=None):
    """Everything Qafila holds about `person`, JSON-ready; with `caravan`, only what that caravan holds about
    them besides their record (what its organisers may see)."""
    records = records_of(person)
    registrations = Registration.objects.filter(person__in=records).select_related("caravan", "cooperative")
    if caravan is not None:
        registrations = registrations.filter(caravan=caravan)
    registrations = list(registrations)
    projects = _projects(records, caravan)
    messages = Message.objects.filter(person__in=records)
    invitations = Invitation.objects.filter(_invitations_of(records, registrations))
    if caravan is not None:
        messages, invitations = messages.filter(caravan=caravan), invitations.filter(caravan=caravan)
    addresses = {value for record in records for value in (record.phone, record.email) if value}
    found = {
        "person": _facts(person),
        "merged_records": [_facts(record) for record in records if record.pk != person.pk],
        "registrations": [_registration(registration) for registration in registrations],
        "projects": [_project(project) for project in projects],
        "messages": [_message(message) for message in messages.order_by("created", "id")],
        "invitations": [_invitation(invitation) for invitation in invitations.order_by("created", "id")],
        "opt_outs": list(OptOut.objects.filter(address__in=addresses).values("address", "source", "at")),
        "community_lists": list(
            RightHolder.objects.filter(cin__in={r.cin for r in records if r.cin}).values(
                "community__name_ar", "community__name_fr", "full_name_ar", "full_name_latin", "cin"
            )
        ),
        "audit": [_audit(entry) for entry in _audit_entries(records, registrations, projects, caravan)],
        "exported_at": timezone.now(),
        "caravan": caravan.slug if caravan is not None else None,
    }
    return json.loads(json.dumps(found, cls=DjangoJSONEncoder))


def _facts(person):
    facts = {"id": person.pk, **{name: getattr(person, name) for name in PERSON_FACTS}}
    for place in ("province", "commune", "community"):
        value = getattr(person, place)
        facts[place] = {"name_ar": value.name_ar, "name_fr": value.name_fr} if value else None
    return facts


def _registration(registration):
    checkins = CheckIn.objects.filter(registration=registration).select_related("agent")
    attendance = SessionAttendance.objects.filter(registration=registration).select_related("session")
    responses = Response.objects.filter(registration=registration).select_related("survey")
    return {
        "id": registration.pk,
        "caravan": registration.caravan.slug,
        "caravan_title_ar": registration.caravan.title_ar,
        "caravan_title_fr": registration.caravan.title_fr,
        "reference": registration.reference_display,
        "profile": registration.profile,
        "cooperative": registration.cooperative.name if registration.cooperative else None,
        "project_idea": registration.project_idea,
        "sector": registration.sector,
        "sector_text": registration.sector_text,
        "channel": registration.channel,
        "decision": registration.decision,
        "reasons": registration.reasons,
        "badge_code": registration.badge_code,
        "created": registration.created,
        "decisions": list(
            DecisionRecord.objects.filter(registration=registration).values(
                "kind", "decision", "reasons", "justification", "at", "by__username"
            )
        ),
        "workshop_preferences": list(
            WorkshopPreference.objects.filter(registration=registration).values(
                "rank", "session__title_ar", "session__title_fr"
            )
        ),
        "workshop_groups": list(
            GroupAssignment.objects.filter(registration=registration).values(
                "day__date", "session__title_ar", "session__title_fr", "by_hand"
            )
        ),
        "checkins": [
            {
                "day": c.day,
                "at": c.at,
                "agent": c.agent.username if c.agent else None,
                "undone_at": c.undone_at,
            }
            for c in checkins
        ],
        "attendance": [
            {"session_ar": a.session.title_ar, "session_fr": a.session.title_fr, "at": a.at, "how": a.channel}
            for a in attendance
        ],
        "answers": [_response(response) for response in responses],
        "certificates": list(
            Certificate.objects.filter(registration=registration).values(
                "number",
                "holder_name_ar",
                "holder_name_latin",
                "language",
                "issued_at",
                "revoked_at",
                "reason",
            )
        ),
    }


def _response(response):
    answers = Answer.objects.filter(response=response).select_related("question", "choice")
    return {
        "survey_ar": response.survey.title_ar,
        "survey_fr": response.survey.title_fr,
        "channel": response.channel,
        "at": response.at,
        "answers": [
            {
                "question_ar": answer.question.text_ar,
                "question_fr": answer.question.text_fr,
                "choice_ar": answer.choice.text_ar if answer.choice else None,
                "choice_fr": answer.choice.text_fr if answer.choice else None,
                "number": answer.number,
                "text": answer.text,
            }
            for answer in answers
        ],
    }


def _projects(records, caravan):
    """The projects the person holds; with `caravan`, those worked on in it."""
    projects = Project.objects.filter(holder__in=records)
    if caravan is not None:
        projects = projects.filter(caravans=caravan)
    return list(projects.order_by("pk"))


def _project(project):
    return {
        "id": project.pk,
        "title": project.title,
        "sector": project.sector,
        "stage": project.stage,
        "caravans": list(project.caravans.values_list("slug", flat=True)),
        "canvas": project.canvas,
        "financial_plan": project.financial_plan,
        "founding_steps": list(project.founding_steps.values("step", "status", "on", "note")),
        "created": project.created,
        "updated": project.updated,
    }


def _message(message):
    return {
        "caravan": message.caravan.slug if message.caravan_id else None,
        "channel": message.channel,
        "kind": message.kind,
        "to": message.to,
        "text": message.text,
        "status": message.status,
        "reason": message.reason,
        "created": message.created,
        "sent": message.sent,
    }


def _invitations_of(records, registrations):
    phones = {record.phone for record in records if record.phone}
    return Q(registration__in=registrations) | Q(phone__in=phones)


def _invitation(invitation):
    return {
        "caravan": invitation.caravan.slug,
        "full_name_ar": invitation.full_name_ar,
        "full_name_latin": invitation.full_name_latin,
        "cooperative_name": invitation.cooperative_name,
        "phone": invitation.phone,
        "created": invitation.created,
    }


def _audit_entries(records, registrations, projects, caravan):
    """The audit log's entries about the person: their record (not with `caravan`), registrations, projects."""
    about = Q(object_type="registration.registration", object_id__in=[str(r.pk) for r in registrations])
    about |= Q(object_type="projects.project", object_id__in=[str(p.pk) for p in projects])
    if caravan is None:
        about |= Q(object_type="people.person", object_id__in=[str(r.pk) for r in records])
    return AuditEntry.objects.filter(about).select_related("actor").order_by("at", "id")


def _audit(entry):
    return {
        "at": entry.at,
        "who": entry.actor.username if entry.actor else None,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "details": entry.details,
    }


# --- Erasure and objection ----------------------------------------------------------------------------------


def erase_person(person, reason, by):
    """Anonymise `person` (and the duplicates merged into them) everywhere, keeping the rows the figures count;
    audited as `person.erased` with `reason`. Returns how many rows of each kind were anonymised."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        records = records_of(person)
        registrations = list(Registration.objects.filter(person__in=records).select_related("caravan"))
        projects = list(Project.objects.filter(holder__in=records))
        # What could be found again in free text and in the audit log's details, before it is overwritten.
        said = _identifiers(records, registrations, projects)
        invitations = Invitation.objects.filter(_invitations_of(records, registrations))
        # The age on each day a figure measures it: each caravan's first day, today for the programmes matched.
        measured_on = {r.caravan.start_date for r in registrations} | {timezone.localdate()}
        for record in records:
            anonymise(record, measured_on=measured_on)
        done = {
            "registrations": _erase_registrations(registrations),
            "answers": _erase_texts(Answer.objects.filter(response__registration__in=registrations), "text"),
            "certificates": Certificate.objects.filter(registration__in=registrations).update(
                holder_name_ar=ERASED, holder_name_latin=""
            ),
            "messages": _erase_messages(
                Message.objects.filter(Q(person__in=records) | Q(pk__in=invitations.values("message")))
            ),
            "invitations": _erase_invitations(invitations),
            "projects": _erase_projects(projects),
            "audit_entries": _scrub_audit(_audit_entries(records, registrations, projects, None), said),
        }
        audit.record(by, "person.erased", person, reason=reason, **done)
    return done


def _identifiers(records, registrations, projects):
    """The texts that tell who the person is, as they may have been copied elsewhere (3 characters or more)."""
    found = set()
    for record in records:
        found |= {record.full_name_ar, record.full_name_latin, record.cin, record.phone, record.email}
        found |= {record.community_declared, display_phone(record.phone)}
        if record.birth_date:
            found.add(record.birth_date.isoformat())
    found |= {r.project_idea for r in registrations} | {p.title for p in projects}
    return {text.strip() for text in found if text and len(text.strip()) >= 3}


def _erase_registrations(registrations):
    for registration in registrations:
        registration.project_idea = erased(registration.project_idea)
        registration.sector_text = erased(registration.sector_text)
    Registration.objects.bulk_update(registrations, ["project_idea", "sector_text"])
    _erase_texts(DecisionRecord.objects.filter(registration__in=registrations), "justification")
    return len(registrations)


def _erase_texts(queryset, field):
    return queryset.exclude(**{field: ""}).update(**{field: ERASED})


def _erase_messages(messages):
    """What was said and where: the rows stay for the outbox's counts; a queued one will not go."""
    messages.filter(status=Status.QUEUED).update(status=Status.NOT_SENT, reason=NotSentReason.NO_CONSENT)
    return messages.update(to="", text=ERASED)


def _erase_invitations(invitations):
    """Names and phone go; each keeps a phone of its own (unique per caravan) that no real number can be."""
    invitations = list(invitations)
    for invitation in invitations:
        invitation.full_name_ar, invitation.full_name_latin = ERASED, ""
        invitation.cooperative_name = erased(invitation.cooperative_name)
        invitation.phone = f"erased-{invitation.pk}"
    Invitation.objects.bulk_update(
        invitations, ["full_name_ar", "full_name_latin", "cooperative_name", "phone"]
    )
    return len(invitations)


def _erase_projects(projects):
    """The project's words go (title, canvas, notes); its stage, sector and figures stay for the outcomes."""
    for project in projects:
        project.title = ERASED
        project.canvas = {key: erased(text) for key, text in project.canvas.items()}
        project.save(update_fields=["title", "canvas", "updated"])
    _erase_texts(FoundingStep.objects.filter(project__in=projects), "note")
    ProjectAccessToken.objects.usable().filter(project__in=projects).update(revoked_at=timezone.now())
    return len(projects)


def _scrub_audit(entries, said):
    """The entries about the person keep who did what and when; the values they copied are erased (a correction's
    old and new CIN, a name in a detail)."""
    changed = []
    for entry in entries:
        details = _scrubbed(entry.details, said)
        if isinstance(details, dict) and isinstance(details.get("changes"), dict):
            details["changes"] = dict.fromkeys(details["changes"], ERASED)
        if details != entry.details:
            entry.details = details
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["details"])
    return len(changed)


def _scrubbed(value, said):
    if isinstance(value, dict):
        return {key: _scrubbed(item, said) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrubbed(item, said) for item in value]
    if isinstance(value, str) and any(text in value for text in said):
        return ERASED
    return value


def oppose_person(person, by):
    """The person objects to further processing: no more messages (queued ones are not sent), no follow-up;
    audited as `person.objected`. Returns False when they had already objected."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if not object_to_processing(person):
            return False
        stopped = Message.objects.filter(person__in=records_of(person), status=Status.QUEUED).update(
            status=Status.NOT_SENT, reason=NotSentReason.NO_CONSENT
        )
        audit.record(by, "person.objected", person, stopped=stopped)
    return True


# --- Retention ----------------------------------------------------------------------------------------------


def expired_people(today=None):
    """The people not yet anonymised whose every caravan (registered for, or worked on a project of theirs in)
    is past its retention period."""
    today = today or timezone.localdate()
    kept = [caravan.pk for caravan in Caravan.objects.all() if caravan.keep_until() >= today]
    people = Person.objects.active().filter(erased_at=None, registrations__isnull=False)
    return (
        people.exclude(registrations__caravan__in=kept)
        .exclude(projects__caravans__in=kept)
        .distinct()
        .order_by("pk")
    )


def apply_retention(*, dry_run=False, today=None):
    """Anonymise everyone whose retention period has ended (`expired_people`); how many (would be) anonymised."""
    people = list(expired_people(today))
    if not dry_run:
        for person in people:
            erase_person(person, "retention", None)
    return len(people)
