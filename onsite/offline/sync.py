"""Scans queued on a phone without the network, sent in batches when it is back: recorded exactly once.

Each item carries the phone's own `client_id` and the time it was scanned. A client id this device sent
before gets the answer it got then, and nothing is recorded again (`SyncedItem`). Batches of one device are
taken one at a time (a row lock on the device).

Check-ins: the same badge scanned on two phones the same day is one check-in, the earliest scan's (its time,
its agent, its device), whichever phone synced first; both phones' items are marked as a conflict, and every
batch's answer lists this device's items in conflict (`conflicts_of`), so both agents see it.
Walk-ins are decided by the server's one path (`registration.entry.enter`), then checked in when accepted.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, rows
from people.models import Channel
from registration.entry import enter, scope_for
from registration.importing import Places, entry_of, read_row
from registration.models import Decision, Registration, clean_code, read_digits
from registration.services import RegistrationError

from .. import services as checkins
from ..attendance import services as attendance
from ..models import CheckIn
from .models import Device, SyncedItem

MAX_ITEMS = 500
# A phone's clock may run a little ahead of the server's; a scan further in the future is refused.
CLOCK_SKEW = datetime.timedelta(minutes=5)
BAD_SCAN_TIME = "bad_scan_time"
MESSAGES = {
    BAD_SCAN_TIME: _("The time of this scan is in the future or not on the day it was sent for."),
}
STATUS = {
    checkins.CHECKED_IN: 201,
    checkins.ALREADY: 409,
    checkins.UNKNOWN_CODE: 404,
    checkins.NOT_ACCEPTED: 422,
    checkins.NOT_A_CARAVAN_DAY: 422,
    BAD_SCAN_TIME: 422,
}


def _when(at):
    return at and timezone.localtime(at).isoformat()


def _answer(client_id, code, at=None, conflict=False):
    return {
        "client_id": client_id,
        "status": STATUS[code],
        "code": code,
        "checked_in_at": _when(at),
        "conflict": conflict,
    }


def _scan_time_refusal(caravan, day, scanned_at, now):
    """The refusal code of a scan time: not a caravan day, in the future, or not on `day`; else None."""
    if not caravan.start_date <= day <= caravan.end_date:
        return checkins.NOT_A_CARAVAN_DAY
    if scanned_at > now + CLOCK_SKEW or timezone.localtime(scanned_at).date() != day:
        return BAD_SCAN_TIME
    return None


def _badges(caravan, codes):
    """{code as sent: registration} for the codes of this caravan's registrations (typed digits read too)."""
    cleaned = {code: clean_code(code) for code in codes}
    guesses = {*cleaned.values(), *(read_digits(c) for c in cleaned.values())} - {""}
    found = {r.badge_code: r for r in Registration.objects.filter(caravan=caravan, badge_code__in=guesses)}
    badges = {}
    for code, typed in cleaned.items():
        registration = found.get(typed) or found.get(read_digits(typed))
        if registration is not None:
            badges[code] = registration
    return badges


class Batch:
    """One device's batch: its earlier answers, the new items' answers, what to store, under the device lock."""

    def __init__(self, device, kind, items):
        self.device, self.kind, self.items = device, kind, items
        self.now = timezone.now()
        Device.objects.select_for_update().filter(pk=device.pk).first()
        ids = [item["client_id"] for item in items]
        self.answers = dict(
            SyncedItem.objects.filter(device=device, client_id__in=ids).values_list("client_id", "answer")
        )
        self.replayed = sum(1 for client_id in set(ids) if client_id in self.answers)
        self.new = []

    def fresh(self):
        """The items not answered before (once each, a client id repeated in the batch counted once)."""
        seen = set(self.answers)
        for item in self.items:
            if item["client_id"] not in seen:
                seen.add(item["client_id"])
                yield item

    def keep(self, answer, registration=None, day=None, conflict=False):
        self.answers[answer["client_id"]] = answer
        self.new.append(
            rows.build(
                SyncedItem,
                device=self.device,
                client_id=answer["client_id"],
                kind=self.kind,
                answer=answer,
                registration=registration,
                day=day,
                conflict=conflict,
                synced_at=self.now,
            )
        )

    def results(self):
        rows.insert_many(self.new)
        return [self.answers[item["client_id"]] for item in self.items]


