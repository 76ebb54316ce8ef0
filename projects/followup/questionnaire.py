"""The holder's own follow-up: when a contact falls due, an SMS with a one-time link to six short questions,
whose answers become the contact's outcomes (source: the questionnaire).

The link's secret is random and only its SHA-256 hash is kept (`FollowUp.questionnaire_hash`), as for projects'
personal links; it sits in the message's text until the outbox sends it. Opening the link changes nothing (a
phone's link preview opens it too): answering does, once. The link stops working when the contact is reached
(by these answers or by a staff member's call) and `LINK_VALIDITY` after it was sent.
"""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record
from messaging import outbox
from messaging.models import Kind, Message, OptOut, Status
from programmes.models import SupportProgramme
from projects.models import FoundingStep, hash_token
from registration.notify import person_name

from .models import FollowUp, Outcome
from .services import FollowUpError, build_outcome, record_contact
from .state import FOUNDED_STEP

LINK_VALIDITY = datetime.timedelta(days=60)
# Handed to the gateway from this time of the day it falls due, Morocco's time, like the convocations.
SEND_AT = datetime.time(10, 0)
# The support programmes a holder may say they applied to: those that bring money or goods.
FINANCING_KINDS = {"grant", "subsidy", "loan", "honour_loan", "interest_free_advance", "guarantee", "in_kind"}
# The programme answer of a holder who does not know its name: the fact goes to the contact's note.
UNKNOWN_PROGRAMME = "unknown"
NO_BLOCKER = "none"


class QuestionnaireError(FollowUpError):
    """A link that cannot be answered: unknown (`link_invalid`), expired (`link_expired`) or done (`link_used`);
    `follow_up` is the contact of a link that was valid (its page speaks the holder's language)."""

    def __init__(self, message, code, follow_up=None):
        super().__init__(message, code)
        self.follow_up = follow_up


def message_key(follow_up):
    return f"follow-up-{follow_up.pk}"


def questionnaire_url(secret):
    # The site's own address, as the outbox writes it in its opt-out links: the job runs outside any request.
    return settings.SITE_URL + reverse("projects:questionnaire", args=[secret])


def due(today=None):
    """The open contacts due by `today` whose holder may get the questionnaire and has not had it."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.open()
        .filter(due__lte=today, questionnaire_sent=None, project__holder__messages_consent=True)
        .exclude(project__holder__phone="")
        .exclude(project__holder__phone__in=OptOut.objects.values("address"))
        .select_related("project__holder", "caravan")
    )


@transaction.atomic
def send_questionnaire(follow_up, *, send_after=None, now=None):
    """Queue the questionnaire's SMS of `follow_up` to its project's holder, once; the outbox's message, or None
    when the contact is no longer waiting for it."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("project__holder", "caravan")
        .get(pk=follow_up.pk)
    )
    holder = follow_up.project.holder
    if follow_up.questionnaire_sent or follow_up.status != FollowUp.Status.DUE or holder is None:
        return None
    secret = secrets.token_urlsafe(16)
    language = holder.language or "ar"
    link = questionnaire_url(secret)
    message = outbox.queue(
        Kind.FOLLOW_UP,
        person=holder,
        caravan=follow_up.caravan,
        context={"name": person_name(holder, language), "url": link},
        key=message_key(follow_up),
        send_after=send_after,
    )
    # The outbox returns the message already written for this contact when there is one: its link is not ours.
    if message.status != Status.QUEUED or link not in message.text:
        return message
    follow_up.questionnaire_hash = hash_token(secret)
    follow_up.questionnaire_sent = now or timezone.now()
    follow_up.save(update_fields=["questionnaire_hash", "questionnaire_sent", "updated"])
    record(None, "followup.questionnaire_sent", follow_up.project, follow_up=follow_up.pk, message=message.pk)
    return message


def send_due(today=None):
    """Queue the questionnaire of every contact due by `today` that has not had it; how many were queued."""
    today = today or timezone.localdate()
    tried = set(
        Message.objects.filter(kind=Kind.FOLLOW_UP, key__startswith="follow-up-").values_list(
            "key", flat=True
        )
    )
    send_after = timezone.make_aware(datetime.datetime.combine(today, SEND_AT))
    queued = 0
    for follow_up in due(today):
        # A message the outbox did not send (no gateway, say) is not written again every hour.
        if message_key(follow_up) in tried:
            continue
        message = send_questionnaire(follow_up, send_after=send_after)
        queued += message is not None and message.status == Status.QUEUED
    return queued


