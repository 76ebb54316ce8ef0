"""Offline check-in from the agents' phones: a phone enrols, downloads the day's roster, and sends the scans
it queued without network in batches, recorded exactly once; a revoked or expired phone is told to wipe."""

import datetime
import gzip
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from core.models import AuditEntry
from onsite.models import CheckIn, Device, SessionAttendance
from onsite.offline.services import revoke
from registration import reasons
from registration.models import Registration
from registration.services import cancel, register
from registration.tests.factories import person

CASABLANCA = ZoneInfo("Africa/Casablanca")
API = "/api/v1/caravans/tanger-2025/"


@pytest.fixture(autouse=True)
def during_the_caravan(demo):
    """The evening of the caravan's last day: every scan of its days is in the past, no roster has expired."""
    with time_machine.travel(at(demo, 18, day=(demo.end_date - demo.start_date).days)):
        yield


@pytest.fixture
def staff(demo):
    """The demo's staff users by user name: coordinator, organiser, trainer, agent."""
    from django.contrib.auth import get_user_model

    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def accepted(demo):
    return [
        register(
            demo, person(), profile="project_holder", channel="staff", project_idea="تربية النحل وبيع العسل"
        )
        for _ in range(3)
    ]


def enrol(user, label="Phone"):
    """A phone of `user` enrolled on the demo caravan: (the enrolment's JSON, headers with its token)."""
    client = Client()
    client.force_login(user)
    answer = client.post("/staff/caravans/tanger-2025/offline/enrol/", {"label": label})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    return body, {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}


def at(caravan, hour, minute=0, day=0):
    """A time of the caravan's day `day` (0: the first), in Morocco."""
    date = caravan.start_date + datetime.timedelta(days=day)
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=CASABLANCA)


def checkin_item(registration, when, client_id=None):
    return {
        "client_id": client_id or str(uuid.uuid4()),
        "code": registration.badge_code,
        "day": when.date().isoformat(),
        "scanned_at": when.isoformat(),
    }


def send(headers, kind, items, device=None):
    body = {"device": device, "items": items} if device else {"items": items}
    return Client().post(f"{API}{kind}/batch", body, content_type="application/json", **headers)


def test_enrolling_a_phone_gives_its_token_once_and_the_addresses_it_uses(demo, staff):
    body, _headers = enrol(staff["agent"], "Phone of Amina")
    device = Device.objects.get()
    assert body["device"] == str(device.pk) and (device.user, device.label) == (
        staff["agent"],
        "Phone of Amina",
    )
    assert body["token"] not in device.token_hash and len(device.token_hash) == 64
    assert body["roster"] == f"{API}roster" and body["checkins"] == f"{API}checkins/batch"
    assert body["attendance"] == f"{API}attendance/batch" and body["walkins"] == f"{API}walkins/batch"
    expires = datetime.datetime.fromisoformat(body["expires"])
    assert expires == datetime.datetime.combine(
        demo.end_date + datetime.timedelta(days=2), datetime.time(), tzinfo=CASABLANCA
    )
    assert AuditEntry.objects.filter(action="device.enrolled", actor=staff["agent"]).exists()


def test_the_roster_lists_every_accepted_badge_with_names_and_no_personal_data(demo, accepted, staff):
    waiting = register(
        demo, person(birth_date=datetime.date(2015, 1, 1)), profile="project_holder", channel="staff"
    )
    _body, headers = enrol(staff["agent"])
    answer = Client().get(f"{API}roster?day={demo.start_date}", HTTP_ACCEPT_ENCODING="gzip", **headers)
    assert answer.status_code == 200 and answer["Content-Encoding"] == "gzip"
    text = gzip.decompress(answer.content).decode()
    roster = json.loads(text)
    codes = {item["badge_code"] for item in roster["items"]}
    assert codes == set(
        Registration.objects.accepted().filter(caravan=demo).values_list("badge_code", flat=True)
    )
    assert {r.badge_code for r in accepted} <= codes and waiting.badge_code not in codes
    mine = next(item for item in roster["items"] if item["badge_code"] == accepted[0].badge_code)
    assert mine["full_name_ar"] == accepted[0].person.full_name_ar and mine["decision"] == "accepted"
    assert set(mine) == {"badge_code", "full_name_ar", "full_name_latin", "profile", "group", "decision"}
    for registration in accepted:
        someone = registration.person
        assert someone.cin not in text and someone.phone not in text and "1990-05-01" not in text
    assert roster["day"] == demo.start_date.isoformat() and roster["sessions"]
    assert Device.objects.get().roster_downloaded_at is not None