# --- Check-ins ----------------------------------------------------------------------------------------


@transaction.atomic
def sync_checkins(device, items):
    """Record a device's queued check-ins (dicts: client_id, code, day, scanned_at); their answers in order."""
    batch = Batch(device, SyncedItem.Kind.CHECKIN, items)
    badges = _badges(device.caravan, {item["code"] for item in batch.fresh()})
    ready, moved = [], []
    for item in batch.fresh():
        client_id, day = item["client_id"], item["day"]
        refusal = _scan_time_refusal(device.caravan, day, item["scanned_at"], batch.now)
        registration = badges.get(item["code"])
        if refusal is None and registration is None:
            refusal = checkins.UNKNOWN_CODE
        if refusal is None and registration.decision != Decision.ACCEPTED:
            refusal = checkins.NOT_ACCEPTED
        if refusal is not None:
            batch.keep(_answer(client_id, refusal))
        else:
            ready.append((registration, item))
    # In the order of the registrations, as every batch does: two batches on the same badges at once then
    # wait for each other instead of deadlocking (PostgreSQL).
    for registration, item in sorted(ready, key=lambda pair: (pair[0].pk, pair[1]["day"])):
        answer, conflict = _check_in(device, registration, item)
        if answer["code"] == checkins.CHECKED_IN and conflict:
            moved.append(registration.pk)
        batch.keep(answer, registration, item["day"], conflict)
    if batch.new:
        audit.record(
            device.user,
            "checkin.synced",
            device,
            caravan=device.caravan_id,
            items=len(batch.new),
            replayed=batch.replayed,
            earlier_scan_won=moved,
        )
    return batch.results()


def _check_in(device, registration, item):
    """(this scan's answer, whether two sources scanned the badge that day) for one accepted badge."""
    client_id, day, scanned_at = item["client_id"], item["day"], item["scanned_at"]
    for _attempt in range(2):
        try:
            with transaction.atomic():
                checkin = rows.insert(
                    CheckIn(
                        registration=registration, day=day, at=scanned_at, agent=device.user, device=device
                    )
                )
            return _answer(client_id, checkins.CHECKED_IN, checkin.at), False
        except IntegrityError:
            earlier = CheckIn.objects.active().select_for_update().filter(registration=registration, day=day)
            earlier = earlier.first()
            if earlier is not None:
                return _settle(device, earlier, item)
            # …undone in between: try once more.
    raise checkins.CheckInError(
        _("This badge is being checked in and undone at once: scan it again."), code="busy"
    )


def _settle(device, checkin, item):
    """The badge was already checked in that day: by this phone (a repeat), or by another phone or agent (a
    conflict: the earliest scan becomes the check-in, and the other phones' items about it are conflicts)."""
    client_id, scanned_at = item["client_id"], item["scanned_at"]
    same_source = checkin.device_id == device.pk or (
        checkin.device_id is None and checkin.agent_id == device.user_id
    )
    if same_source:
        return _answer(client_id, checkins.ALREADY, checkin.at), False
    code = checkins.ALREADY
    if scanned_at < checkin.at:
        checkin.at, checkin.agent, checkin.device = scanned_at, device.user, device
        checkin.save(update_fields=["at", "agent", "device"])
        code = checkins.CHECKED_IN
    SyncedItem.objects.filter(
        kind=SyncedItem.Kind.CHECKIN, registration=checkin.registration_id, day=checkin.day
    ).exclude(device=device).update(conflict=True)
    return _answer(client_id, code, checkin.at, conflict=True), True


