"""Every URL of the site, walked by every role and by an anonymous visitor.

The table below says who may use each page; a URL added without an entry here fails the walk, so no view
escapes the permission check."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from caravans.models import BudgetLine, Day, Partnership, Room, Session, Speaker, Venue
from certificates.models import BatchJob, Certificate
from certificates.services import issue_all
from certificates.tests.factories import participant
from core.models import ApiToken
from documents.certificates import run_batch
from messaging.links import opt_out_token
from messaging.models import Kind
from messaging.outbox import queue
from onsite.attendance.services import session_token
from onsite.offline.services import enrol
from onsite.services import check_in
from people.models import PossibleDuplicate
from places.models import Province
from programmes.tests.factories import saved_programme
from projects.followup.services import assign, plan_follow_ups
from projects.models import FollowUp, hash_token
from projects.tests.factories import project
from qafila.models import CallbackRequest
from registration.services import register
from registration.tests.factories import person
from reports.tests.test_report_account import a_photo
from stories import services as story_services
from stories.models import StoryPhoto
from stories.tests.factories import a_story, followed_project, jpeg_upload
from surveys.models import Question, Survey
from surveys.services import submit_response

PERSONAS = ("anonymous", "coordinator", "organiser", "trainer", "agent")
OK, LOGIN, DENIED, UNAUTHORISED = "ok", "login", "denied", "unauthorised"


def everyone():
    return dict.fromkeys(PERSONAS, OK)


def staff(*allowed):
    """A staff page: anonymous visitors are sent to the login page, other roles refused."""
    return {
        persona: OK if persona in allowed else (LOGIN if persona == "anonymous" else DENIED)
        for persona in PERSONAS
    }


ALL_STAFF = ("coordinator", "organiser", "trainer", "agent")
PROGRAMME_EDITORS = ("coordinator", "organiser")
TRAINERS_TOO = ("coordinator", "organiser", "trainer")
PARTS = {
    "day": Day,
    "session": Session,
    "speaker": Speaker,
    "partner": Partnership,
    "venue": Venue,
    "room": Room,
}

EXPECTED = {
    "caravans:list": everyone(),
    "caravans:detail": everyone(),
    "documents:programme_pdf": everyone(),
    "login": everyone(),
    "set_language": everyone(),
    "logout": everyone(),
    "api:caravan_list": everyone(),
    "api:caravan_detail": everyone(),
    "api:openapi-json": everyone(),
    "api:openapi-view": everyone(),
    "api:api-root": dict.fromkeys(PERSONAS, DENIED),  # django-ninja's placeholder: 404 for everyone
    "api:registration_list": {**staff("coordinator", "organiser"), "anonymous": UNAUTHORISED},
    "api:eligibility_check": {**staff("coordinator", "organiser", "agent"), "anonymous": UNAUTHORISED},
    "registration:self_register": everyone(),
    "registration:self_register_done": everyone(),
    # A participant's own registration: found by reference and date of birth, kept in the session.
    "registration:status": everyone(),
    "registration:status_cancel": everyone(),
    "registration:staff_entry": staff("coordinator", "organiser", "agent"),
    "api:checkin_create": {**staff("coordinator", "organiser", "agent"), "anonymous": UNAUTHORISED},
    "onsite:checkin": staff("coordinator", "organiser", "agent"),
    "documents:badge_pdf": staff("coordinator", "organiser", "agent"),
    "documents:badges_pdf": staff(*PROGRAMME_EDITORS),
    "documents:sign_in_sheet_day": staff(*PROGRAMME_EDITORS),
    "documents:sign_in_sheet_session": staff(*PROGRAMME_EDITORS),
    "onsite:walk_in": staff("coordinator", "organiser", "agent"),
    "onsite:undo": staff("coordinator", "organiser", "agent"),
    **{
        f"registration:{name}": staff(*PROGRAMME_EDITORS)
        for name in (
            "staff_registrations",
            "staff_registrations_csv",
            "staff_registrations_xlsx",
            "staff_registration",
            "staff_registration_override",
            "staff_registration_cancel",
            "staff_registrations_fill",
            "staff_duplicates",
            "staff_duplicate_merge",
            "staff_duplicate_keep_apart",
            "staff_import",
            "staff_import_confirm",
            "staff_import_status",
            "staff_import_template",
            "staff_members_list",
            "staff_members_list_confirm",
            "staff_members_list_status",
            "staff_invitations",
            "staff_invitations_confirm",
        )
    },
    "staff_home": staff(*ALL_STAFF),
    # Correcting who a registered person is: those who decide registrations.
    "correct_person": staff(*PROGRAMME_EDITORS),
    # Law 09-08 rights: organisers see what their caravan holds and record an objection; the national coordinator
    # exports and erases (a GET of the erasure shows its confirm step; erasing takes a reason and a tick).
    "person_data": staff(*PROGRAMME_EDITORS),
    "person_oppose": staff(*PROGRAMME_EDITORS),
    "person_data_json": staff("coordinator"),
    "person_data_pdf": staff("coordinator"),
    "person_erase": staff("coordinator"),
    "caravan_hub": staff(*ALL_STAFF),
    "caravans:staff_caravan_create": staff("coordinator"),
    "caravans:staff_caravan_copy": staff(*PROGRAMME_EDITORS),
    # A caravan's team: its organisers (trainers and agents only) and the coordinator; accounts: the coordinator.
    **{
        f"caravans:team{suffix}": staff(*PROGRAMME_EDITORS)
        for suffix in ("", "_add", "_invite", "_remove", "_link")
    },
    **{
        f"caravans:staff_account{suffix}": staff("coordinator")
        for suffix in ("s", "_create", "_deactivate", "_reactivate", "_link", "_two_factor")
    },
    "api:team_list": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    "api:team_add": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    "api:team_remove": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    # One's own account; a forgotten password (anyone); a one-time link (its owner, whoever is logged in).
    "accounts:my_account": staff(*ALL_STAFF),
    # Two-step login: each staff member's own; the audit log: the national coordinator.
    **{
        f"accounts:{name}": staff(*ALL_STAFF)
        for name in ("two_factor", "two_factor_verify", "recovery_codes")
    },
    **{name: staff("coordinator") for name in ("audit_log", "audit_log_csv", "audit_log_xlsx")},
    **{
        f"accounts:{name}": everyone()
        for name in ("password_reset", "password_reset_sent", "set_password", "password_set")
    },
    "caravans:staff_caravan_edit": staff(*PROGRAMME_EDITORS),
    "caravans:staff_caravan_status": staff(*PROGRAMME_EDITORS),
    "caravans:staff_programme": staff(*PROGRAMME_EDITORS),
    **{
        f"caravans:{name}": staff(*PROGRAMME_EDITORS)
        for name in ("letterhead", "signatory_add", "signatory_remove", "logo_upload")
    },
    "caravans:staff_my_sessions": staff("coordinator", "organiser", "trainer"),
    **{
        f"caravans:staff_{part}_{verb}": staff(*PROGRAMME_EDITORS)
        for part in PARTS
        for verb in ("add", "edit", "delete")
    },
    # Workshop groups: trainers split the room too.
    **{
        f"onsite:groups{suffix}": staff(*TRAINERS_TOO)
        for suffix in ("", "_day", "_assign", "_move", "_find", "_preferences")
    },
    "documents:sign_in_sheet_group": staff(*TRAINERS_TOO),
    # Session attendance (a trainer on their own sessions: the sample is one), the live board.
    "onsite:attendance_sessions": staff(*TRAINERS_TOO),
    "onsite:attendance_mark": staff(*TRAINERS_TOO),
    "onsite:attendance_qr": staff(*TRAINERS_TOO),
    "onsite:attendance_scan": everyone(),
    "onsite:board": staff(*PROGRAMME_EDITORS),
    # Phones holding the roster (issue 15): any of the team enrols one; organisers see and revoke them. The
    # roster is read with a staff token too; batches come from an enrolled phone's token only (403 to a
    # person's API token: test_offline_api.py sends them from phones).
    "onsite:offline_enrol": staff(*ALL_STAFF),
    "onsite:devices": staff(*PROGRAMME_EDITORS),
    "onsite:device_revoke": staff(*PROGRAMME_EDITORS),
    "api:roster_get": {**staff(*ALL_STAFF), "anonymous": UNAUTHORISED},
    "api:checkins_batch": {**staff(), "anonymous": UNAUTHORISED},
    "api:attendance_batch": {**staff(), "anonymous": UNAUTHORISED},
    "api:walkins_batch": {**staff(), "anonymous": UNAUTHORISED},
    # Offline check-in on a phone (issue 15): every role of the team scans, each in its own mode; the page's
    # service worker and manifest hold no data and are fetched by the browser without a login.
    "onsite:offline": staff(*ALL_STAFF),
    "onsite:offline_sw": everyone(),
    "onsite:offline_manifest": everyone(),
    # Projects: trainers work on those of their participants (the sample's holder is registered).
    **{
        f"projects:{name}": staff(*TRAINERS_TOO)
        for name in (
            "list",
            "create",
            "detail",
            "edit",
            "canvas_start",
            "canvas",
            "founding_step",
            "issue_link",
            "confirm_condition",
            "finance",
            "finance_edit",
        )
    },
    "projects:open_link": everyone(),
    # The holder's follow-up questionnaire: the secret of the SMS's link is its only key (walked with a real one).
    "projects:questionnaire": everyone(),
    # After the caravan: every role of the team works on contacts; trainers and agents on those in their charge
    # (the sample contact is the agent's); organisers share them out and set the caravan's follow-up months.
    "projects:follow_ups": staff(*ALL_STAFF),
    "projects:follow_up_contact": staff("coordinator", "organiser", "agent"),
    "projects:follow_ups_assign": staff(*PROGRAMME_EDITORS),
    "projects:follow_up_months": staff(*PROGRAMME_EDITORS),
    # Support programmes: a national catalogue anyone working on projects reads; the coordinator keeps it.
    # Surveys: participants answer without an account; agents enter paper answers.
    "surveys:answer": everyone(),
    "surveys:thanks": everyone(),
    "surveys:index": staff("coordinator", "organiser", "agent"),
    "surveys:paper": staff("coordinator", "organiser", "agent"),
    **{
        f"surveys:{name}": staff(*PROGRAMME_EDITORS)
        for name in (
            "results",
            "create",
            "reuse",
            "detail",
            "edit",
            "qr",
            "state",
            "copy",
            "question_create",
            "question_edit",
            "question_move",
            "question_delete",
        )
    },
    # Reports: a caravan's organisers; the national dashboard: the national coordinator.
    "reports:caravan_report": staff(*PROGRAMME_EDITORS),
    "reports:people": staff(*PROGRAMME_EDITORS),
    "reports:report_xlsx": staff(*PROGRAMME_EDITORS),
    "reports:report_pdf": staff(*PROGRAMME_EDITORS),
    "reports:dashboard": staff("coordinator"),
    "api:caravan_indicators": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    "api:caravan_outcomes": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    "programmes:list": staff(*TRAINERS_TOO),
    "programmes:detail": staff(*TRAINERS_TOO),
    "programmes:create": staff("coordinator"),
    "programmes:edit": staff("coordinator"),
    "programmes:end": staff("coordinator"),
    # The public programme finder (issue 18); the freshness list is the coordinator's, call-backs the organisers'.
    "programmes:finder": everyone(),
    "programmes:finder_answer": everyone(),
    "programmes:finder_result": everyone(),
    "documents:finder_pdf": everyone(),
    "api:programmes_match": everyone(),
    "finder_callback": everyone(),
    "programmes:stale": staff("coordinator"),
    "programmes:checked": staff("coordinator"),
    "finder_callbacks": staff(*PROGRAMME_EDITORS),
    "finder_callback_called": staff(*PROGRAMME_EDITORS),
    "documents:project_dossier": staff(*TRAINERS_TOO),
    "api:project_list": {**staff(*TRAINERS_TOO), "anonymous": UNAUTHORISED},
    "api:project_matches": {**staff(*TRAINERS_TOO), "anonymous": UNAUTHORISED},
    "api:project_dossier": {**staff(*TRAINERS_TOO), "anonymous": UNAUTHORISED},
    # Certificates: anyone verifies one; organisers issue them.
    "certificates:verify": everyone(),
    **{
        f"certificates:{name}": staff(*PROGRAMME_EDITORS)
        for name in ("staff", "save_rule", "issue", "revoke", "reissue")
    },
    **{
        f"documents:{name}": staff(*PROGRAMME_EDITORS)
        for name in (
            "certificates_batch",
            "certificates_batch_progress",
            "certificates_batch_pdf",
            "certificate_pdf",
        )
    },
    # Messages: a caravan's outbox and an organiser's message to a list; the texts: the national coordinator.
    **{
        name: staff(*PROGRAMME_EDITORS)
        for name in ("messaging:outbox", "messaging:retry", "bulk_message", "bulk_message_send")
    },
    **{
        f"messaging:{name}": staff("coordinator") for name in ("templates", "template_edit", "template_reset")
    },
    "api:message_list": {**staff(*PROGRAMME_EDITORS), "anonymous": UNAUTHORISED},
    # The gateway's delivery reports: its own token only, never a person's.
    "api:message_status": dict.fromkeys(PERSONAS, UNAUTHORISED),
    # Whoever holds the message may stop their messages: the link's signed token is the only key.
    "messaging_public:opt_out": everyone(),
    "surveys:send_link": staff(*PROGRAMME_EDITORS),
    # The caravan's own account: its organisers and the coordinator; its photos: those who read the report.
    **{
        f"caravans:account{suffix}": staff(*PROGRAMME_EDITORS)
        for suffix in ("", "_notes", "_line_add", "_line_edit", "_line_delete", "_photo_add", "_photo")
    },
    "caravans:account_photo_delete": staff(*PROGRAMME_EDITORS),
    # Success stories: anyone reads the published ones; trainers draft, organisers publish; a story goes on a
    # caravan's programme by those who edit that programme.
    **{name: everyone() for name in ("stories:list", "stories:detail", "stories:photo", "documents:story_pdf")},
    "api:story_list": everyone(),
    **{
        f"stories:{name}": staff(*TRAINERS_TOO)
        for name in (
            "staff", "draft", "edit", "consent", "consent_scan", "photo_add", "photo_remove", "submit",
            "withdraw", "feature",
        )
    },
    "stories:publish": staff(*PROGRAMME_EDITORS),
    "stories:unfeature": staff(*PROGRAMME_EDITORS),
}
# Pages that only answer POST are walked with POST (an empty form: refused or redirected, never a 500);
# API endpoints that only answer POST get an empty JSON object.
POST_ONLY = {
    "logout",
    "onsite:offline_enrol",
    "onsite:device_revoke",
    "accounts:recovery_codes",
    "caravans:staff_caravan_status",
    "registration:staff_registration_override",
    "registration:staff_registration_cancel",
    "registration:staff_registrations_fill",
    "registration:staff_duplicate_merge",
    "registration:staff_duplicate_keep_apart",
    "onsite:undo",
    "registration:staff_import_confirm",
    "registration:staff_members_list_confirm",
    "registration:staff_invitations_confirm",
    "onsite:groups_assign",
    "onsite:groups_move",
    "projects:confirm_condition",
    "projects:follow_ups_assign",
    "projects:follow_up_months",
    "certificates:save_rule",
    "certificates:issue",
    "certificates:revoke",
    "certificates:reissue",
    "documents:certificates_batch",
    "programmes:end",
    "programmes:checked",
    "finder_callback_called",
    "surveys:state",
    "surveys:copy",
    "surveys:question_move",
    "surveys:question_delete",
    "surveys:send_link",
    "caravans:account_line_add",
    "caravans:account_line_delete",
    "caravans:account_notes",
    "caravans:account_photo_add",
    "caravans:account_photo_delete",
    "caravans:signatory_add",
    "caravans:signatory_remove",
    "caravans:logo_upload",
    "caravans:team_add",
    "caravans:team_invite",
    "caravans:team_remove",
    "caravans:team_link",
    "caravans:staff_account_create",
    "caravans:staff_account_deactivate",
    "caravans:staff_account_reactivate",
    "caravans:staff_account_link",
    "caravans:staff_account_two_factor",
    "messaging:retry",
    "messaging:template_reset",
    "bulk_message_send",
    "person_oppose",
    *(
        f"stories:{name}"
        for name in (
            "draft", "consent", "photo_add", "photo_remove", "submit", "publish", "withdraw", "feature", "unfeature"
        )
    ),
}
# Pages that need a query string to name what they show.
QUERIES = {"reports:people": "?by=age_band&key=25_34"}
POST_JSON = {
    "api:eligibility_check",
    "api:checkins_batch",
    "api:attendance_batch",
    "api:walkins_batch",
    "api:checkin_create",
    "api:team_add",
    "api:programmes_match",
    "api:message_status",
}
DELETE = {"api:team_remove"}


def a_registration(caravan):
    return register(caravan, person(), profile="project_holder", channel="staff", project_idea="عسل")


def a_duplicate_pair(caravan):
    first, second = a_registration(caravan), a_registration(caravan)
    return PossibleDuplicate.objects.create(
        person=second.person, other=first.person, score=0.9, reasons=["same_phone"]
    )


def json_body(name, caravan):
    if name == "api:team_add":
        return {"username": "agent", "role": "agent"}  # already on the team: 200, again and again
    if name.endswith("_batch"):
        return {"items": []}
    if name != "api:checkin_create":
        return {}
    # A real badge, checked in again and again: 201 then 409 for those allowed, 403 for the others.
    return {"code": a_registration(caravan).badge_code, "day": str(caravan.start_date)}


def a_checkin(caravan):
    agent = get_user_model().objects.get(username="agent")
    return check_in(caravan, a_registration(caravan).badge_code, caravan.start_date, agent).checkin


def a_device(caravan):
    return enrol(caravan, get_user_model().objects.get(username="agent"), "Phone")[0]


def trainers_session(caravan):
    """A session where the demo trainer speaks."""
    return Session.objects.get(
        day__caravan=caravan, title_fr="Procédure de création des coopératives (loi 112-12)"
    )


def a_certificate(caravan):
    registration = participant(caravan, days=3)
    issue_all(caravan, None)
    return Certificate.objects.get(registration=registration)


def a_survey(caravan):
    """An open survey with one answered rating (so that deleting its question is refused: the walk repeats)."""
    survey = Survey.objects.create(
        caravan=caravan, kind="satisfaction", title_ar="تقييم", title_fr="Évaluation", is_open=True
    )
    question = Question.objects.create(survey=survey, kind="likert", text_ar="سؤال", text_fr="Question")
    submit_response(survey, a_registration(caravan), {question: 4}, channel="paper")
    return survey


def a_survey_question(caravan):
    return a_survey(caravan).questions.get()


def a_finished_batch(caravan):
    job = BatchJob.objects.create(caravan=caravan, language="fr")
    run_batch(job.pk)
    return job


def a_message(caravan):
    """The decision message of a new registration, as its person received it."""
    return queue(
        Kind.DECISION,
        person=a_registration(caravan).person,
        caravan=caravan,
        context={"decision": "accepted"},
        key="accepted",
    )


def a_follow_up(caravan):
    """The 3-month contact of a new project of `caravan`, in the demo agent's charge."""
    followed = project(caravan)
    plan_follow_ups(caravan)
    contact = followed.follow_ups.get(months=3)
    assign(None, [contact], get_user_model().objects.get(username="agent"))
    return contact