def test_sending_the_same_batch_twice_records_nothing_new_and_answers_the_same(demo, accepted, staff):
    body, headers = enrol(staff["agent"])
    items = [checkin_item(r, at(demo, 9, n)) for n, r in enumerate(accepted)]
    first = send(headers, "checkins", items, body["device"])
    assert first.status_code == 200, first.content
    assert [r["status"] for r in first.json()["results"]] == [201, 201, 201]
    again = send(headers, "checkins", items, body["device"])
    assert again.json()["results"] == first.json()["results"]
    assert CheckIn.objects.count() == 3
    checkin = CheckIn.objects.get(registration=accepted[0])
    assert checkin.at == at(demo, 9, 0) and checkin.agent == staff["agent"]


def test_two_phones_scanning_the_same_badge_make_one_check_in_the_earliest_and_both_see_the_conflict(
    demo, accepted, staff
):
    first_phone, first = enrol(staff["agent"], "A")
    second_phone, second = enrol(staff["organiser"], "B")
    someone = accepted[0]
    # The first phone syncs first, its scan the later one.
    late = send(first, "checkins", [checkin_item(someone, at(demo, 9, 10))]).json()["results"][0]
    assert (late["status"], late["conflict"]) == (201, False)
    early = send(second, "checkins", [checkin_item(someone, at(demo, 9, 2))]).json()
    assert (early["results"][0]["status"], early["results"][0]["conflict"]) == (201, True)
    checkin = CheckIn.objects.get()
    assert (checkin.at, checkin.agent, checkin.device_id) == (
        at(demo, 9, 2),
        staff["organiser"],
        uuid.UUID(second_phone["device"]),
    )
    # The first phone's next contact (an empty batch will do) says its scan was not the one counted.
    seen = send(first, "checkins", []).json()["conflicts"]
    assert [(c["client_id"], c["status"], c["conflict"]) for c in seen] == [(late["client_id"], 409, True)]
    assert datetime.datetime.fromisoformat(seen[0]["checked_in_at"]) == at(demo, 9, 2)
    assert [c["status"] for c in early["conflicts"]] == [201]
    # A third scan, later than both, is refused as a conflict too.
    third = send(second, "checkins", [checkin_item(someone, at(demo, 9, 30))]).json()["results"][0]
    assert (third["status"], third["conflict"]) == (409, False)  # the same phone's own repeat
    assert CheckIn.objects.count() == 1


def test_a_later_scan_from_another_phone_is_409_with_the_conflict_on_both(demo, accepted, staff):
    _a, first = enrol(staff["agent"], "A")
    _b, second = enrol(staff["organiser"], "B")
    someone = accepted[1]
    send(first, "checkins", [checkin_item(someone, at(demo, 10))])
    later = send(second, "checkins", [checkin_item(someone, at(demo, 10, 20))]).json()["results"][0]
    assert (later["status"], later["code"], later["conflict"]) == (409, "already", True)
    assert [c["status"] for c in send(first, "checkins", []).json()["conflicts"]] == [201]
    assert CheckIn.objects.get().at == at(demo, 10)


