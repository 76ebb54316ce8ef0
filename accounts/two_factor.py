"""Two-factor login: an authenticator app (TOTP, django-otp) and ten recovery codes for when the phone is lost.

Who must use it is decided above this app (qafila.two_factor, which knows the roles); here: setting an
authenticator up, checking a code, and the recovery codes. django-otp throttles wrong codes per device
(1, 2, 4, 8… seconds before the next try), inside a transaction that locks the device row."""

from base64 import b32encode

from django.db import transaction
from django.db.models import Exists, OuterRef
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.text import to_ascii_digits

RECOVERY_CODES = 10
NAME = "authenticator"
# In a session: its user gave a code, or needs none (set by qafila.two_factor). Login starts a new session.
PASSED = "accounts.two_factor_passed"


def mark_passed(request):
    """This session's user gave their second factor: a new session key, as a login gives one."""
    request.session.cycle_key()
    request.session[PASSED] = True


def has_device(user):
    """True when `user` set up an authenticator: every login then asks for a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def with_authenticator(users):
    """`users` annotated with `has_authenticator` (a list of accounts shows which have one, in one query)."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return users.annotate(has_authenticator=Exists(confirmed))


@transaction.atomic
def remove(actor, user):
    """Forget `user`'s authenticator and recovery codes (a lost phone): their next login sets up a new one.
    False when there was nothing to remove."""
    removed = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    if removed:
        audit.record(actor, "account.two_factor_removed", user, username=user.username)
    return bool(removed)


def pending_device(user):
    """The authenticator being set up: the same secret until it is confirmed (the page may be reloaded)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=NAME, confirmed=False)


def secret(device):
    """The device's key as typed into an authenticator app by hand: base 32, in groups of four."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[start : start + 4] for start in range(0, len(text), 4))


def clean_code(code):
    """A code as typed: Arabic-Indic digits read as digits, spaces and dashes dropped, lower case."""
    return "".join(to_ascii_digits(code).split()).replace("-", "").lower()


def is_recovery_code(code):
    """Authenticator codes are six digits; recovery codes are letters and digits (base 32)."""
    return not code.isdigit()


@transaction.atomic
def confirm(user, device, code):
    """Confirm `device` with a code it shows; it replaces any earlier authenticator. The new recovery codes, or
    None for a wrong code."""
    if verify_token(user, device.persistent_id, clean_code(code)) is None:
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    audit.record(user, "account.two_factor_enabled", user)
    return new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user):
    """Ten new recovery codes, each usable once; the earlier ones stop working. Shown once: only they are kept."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit.record(user, "account.recovery_codes_made", user)
    return codes


def throttled(user, code):
    """True when the device that would check `code` must wait after wrong codes (django-otp's back-off)."""
    model = StaticDevice if is_recovery_code(clean_code(code)) else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    return device is not None and not device.verify_is_allowed()[0]


def check(user, code):
    """True when `code` is the authenticator's current code or an unused recovery code (then used up).

    Only the device the code's form points to is tried, so a wrong code counts once against one device."""
    code = clean_code(code)
    recovery = is_recovery_code(code)
    model = StaticDevice if recovery else TOTPDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    verified = device is not None and verify_token(user, device.persistent_id, code) is not None
    if verified and recovery:
        audit.record(user, "account.recovery_code_used", user, left=device.token_set.count())
    elif not verified:
        audit.record(user, "account.two_factor_refused", user)
    return verified
