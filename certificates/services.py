"""Certificate actions: save the rule, issue for a whole caravan (exactly once each), revoke, reissue (a new
number), reissue_for (a corrected name, the same number)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from caravans.models import Caravan
from core import audit
from messaging import outbox
from messaging.models import Kind
from registration.models import Registration
from registration.notify import person_name

from . import numbers, rules
from .models import Certificate, CertificateRule
from .standings import earners, rule_for


class CertificateError(ValidationError):
    """A refused certificate action; `code` is stable for tests and the API."""


def save_rule(caravan, actor, *, min_days, min_sessions=None, number_prefix=""):
    """Set the caravan's rule (the form has checked the values); certificates already issued stay."""
    prefix = (number_prefix or "").strip().upper()
    if not rules.PREFIX_PATTERN.match(prefix):
        raise CertificateError(_("The prefix is 2 to 8 capital Latin letters or digits."), code="bad_prefix")
    if not 1 <= min_days <= len(caravan.dates()):
        raise CertificateError(
            _("The number of days must be between 1 and the caravan's days."), code="bad_days"
        )
    with transaction.atomic():
        rule, created = CertificateRule.objects.update_or_create(
            caravan=caravan,
            defaults={"min_days": min_days, "min_sessions": min_sessions or None, "number_prefix": prefix},
        )
        audit.record(
            actor,
            "certificate.rule_saved",
            caravan,
            min_days=min_days,
            min_sessions=rule.min_sessions,
            number_prefix=prefix,
        )
    return rule


def issue_all(caravan, actor, *, language="ar"):
    """Issue a certificate to everyone who earns one and never had one; return the new certificates.

    Idempotent: a second call issues nothing. Someone whose certificate was revoked gets none here (only
    `reissue` gives one back), so a revocation is never undone by a batch. Serials continue from the caravan's
    highest without gaps: the caravan row is locked for the whole transaction (and SQLite's IMMEDIATE
    transactions queue writers), and the unique constraints stop anything that would slip through."""
    with transaction.atomic():
        Caravan.objects.select_for_update().filter(pk=caravan.pk).first()
        rule = rule_for(caravan)
        had = set(Certificate.objects.filter(caravan=caravan).values_list("registration_id", flat=True))
        new_ids = [pk for pk in earners(caravan, rule) if pk not in had]
        if not new_ids:
            return []
        registrations = (
            Registration.objects.filter(pk__in=new_ids)
            .select_related("person")
            .order_by("person__full_name_ar", "person__full_name_latin", "pk")
        )
        top = Certificate.objects.filter(caravan=caravan).aggregate(top=Max("serial"))["top"] or 0
        now = timezone.now()
        issued = [
            _certificate(caravan, registration, serial, rule, actor, language, now)
            for serial, registration in enumerate(registrations, start=top + 1)
        ]
        Certificate.objects.bulk_create(issued)
        for certificate in issued:
            tell(certificate, actor)
        audit.record(
            actor,
            "certificate.issued",
            caravan,
            count=len(issued),
            first=issued[0].number,
            last=issued[-1].number,
        )
    return issued


def _certificate(caravan, registration, serial, rule, actor, language, now):
    person = registration.person
    return Certificate(
        registration=registration,
        caravan=caravan,
        serial=serial,
        number=numbers.make(rule.number_prefix, serial),
        holder_name_ar=person.full_name_ar,
        holder_name_latin=person.full_name_latin,
        language=language if language in Certificate.Language.values else Certificate.Language.AR,
        issued_at=now,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def revoke(certificate, actor, reason):
    """Revoke a certificate: its number then shows "revoked" to whoever checks it. The reason stays internal."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."), code="reason_required")
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.is_revoked:
            raise CertificateError(_("This certificate is already revoked."), code="already_revoked")
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.reason = reason[:300]
        certificate.save(update_fields=["revoked_at", "revoked_by", "reason"])
        audit.record(
            actor, "certificate.revoked", certificate, number=certificate.number, reason=certificate.reason
        )
    return certificate


def reissue(certificate, actor):
    """A new number with the holder's current names (a corrected name, a lost paper); the old one is revoked.

    The rule is not asked again: the person earned the certificate; a later change of rule takes nothing back."""
    with transaction.atomic():
        Caravan.objects.select_for_update().filter(pk=certificate.caravan_id).first()
        certificate = Certificate.objects.select_related("caravan", "registration__person").get(
            pk=certificate.pk
        )
        other = Certificate.objects.valid().filter(registration=certificate.registration_id)
        if other.exclude(pk=certificate.pk).exists():
            raise CertificateError(_("This person already holds a valid certificate."), code="already_valid")
        caravan = certificate.caravan
        serial = Certificate.objects.filter(caravan=caravan).aggregate(top=Max("serial"))["top"] + 1
        now = timezone.now()
        new = _certificate(
            caravan, certificate.registration, serial, rule_for(caravan), actor, certificate.language, now
        )
        if not certificate.is_revoked:
            certificate.revoked_at, certificate.revoked_by = now, actor
            certificate.reason = f"reissued as {new.number}"
            certificate.save(update_fields=["revoked_at", "revoked_by", "reason"])
        new.save()
        tell(new, actor)
        audit.record(actor, "certificate.reissued", new, number=new.number, replaces=certificate.number)
    return new


def tell(certificate, actor):
    """Send the holder the link to their certificate's public page (once per number: a reissued certificate's
    new number is sent too)."""
    person = certificate.registration.person
    language = person.language or "ar"
    with translation.override(language):
        caravan = certificate.caravan.title
    url = settings.SITE_URL + reverse("certificates:verify", args=[certificate.number])
    return outbox.queue(
        Kind.CERTIFICATE,
        person=person,
        caravan=certificate.caravan,
        context={"name": person_name(person, language), "caravan": caravan, "url": url},
        key=certificate.number,
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def reissue_for(person, actor):
    """Put `person`'s current names on their valid certificates, each under its own number: after a corrected
    name the paper is printed again and the number it carries stays good (the verification page shows the name).
    Returns the certificates changed, each audited as `certificate.reissued`."""
    names = {"holder_name_ar": person.full_name_ar, "holder_name_latin": person.full_name_latin}
    changed = []
    with transaction.atomic():
        held = Certificate.objects.valid().select_for_update(of=("self",)).filter(registration__person=person)
        for certificate in held.order_by("pk"):
            before = {name: getattr(certificate, name) for name in names}
            if before == names:
                continue
            for name, value in names.items():
                setattr(certificate, name, value)
            certificate.save(update_fields=list(names))
            audit.record(
                actor, "certificate.reissued", certificate, number=certificate.number, names=[before, names]
            )
            changed.append(certificate)
    return changed