def test_scans_from_the_future_or_another_day_and_unknown_badges_are_refused_one_by_one(
    demo, accepted, staff
):
    _body, headers = enrol(staff["agent"])
    cancel(accepted[2], staff["organiser"])
    future = checkin_item(accepted[0], at(demo, 9))
    future["scanned_at"] = (datetime.datetime.now(CASABLANCA) + datetime.timedelta(hours=1)).isoformat()
    other_day = {**checkin_item(accepted[0], at(demo, 9, day=1)), "day": demo.start_date.isoformat()}
    unknown = {**checkin_item(accepted[1], at(demo, 9)), "code": "ZZZZZZZZZZ"}
    before = {
        **checkin_item(accepted[1], at(demo, 9)),
        "day": "2025-01-01",
        "scanned_at": "2025-01-01T09:00:00+01:00",
    }
    items = [
        future,
        other_day,
        unknown,
        before,
        checkin_item(accepted[2], at(demo, 9)),
        checkin_item(accepted[1], at(demo, 9)),
    ]
    results = send(headers, "checkins", items).json()["results"]
    assert [(r["status"], r["code"]) for r in results] == [
        (422, "bad_scan_time"),
        (422, "bad_scan_time"),
        (404, "unknown_code"),
        (422, "not_a_caravan_day"),
        (422, "not_accepted"),
        (201, "checked_in"),
    ]
    assert list(CheckIn.objects.values_list("registration", flat=True)) == [accepted[1].pk]


def test_a_batch_is_at_most_500_scans(demo, accepted, staff):
    _body, headers = enrol(staff["agent"])
    answer = send(headers, "checkins", [checkin_item(accepted[0], at(demo, 9))] * 501)
    assert answer.status_code == 422 and not CheckIn.objects.exists()


def test_badges_scanned_at_a_sessions_door_mark_each_person_present_once(demo, accepted, staff):
    body, headers = enrol(staff["trainer"])
    roster = Client().get(f"{API}roster?day={demo.start_date}", **headers).json()
    session = roster["sessions"][0]
    starts = datetime.time.fromisoformat(session["starts_at"])
    when = datetime.datetime.combine(demo.start_date, starts, tzinfo=CASABLANCA)
    items = [
        {
            "client_id": str(uuid.uuid4()),
            "code": r.badge_code,
            "session": session["id"],
            "scanned_at": when.isoformat(),
        }
        for r in accepted[:2]
    ]
    items.append({**items[0], "client_id": str(uuid.uuid4())})  # the same badge scanned twice
    results = send(headers, "attendance", items, body["device"]).json()["results"]
    assert [r["status"] for r in results] == [201, 201, 409]
    assert send(headers, "attendance", items).json()["results"] == results
    marks = SessionAttendance.objects.filter(session_id=session["id"])
    assert sorted(marks.values_list("registration", flat=True)) == sorted(r.pk for r in accepted[:2])
    assert {(m.channel, m.by, m.at) for m in marks} == {("badge", staff["trainer"], when)}


def test_walk_ins_queued_offline_are_decided_by_the_caravans_rules_and_checked_in_when_accepted(demo, staff):
    _body, headers = enrol(staff["agent"])
    fields = {
        "full_name_ar": "زينب الإدريسي",
        "full_name_latin": "Zineb Idrissi",
        "cin": "K777001",
        "sex": "female",
        "birth_date": "1991-03-02",
        "phone": "0612345001",
        "province": "Tanger-Assilah",
        "community": "أولاد علي",
        "profile": "project_holder",
        "project_idea": "تعاونية لتربية النحل",
    }
    child = {**fields, "full_name_ar": "سلمى", "full_name_latin": "Salma", "cin": "", "phone": "0612345002"}
    child["birth_date"] = "2015-01-01"
    items = [
        {
            "client_id": str(uuid.uuid4()),
            "day": str(demo.start_date),
            "scanned_at": at(demo, 11).isoformat(),
            "fields": f,
        }
        for f in (fields, child, {"full_name_ar": ""})
    ]
    results = send(headers, "walkins", items).json()["results"]
    adult, young, nameless = results
    assert (adult["status"], adult["decision"]) == (201, "accepted") and adult["badge_code"]
    registration = Registration.objects.get(badge_code=adult["badge_code"])
    assert registration.channel == "walk_in" and registration.person.cin == "K777001"
    checkin = CheckIn.objects.get(registration=registration)
    assert checkin.at == at(demo, 11)
    assert (young["status"], young["decision"], young["badge_code"]) == (201, "ineligible", None)
    assert "under_age" in young["reasons"]
    assert nameless["status"] == 422 and "missing_name" in nameless["reasons"]
    # The phone shows why in its agent's language, never a code.
    assert (
        young["messages"] == reasons.messages(young["reasons"], "ar") and "under_age" not in young["messages"]
    )
    french = send({**headers, "HTTP_ACCEPT_LANGUAGE": "fr"}, "walkins", items).json()["results"]
    assert french[1]["messages"] == reasons.messages(young["reasons"], "fr") != young["messages"]
    # Sent again (the answer was lost on the way): nobody is registered twice.
    assert send(headers, "walkins", items).json()["results"] == results
    assert Registration.objects.filter(person__cin="K777001").count() == 1


