"""Who earns a certificate in a caravan, read from the database in a fixed number of queries."""

from dataclasses import dataclass

from onsite.attendance import attendance_of
from registration.models import Registration

from . import rules
from .models import Certificate, CertificateRule


def rule_for(caravan):
    """The caravan's saved rule, or the default one (unsaved): two thirds of its days, no session minimum."""
    rule = CertificateRule.objects.filter(caravan=caravan).first()
    if rule is None:
        rule = CertificateRule(
            caravan=caravan,
            min_days=rules.default_min_days(len(caravan.dates())),
            number_prefix=rules.default_prefix(caravan.slug, caravan.start_date.year),
        )
    return rule


def presence_of(caravan):
    """{registration id: rules.Presence} for the caravan's accepted registrations.

    Who came is onsite's answer (`attendance_of`: active check-ins only); days count once each, and only on
    the caravan's own dates (a check-in left outside them when the dates moved does not)."""
    dates = set(caravan.dates())
    accepted = set(Registration.objects.filter(caravan=caravan).accepted().values_list("pk", flat=True))
    return {
        pk: rules.Presence(accepted=True, days=len(record.days & dates), sessions=len(record.sessions))
        for pk, record in attendance_of(caravan).items()
        if pk in accepted
    }


def as_rule(rule):
    return rules.Rule(min_days=rule.min_days, min_sessions=rule.min_sessions)


def earners(caravan, rule=None):
    """Ids of the caravan's registrations that earn a certificate under `rule` (default: the caravan's)."""
    rule = as_rule(rule or rule_for(caravan))
    return [pk for pk, presence in presence_of(caravan).items() if rules.standing(rule, presence).earned]


@dataclass
class Row:
    registration: Registration
    presence: rules.Presence
    standing: rules.Standing
    certificate: Certificate | None
    revoked: Certificate | None = None  # the latest revoked one, when there is no valid certificate

    @property
    def reasons(self):
        return [rules.message(code) for code in self.standing.reasons]


def rows(caravan, rule):
    """Every accepted registration with its presence, standing and valid certificate, by name."""
    presence = presence_of(caravan)
    registrations = (
        Registration.objects.filter(pk__in=list(presence))
        .select_related("person")
        .only("pk", "caravan_id", "person__full_name_ar", "person__full_name_latin")
        .order_by("person__full_name_ar", "person__full_name_latin", "pk")
    )
    valid, revoked = {}, {}
    for certificate in Certificate.objects.filter(caravan=caravan).order_by("serial"):
        (revoked if certificate.is_revoked else valid)[certificate.registration_id] = certificate
    rule = as_rule(rule)
    return [
        Row(
            r,
            presence[r.pk],
            rules.standing(rule, presence[r.pk]),
            valid.get(r.pk),
            None if r.pk in valid else revoked.get(r.pk),
        )
        for r in registrations
    ]