def conflicts_of(device):
    """This device's check-ins that another phone (or agent) scanned too, as they stand now: `status` 201
    when this phone's scan is the check-in, 409 when another's earlier scan is."""
    items = list(
        SyncedItem.objects.filter(device=device, kind=SyncedItem.Kind.CHECKIN, conflict=True).order_by("id")
    )
    active = CheckIn.objects.active().filter(registration__in={item.registration_id for item in items})
    current = {(c.registration_id, c.day): c for c in active}
    conflicts = []
    for item in items:
        checkin = current.get((item.registration_id, item.day))
        if checkin is not None:
            code = checkins.CHECKED_IN if checkin.device_id == device.pk else checkins.ALREADY
            conflicts.append(_answer(item.client_id, code, checkin.at, conflict=True))
    return conflicts


# --- Attendance at a session's door -------------------------------------------------------------------


ATTENDANCE_STATUS = {
    attendance.PRESENT: 201,
    attendance.ALREADY: 409,
    attendance.UNKNOWN_CODE: 404,
    attendance.NOT_ACCEPTED: 422,
    attendance.OTHER_CARAVAN: 404,
    attendance.NOT_TODAY: 422,
    "unknown_session": 404,
    BAD_SCAN_TIME: 422,
}


@transaction.atomic
def sync_attendance(device, items):
    """Record a device's queued door scans (dicts: client_id, code, session, scanned_at); answers in order."""
    batch = Batch(device, SyncedItem.Kind.ATTENDANCE, items)
    sessions = attendance.sessions_of(device.caravan).in_bulk({item["session"] for item in batch.fresh()})
    for item in batch.fresh():
        session, scanned_at = sessions.get(item["session"]), item["scanned_at"]
        if session is None:
            code, at = "unknown_session", None
        elif scanned_at > batch.now + CLOCK_SKEW:
            code, at = BAD_SCAN_TIME, None
        else:
            outcome = attendance.present_by_badge(session, item["code"], scanned_at, device.user)
            code, at = outcome.code, outcome.attendance and outcome.attendance.at
        answer = {
            "client_id": item["client_id"],
            "status": ATTENDANCE_STATUS[code],
            "code": code,
            "checked_in_at": _when(at),
            "conflict": False,
        }
        batch.keep(answer)
    return batch.results()


# --- Walk-ins -----------------------------------------------------------------------------------------


def sync_walkins(device, items):
    """Register a device's queued walk-ins (dicts: client_id, day, scanned_at, fields) by the caravan's rules,
    each checked in when accepted; answers in order."""
    with transaction.atomic():
        batch = Batch(device, SyncedItem.Kind.WALKIN, items)
        places = Places()
        for item in batch.fresh():
            batch.keep(_walk_in(device, item, places, batch.now))
        return batch.results()


def _walk_in(device, item, places, now):
    answer = {
        "client_id": item["client_id"],
        "status": 422,
        "decision": None,
        "reasons": [],
        "badge_code": None,
        "checked_in_at": None,
    }
    caravan, day = device.caravan, item["day"]
    refusal = _scan_time_refusal(caravan, day, item["scanned_at"], now)
    if refusal is not None:
        return {**answer, "reasons": [refusal]}
    row = read_row(item["fields"], places=places)
    if row.reasons:  # a value that cannot be read: nobody is registered, as on the walk-in page's form
        return {**answer, "reasons": list(row.reasons)}
    try:
        with transaction.atomic():
            registration = enter(
                caravan,
                entry_of(row, places),
                actor=device.user,
                channel=Channel.WALK_IN,
                scope=scope_for(device.user, caravan),
            )
    except RegistrationError as refusal:
        return {**answer, "reasons": [refusal.code]}
    answer = {**answer, "status": 201, "decision": registration.decision, "reasons": registration.reasons}
    if registration.decision != Decision.ACCEPTED:
        return answer
    checked, _conflict = _check_in(device, registration, item)
    return {**answer, "badge_code": registration.badge_code, "checked_in_at": checked["checked_in_at"]}