def test_a_revoked_phone_is_refused_and_told_to_wipe_its_roster(demo, accepted, staff):
    body, headers = enrol(staff["agent"])
    revoke(Device.objects.get(pk=body["device"]), staff["organiser"])
    for answer in (
        Client().get(f"{API}roster", **headers),
        send(headers, "checkins", [checkin_item(accepted[0], at(demo, 9))]),
    ):
        assert answer.status_code == 401
        assert answer.json()["code"] == "device_revoked" and answer.json()["wipe"] is True
    assert not CheckIn.objects.exists()


def test_a_phones_roster_expires_the_day_after_the_caravan(demo, accepted, staff):
    with time_machine.travel(at(demo, 8), tick=False):
        _body, headers = enrol(staff["agent"])
        assert Client().get(f"{API}roster", **headers).status_code == 200
    last_day = (demo.end_date - demo.start_date).days
    with time_machine.travel(at(demo, 23, 59, day=last_day + 1), tick=False):
        assert Client().get(f"{API}roster", **headers).status_code == 200
    with time_machine.travel(at(demo, 0, 1, day=last_day + 2), tick=False):
        answer = Client().get(f"{API}roster", **headers)
    assert answer.status_code == 401 and answer.json() | {"message": ""} == {
        "code": "device_expired",
        "message": "",
        "wipe": True,
    }


def test_a_phones_token_works_on_its_caravans_offline_endpoints_only(demo, accepted, staff):
    from caravans.services import copy_caravan

    copy_caravan(demo, "tetouan-2025", start=datetime.date(2025, 3, 10))
    _body, headers = enrol(staff["coordinator"])
    code = accepted[0].badge_code
    online = Client().post(
        f"{API}checkins",
        {"code": code, "day": str(demo.start_date)},
        content_type="application/json",
        **headers,
    )
    assert online.status_code == 401 and online.json()["code"] == "invalid_token"
    assert Client().get(f"{API}registrations", **headers).status_code == 401
    other = Client().get("/api/v1/caravans/tetouan-2025/roster", **headers)
    assert other.status_code == 403 and other.json()["code"] == "other_caravan"
    batch = Client().post(
        "/api/v1/caravans/tetouan-2025/checkins/batch",
        {"items": []},
        content_type="application/json",
        **headers,
    )
    assert batch.status_code == 403 and not CheckIn.objects.exists()


def test_a_phone_has_its_users_roles_a_trainers_phone_marks_attendance_but_checks_nobody_in(
    demo, accepted, staff
):
    _body, headers = enrol(staff["trainer"])
    answer = send(headers, "checkins", [checkin_item(accepted[0], at(demo, 9))])
    assert answer.status_code == 403 and not CheckIn.objects.exists()
    walk_in = send(headers, "walkins", [])
    assert walk_in.status_code == 403


def test_a_staff_api_token_reads_the_roster_but_sends_no_batch(demo, accepted, bearer):
    answer = Client().get(f"{API}roster?day={demo.start_date}", **bearer("organiser"))
    assert answer.status_code == 200 and answer.json()["expires"] is None
    batch = send(bearer("agent"), "checkins", [checkin_item(accepted[0], at(demo, 9))])
    assert batch.status_code == 403 and batch.json()["code"] == "device_required"


def test_nobody_without_a_role_on_the_caravan_enrols_a_phone(demo, staff):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.create_user("stranger"))
    assert client.post("/staff/caravans/tanger-2025/offline/enrol/", {"label": "x"}).status_code == 403
    assert not Device.objects.exists()