def a_questionnaire(caravan):
    """The secret of a follow-up questionnaire's link sent to a project's holder."""
    secret = "a-questionnaire-link"
    contact = FollowUp.objects.create(project=project(caravan), caravan=caravan, months=3, due=caravan.end_date)
    contact.questionnaire_hash, contact.questionnaire_sent = hash_token(secret), timezone.now()
    contact.save()
    return secret


def a_callback_request(caravan):
    """Someone of the demo caravan's region who asked on the finder to be called back."""
    province = Province.objects.filter(region=caravan.region).first()
    return CallbackRequest.objects.create(
        name="Fatima", phone="+212612345678", province=province, consent_at=timezone.now()
    )


def a_published_story(caravan):
    """A published story with a photo, the signed form's scan, and on a session of the caravan's programme."""
    story = story_services.publish(None, a_story(caravan, photos=True))
    story_services.add_photo(None, story, jpeg_upload(size=(400, 300)))
    scan = SimpleUploadedFile("consent.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    story_services.record_consent(
        None, story, on=story.consent_on, collected_by="Samira", covers_text=True, covers_photos=True, scan=scan
    )
    story.sessions.add(trainers_session(caravan))
    return story


def a_budget_line(caravan):
    return BudgetLine.objects.create(caravan=caravan, category="venue", planned_mad=30000)