def _usable(secret, now, *, lock=False):
    found = FollowUp.objects.select_related("project__holder")
    if lock:
        found = found.select_for_update(of=("self",))
    follow_up = (
        found.filter(questionnaire_hash=hash_token(secret or "")).exclude(questionnaire_hash="").first()
    )
    if follow_up is None or follow_up.questionnaire_sent is None:
        raise QuestionnaireError(_("This link is not valid."), code="link_invalid")
    if follow_up.status == FollowUp.Status.REACHED:
        raise QuestionnaireError(_("Your answers have been received."), "link_used", follow_up)
    if follow_up.questionnaire_sent + LINK_VALIDITY <= (now or timezone.now()):
        raise QuestionnaireError(_("This link has expired."), "link_expired", follow_up)
    return follow_up


def open_questionnaire(secret, now=None):
    """The contact a questionnaire link is for, without using the link up; QuestionnaireError when it cannot
    be answered."""
    return _usable(secret, now)


def financing_programmes():
    """The programmes a holder may say their financing came from."""
    current = SupportProgramme.objects.current().order_by("name_ar", "pk")
    return [programme for programme in current if FINANCING_KINDS & set(programme.kinds)]


def outcomes_from(project, answers, on):
    """The outcomes the holder's `answers` (the questionnaire form's cleaned data) say, and a note for what has
    no outcome of its own (a programme whose name they do not know, help asked with nothing blocking)."""
    outcomes, note = [], []
    step = project.founding_steps.filter(step=FOUNDED_STEP).values_list("status", flat=True).first()
    founding = {"in_progress": FoundingStep.Status.IN_PROGRESS, "registered": FoundingStep.Status.DONE}
    # A court registration staff recorded as done (with its number) is not taken back by a holder's answer.
    if answers["founding"] in founding and step != FoundingStep.Status.DONE:
        status = founding[answers["founding"]]
        outcomes.append(
            build_outcome(project, Outcome.Kind.FOUNDING_STEP, on, step=FOUNDED_STEP, step_status=status)
        )
    if answers["financing"] in (Outcome.Financing.APPLIED, Outcome.Financing.OBTAINED):
        programme = answers["programme"]
        amount = answers.get("amount_mad") if answers["financing"] == Outcome.Financing.OBTAINED else None
        if programme == UNKNOWN_PROGRAMME:
            status = Outcome.Financing(answers["financing"]).label
            note.append(
                str(_("Financing: %(status)s, programme not known (to confirm).")) % {"status": status}
                + (f" {amount} MAD." if amount is not None else "")
            )
        else:
            outcomes.append(
                build_outcome(
                    project,
                    Outcome.Kind.FINANCING,
                    on,
                    programme=programme,
                    financing=answers["financing"],
                    amount_mad=amount,
                )
            )
    jobs = {name: answers.get(name) for name in ("jobs_women", "jobs_men", "jobs_under_35")}
    if any(value is not None for value in jobs.values()):
        outcomes.append(build_outcome(project, Outcome.Kind.JOBS, on, **jobs))
    if answers["sold"]:
        outcomes.append(build_outcome(project, Outcome.Kind.FIRST_SALE, on))
    outcomes.append(build_outcome(project, Outcome.Kind.ACTIVITY, on, active=answers["active"]))
    help_asked = (answers.get("help") or "").strip()
    # Last: a project's blocker holds until a later outcome says it moved on (state.py), the same day too.
    if answers["blocker"] != NO_BLOCKER:
        outcomes.append(
            build_outcome(
                project, Outcome.Kind.BLOCKER, on, blocker=answers["blocker"], support_asked=help_asked
            )
        )
    elif help_asked:
        note.append(str(_("Help asked: %(help)s")) % {"help": help_asked})
    return outcomes, " ".join(note)


@transaction.atomic
def answer_questionnaire(secret, answers, now=None):
    """Record the holder's answers as the contact's outcomes, once: the contact is then reached and the link
    done. QuestionnaireError for a link that cannot be answered, FollowUpError for an answer refused."""
    follow_up = _usable(secret, now, lock=True)
    outcomes, note = outcomes_from(follow_up.project, answers, timezone.localdate())
    return record_contact(
        None,
        follow_up,
        reached=True,
        channel=FollowUp.Channel.QUESTIONNAIRE,
        note=note,
        outcomes=outcomes,
        source=Outcome.Source.QUESTIONNAIRE,
    )
