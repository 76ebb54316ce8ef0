"""The consent notice (Law 09-08) read to or by every person who registers: who keeps their data, and until when,
and which messages they are sent if they agree and how to stop them (the notice's text is
templates/registration/entry/_notice.html; the messages themselves: `notify`, `tasks`). The retention period is
the caravan's (`Caravan.retention_months`, QAFILA_RETENTION_MONTHS by default): past it the person is anonymised
by the daily job (`qafila.rights.apply_retention`)."""

from django.conf import settings

from caravans.models import Partnership

ORGANISING_ROLES = (Partnership.Role.ORGANISER, Partnership.Role.CO_ORGANISER)


def notice(caravan):
    """What the consent notice names: who keeps the data, until when, and the CNDP's declaration number."""
    organisers = [
        p.organisation
        for p in caravan.partnerships.select_related("organisation").filter(role__in=ORGANISING_ROLES)
    ]
    return {
        "organisers": organisers,
        "keep_until": caravan.keep_until(),
        "retention_months": caravan.retention_months,
        "cndp_declaration": settings.QAFILA_CNDP_DECLARATION,
    }