# Sample objects for URLs that name one (`<int:pk>`), by URL name prefix.
PK_SAMPLES = {
    "caravans:account_line_": a_budget_line,
    "caravans:account_photo": a_photo,
    "stories:draft": followed_project,
    "stories:": a_published_story,
    "documents:story_pdf": a_published_story,
    "onsite:undo": a_checkin,
    "onsite:device_revoke": a_device,
    "onsite:groups_": a_registration,
    "onsite:attendance_": trainers_session,
    "projects:follow_up_contact": a_follow_up,
    "projects:": project,
    "programmes:": lambda caravan: saved_programme(),
    "surveys:question_create": a_survey,  # before the next line: it names the survey, not a question
    "surveys:question_": a_survey_question,
    "surveys:": a_survey,
    "api:project_": project,
    "documents:project_dossier": project,
    "certificates:": a_certificate,
    "documents:certificate_pdf": a_certificate,
    "documents:certificates_batch": a_finished_batch,
    "documents:badge_pdf": a_registration,
    "registration:staff_registration": a_registration,
    "correct_person": a_registration,
    "person_": a_registration,
    "registration:staff_duplicate": a_duplicate_pair,
    "caravans:staff_account": lambda caravan: get_user_model().objects.create_user("sample-account"),
    "caravans:signatory_remove": lambda caravan: caravan.signatories.first(),
    "caravans:logo_upload": lambda caravan: caravan.partnerships.first(),
    "finder_callback_called": a_callback_request,
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin has its own staff check, tested in test_admin_access below
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def url_for(name, pattern, caravan):
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "slug":
            kwargs["slug"] = caravan.slug
        elif key == "code":
            kwargs["code"] = "fr"
        elif key == "date":
            kwargs["date"] = caravan.start_date
        elif key == "session_id":
            sessions = Session.objects.filter(day__caravan=caravan)
            if name == "documents:sign_in_sheet_group":
                sessions = sessions.filter(kind=Session.Kind.WORKSHOP)
            kwargs["session_id"] = sessions.values_list("pk", flat=True)[0]
        elif key == "day_id":
            days = Day.objects.filter(caravan=caravan, sessions__kind=Session.Kind.WORKSHOP)
            kwargs["day_id"] = days.values_list("pk", flat=True).first()
        elif name.startswith("accounts:") and key in ("uidb64", "token"):
            kwargs[key] = "not-a-real-link"
        elif key in ("username", "role"):
            kwargs[key] = "trainer"  # the demo trainer's role
        elif key == "token" and name.startswith("messaging_public:"):
            kwargs["token"] = opt_out_token(a_message(caravan))
        elif key == "token" and name.startswith("surveys:"):
            kwargs["token"] = a_survey(caravan).token
        elif key == "token":
            kwargs["token"] = session_token(trainers_session(caravan))
        elif key == "number":
            kwargs["number"] = a_certificate(caravan).number
        elif key == "key":
            kwargs["key"] = "need"
        elif key == "kind":
            kwargs["kind"] = "reminder"  # a kind of message
        elif key == "step":
            kwargs["step"] = "name_approval"
        elif key == "secret" and name == "projects:questionnaire":
            kwargs["secret"] = a_questionnaire(caravan)
        elif key == "secret":
            kwargs["secret"] = "not-a-real-link"
        elif key == "photo" and name.startswith("stories:"):
            kwargs["photo"] = StoryPhoto.objects.filter(story=kwargs["pk"]).values_list("pk", flat=True)[0]
        elif key == "session" and name.startswith("stories:"):
            kwargs["session"] = Session.objects.filter(stories=kwargs["pk"]).values_list("pk", flat=True)[0]
        elif key in ("pk", "id") and "part" not in pattern.default_args:
            make = next(make for prefix, make in PK_SAMPLES.items() if name.startswith(prefix))
            kwargs[key] = make(caravan).pk
        elif key == "pk":
            model = PARTS[pattern.default_args["part"]]
            lookup = (
                {"day__caravan": caravan}
                if model is Session
                else {"venue__caravan": caravan}
                if model is Room
                else {"caravan": caravan}
            )
            kwargs["pk"] = model.objects.filter(**lookup).values_list("pk", flat=True).first()
        else:
            raise AssertionError(f"{name}: no sample value for <{key}>: add one to the permission matrix")
    return reverse(name, kwargs=kwargs) + QUERIES.get(name, "")


def outcome(response):
    if response.status_code in (302, 303) and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if response.status_code == 401:
        return UNAUTHORISED
    if response.status_code in (403, 404):
        return DENIED
    assert response.status_code < 500, response.status_code
    return OK


ROUTES = sorted(walk(get_resolver().url_patterns), key=lambda item: item[0])


def test_it_has_an_expectation_for_every_url():
    missing = sorted({name for name, _ in ROUTES} - set(EXPECTED))
    assert not missing, f"URLs without a permission expectation: {missing}"


@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_each_role_gets_what_the_matrix_says(name, pattern, personas, demo):
    if name not in EXPECTED:
        pytest.fail(f"{name} has no permission expectation")
    url = url_for(name, pattern, demo)
    body = json_body(name, demo) if name in POST_JSON else None
    for persona in PERSONAS:
        client, headers = personas[persona], {}
        if name.startswith("api:") and persona != "anonymous":
            # The API knows callers by their bearer token, not by a browser session.
            user = get_user_model().objects.get(username=persona)
            client, headers = Client(), {"Authorization": f"Bearer {ApiToken.issue(user)}"}
        if name in POST_JSON:
            response = client.post(url, body, content_type="application/json", headers=headers)
        elif name in POST_ONLY:
            response = client.post(url, headers=headers)
        elif name in DELETE:
            response = client.delete(url, headers=headers)
        else:
            response = client.get(url, headers=headers)
        assert outcome(response) == EXPECTED[name][persona], f"{persona} on {url}: {response.status_code}"


def test_admin_access_is_for_the_national_coordinator_only(personas):
    assert personas["coordinator"].get("/admin/").status_code == 200
    for persona in ("anonymous", "organiser", "trainer", "agent"):
        response = personas[persona].get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], persona
