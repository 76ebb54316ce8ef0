"""The phones that hold a caravan's roster: enrolled by a logged-in agent, seen at each sync, revoked by an
organiser or by logging out of the browser that enrolled them, expired the day after the caravan. The roster they download holds no
CIN, phone or birth date (`roster`)."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caravans.models import Session
from core import audit
from core.models import hash_token
from registration.models import Registration

from ..models import GroupAssignment
from .models import Device, expiry_of

# The devices a browser enrolled, in its session: logging out of it revokes them (qafila.logout).
SESSION_DEVICES = "offline.devices"

REFUSALS = {
    "device_revoked": _("This device was revoked: its roster and queued scans are wiped. Enrol it again."),
    "device_expired": _("This caravan is over: the roster on this device has expired and is wiped."),
}


def enrol(caravan, user, label):
    """A new device of `user` on `caravan`, and its secret token (shown this once; only its hash is kept)."""
    secret = secrets.token_urlsafe(32)
    device = Device.objects.create(
        caravan=caravan,
        user=user,
        label=(label or "").strip()[:80] or str(_("Phone")),
        token_hash=hash_token(secret),
        expires_at=expiry_of(caravan),
    )
    audit.record(user, "device.enrolled", device, caravan=caravan.pk, label=device.label)
    return device, secret


def device_for(secret, now):
    """The device whose token is `secret` (its caravan and user read with it), marked as seen; None if none."""
    device = Device.objects.select_related("caravan", "user").filter(token_hash=hash_token(secret)).first()
    if device is not None and device.refusal(now) is None:
        Device.objects.filter(pk=device.pk).update(last_seen=now)
        device.last_seen = now
    return device


@transaction.atomic
def revoke(device, actor):
    """Refuse `device`'s token from now on; its next contact tells the phone to wipe its roster."""
    device = Device.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        return device
    device.revoked_at, device.revoked_by = timezone.now(), actor
    device.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(actor, "device.revoked", device, caravan=device.caravan_id, user=device.user_id)
    return device


def revoke_devices_of(user, pks):
    """Revoke the devices `user` enrolled from the browser they log out of (their `pks` are in its session): no
    roster stays usable behind them, and a phone of theirs elsewhere keeps working and sending."""
    devices = list(Device.objects.filter(user=user, pk__in=pks, revoked_at=None))
    for device in devices:
        revoke(device, user)
    return len(devices)


def devices_of(caravan):
    """The caravan's devices for its organisers' page, the latest enrolled first."""
    return Device.objects.filter(caravan=caravan).select_related("user", "revoked_by")


# --- The roster ---------------------------------------------------------------------------------------


def roster(caravan, day, device=None):
    """What a phone keeps to check people in on `day` without the network: every accepted registration's
    badge code, names, profile and workshop group, and the day's sessions that take attendance. Never a CIN,
    a phone number or a birth date. Marks `device`'s roster as downloaded."""
    groups = {}
    assignments = GroupAssignment.objects.filter(day__caravan=caravan, day__date=day)
    for registration_id, title in assignments.order_by("session__starts_at").values_list(
        "registration_id", "session__title_ar"
    ):
        groups.setdefault(registration_id, []).append(title)
    registrations = (
        Registration.objects.accepted()
        .filter(caravan=caravan)
        .exclude(badge_code="")
        .order_by("id")
        .values_list("id", "badge_code", "person__full_name_ar", "person__full_name_latin", "profile")
    )
    items = [
        {
            "badge_code": code,
            "full_name_ar": name_ar,
            "full_name_latin": name_latin,
            "profile": profile,
            "group": " / ".join(groups.get(pk, [])),
            "decision": "accepted",
        }
        for pk, code, name_ar, name_latin, profile in registrations
    ]
    sessions = (
        Session.objects.filter(day__caravan=caravan, day__date=day)
        .exclude(kind__in=Session.NO_ATTENDANCE)
        .order_by("starts_at", "id")
    )
    if device is not None:
        device.roster_downloaded_at = timezone.now()
        Device.objects.filter(pk=device.pk).update(roster_downloaded_at=device.roster_downloaded_at)
    return {
        "day": day,
        "expires": device and timezone.localtime(device.expires_at),
        "items": items,
        "sessions": [
            {
                "id": s.pk,
                "title_ar": s.title_ar,
                "title_fr": s.title_fr,
                "starts_at": f"{s.starts_at:%H:%M}",
                "ends_at": f"{s.ends_at:%H:%M}",
            }
            for s in sessions
        ],
    }
