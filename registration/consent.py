"""The consent notice (Law 09-08) read to or by every person who registers: who keeps their data, and until when,
and which messages they are sent if they agree and how to stop them (the notice's text is
templates/registration/entry/_notice.html; the messages themselves: `notify`, `tasks`)."""

from caravans.models import Partnership

# How long the organisers keep what a person gives: the caravan, then the follow-up of their project.
RETENTION_YEARS = 2
ORGANISING_ROLES = (Partnership.Role.ORGANISER, Partnership.Role.CO_ORGANISER)


def notice(caravan):
    """What the consent notice names: who keeps the data, and until when."""
    organisers = [
        p.organisation
        for p in caravan.partnerships.select_related("organisation").filter(role__in=ORGANISING_ROLES)
    ]
    last = caravan.end_date
    try:
        keep_until = last.replace(year=last.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        keep_until = last.replace(year=last.year + RETENTION_YEARS, day=28)
    return {"organisers": organisers, "keep_until": keep_until, "retention_years": RETENTION_YEARS}
