"""Who came to the demo caravan (it is over): check-ins day by day and attendance at its sessions."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from caravans.models import Session
from registration.models import Decision

from .models import CheckIn, GroupAssignment, SessionAttendance

SEED = 2025
ARRIVED = (0.9, 0.82, 0.78)  # share of the accepted people checked in on the first, second, third day
AT_SESSION = 0.92  # share of those checked in who are marked at each of the day's sessions
SCANNED = 0.3  # share of session attendance from the session's QR code rather than the trainer's list


def _moment(date, time):
    return timezone.make_aware(datetime.datetime.combine(date, time))


@transaction.atomic
def load_demo_attendance(caravan, seed=SEED):
    """Check-ins and session attendance for `caravan`'s accepted people; nothing when it has check-ins."""
    if CheckIn.objects.filter(registration__caravan=caravan).exists():
        return 0
    rng = random.Random(seed)
    accepted = list(caravan.registrations.filter(decision=Decision.ACCEPTED).order_by("pk"))
    agent = get_user_model().objects.filter(username="agent").first()
    trainer = get_user_model().objects.filter(username="trainer").first()
    group_of = {
        (registration_id, day_id): session_id
        for registration_id, day_id, session_id in GroupAssignment.objects.filter(
            day__caravan=caravan
        ).values_list("registration_id", "day_id", "session_id")
    }
    checkins, attendances = [], []
    for day, share in zip(caravan.days.order_by("date"), ARRIVED, strict=False):
        sessions = list(day.sessions.exclude(kind__in=Session.NO_ATTENDANCE).order_by("starts_at", "pk"))
        workshops = [session.pk for session in sessions if session.kind == Session.Kind.WORKSHOP]
        opening = _moment(day.date, datetime.time(8, 30))
        for registration in accepted:
            if rng.random() >= share:
                continue
            arrival = opening + datetime.timedelta(seconds=rng.randint(0, 90 * 60))
            checkins.append(CheckIn(registration=registration, day=day.date, at=arrival, agent=agent))
            workshop = group_of.get((registration.pk, day.pk)) or (
                rng.choice(workshops) if workshops else None
            )
            for session in sessions:
                if session.kind == Session.Kind.WORKSHOP and session.pk != workshop:
                    continue
                if rng.random() >= AT_SESSION:
                    continue
                scanned = rng.random() < SCANNED
                attendances.append(
                    SessionAttendance(
                        registration=registration,
                        session=session,
                        channel=SessionAttendance.Channel.SCAN
                        if scanned
                        else SessionAttendance.Channel.TRAINER,
                        at=_moment(day.date, session.starts_at)
                        + datetime.timedelta(minutes=rng.randint(0, 20)),
                        by=None if scanned else trainer,
                    )
                )
    CheckIn.objects.bulk_create(checkins)
    SessionAttendance.objects.bulk_create(attendances)
    return len(checkins)
