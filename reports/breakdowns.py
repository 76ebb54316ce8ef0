"""The vocabulary of the report's figures, shared by one caravan's report and the national dashboard: the age
bands, the annotations that put every registration in one bucket, and the labels of each bucket in Arabic
and French.

Everything is computed in the database (GROUP BY), with expressions that run the same on SQLite and
PostgreSQL: a caravan holds a few thousand registrations, the country a hundred thousand.
"""

from django.db.models import (
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Substr
from django.db.models.lookups import LessThan
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from core.sectors import sector_label
from people.models import Sex
from registration import reasons
from registration.models import Decision, Profile

# Age on the caravan's first day. "Young" is under 35: the usual Moroccan definition of youth (INDH youth
# programmes are for 18–34).
AGE_BANDS = [
    ("under_18", None, 18, _("Under 18")),
    ("18_24", 18, 25, _("18–24")),
    ("25_34", 25, 35, _("25–34")),
    ("35_44", 35, 45, _("35–44")),
    ("45_59", 45, 60, _("45–59")),
    ("60_plus", 60, None, _("60 and over")),
]
YOUNG_BANDS = ("under_18", "18_24", "25_34")
UNKNOWN = "unknown"
UNKNOWN_LABEL = _("Not known")


def age_years(start="caravan__start_date"):
    """Whole years between the person's birth and the caravan's first day (birth year alone when that is all
    we have; null when neither is known).

    Dates are read as their ISO text (`YYYY-MM-DD`), the same on SQLite (stored so) and PostgreSQL (cast to
    varchar): plain SQL on both, no per-row Python function as Django's date extracts are on SQLite."""
    start_text = Cast(start, CharField())
    birth_text = Cast("person__birth_date", CharField())
    born = Coalesce(
        Cast(Substr(birth_text, 1, 4), IntegerField()),
        Cast("person__birth_year", IntegerField()),
        output_field=IntegerField(),
    )
    years = ExpressionWrapper(Cast(Substr(start_text, 1, 4), IntegerField()) - born, IntegerField())
    # Month-day as "MM-DD" text compares in calendar order; null (no birth date) never counts as before.
    before_birthday = Case(
        When(LessThan(Substr(start_text, 6, 5), Substr(birth_text, 6, 5)), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return ExpressionWrapper(years - before_birthday, output_field=IntegerField())


def age_band(age="_age"):
    """The AGE_BANDS key of an annotated age in years, or "unknown"."""
    whens = []
    for key, low, high, _label in AGE_BANDS:
        condition = Q()
        if low is not None:
            condition &= Q(**{f"{age}__gte": low})
        if high is not None:
            condition &= Q(**{f"{age}__lt": high})
        whens.append(When(condition, then=Value(key)))
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def with_age(registrations):
    """Registrations annotated with `_age` (years on the caravan's first day) and `_sector` (the project's
    sector, else the cooperative's)."""
    return registrations.annotate(
        _age=age_years(),
        _sector=Coalesce(NullIf(F("sector"), Value("")), NullIf(F("cooperative__sector"), Value(""))),
    )


def with_buckets(registrations):
    """As with_age, plus `_band`, the age band: to filter the people behind a figure."""
    return with_age(registrations).annotate(_band=age_band())


def band_of(age):
    """The AGE_BANDS key of an age in years (None: "unknown"), the same bounds as age_band() in SQL."""
    if age is None:
        return UNKNOWN
    for key, low, high, _label in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age < high):
            return key
    return UNKNOWN


def participant_cube(participants):
    """{"sex"|"band"|"province"|"profile"|"sector": {key: count}} of the participants, from two GROUP BYs.

    Who they are (sex, province, age: a few thousand groups at most) and what they came with (profile,
    sector: a few dozen) are grouped in the database; each breakdown is then a sum over these groups, instead
    of one scan of the registrations each. Provinces come as ids (None: not given)."""
    found = {"sex": {}, "band": {}, "province": {}, "profile": {}, "sector": {}}

    def add(name, key, n):
        found[name][key] = found[name].get(key, 0) + n

    people = participants.annotate(_age=age_years()).values_list("person__sex", "person__province", "_age")
    for sex, province, age, n in people.annotate(n=Count("id")).order_by():
        add("sex", sex, n)
        add("province", province, n)
        add("band", band_of(age), n)
    facts = participants.annotate(
        _sector=Coalesce(NullIf(F("sector"), Value("")), NullIf(F("cooperative__sector"), Value("")))
    ).values_list("profile", "_sector")
    for profile, sector, n in facts.annotate(n=Count("id")).order_by():
        add("profile", profile, n)
        add("sector", sector, n)
    return found


def reasons_text(registrations):
    """The reasons list read as text (see registration.queries.with_reason): portable `contains` on codes."""
    return registrations.annotate(_reasons_text=Cast("reasons", TextField()))


def reason_codes():
    return list(reasons.REASONS)


# --- Labels -------------------------------------------------------------------------------------------------


def both(label):
    """{"label_ar": …, "label_fr": …} of a translatable label."""
    labels = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            labels[f"label_{language}"] = str(label)
    return labels


def dated(day):
    """{"label_ar": …, "label_fr": …} of a date, each written as its language writes dates (1 غشت 2025)."""
    labels = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            labels[f"label_{language}"] = formats.date_format(day, "j F Y")
    return labels


def item(key, count, label_ar, label_fr):
    return {"key": key, "count": count, "label_ar": label_ar, "label_fr": label_fr}


def choice_items(counts, choices, *, keep_zero=True):
    """Items in the order of `choices` (TextChoices), then "unknown" when some have none."""
    items = [item(value, counts.get(value, 0), **both(label)) for value, label in choices]
    items = [entry for entry in items if keep_zero or entry["count"]]
    if counts.get(UNKNOWN) or counts.get(None) or counts.get(""):
        total = counts.get(UNKNOWN, 0) + counts.get(None, 0) + counts.get("", 0)
        items.append(item(UNKNOWN, total, **both(UNKNOWN_LABEL)))
    return items


def decision_items(counts):
    return choice_items(counts, Decision.choices)


def sex_items(counts):
    return choice_items(counts, Sex.choices)


def profile_items(counts):
    return choice_items(counts, Profile.choices)


def band_items(counts):
    bands = [(key, label) for key, _low, _high, label in AGE_BANDS]
    return [entry for entry in choice_items(counts, bands) if entry["count"] or entry["key"] != "under_18"]


def reason_items(counts):
    """Reasons met at least once, most frequent first, with their sentences."""
    found = [(code, n) for code, n in counts.items() if n]
    found.sort(key=lambda pair: (-pair[1], pair[0]))
    return [item(code, n, reasons.message(code, "ar"), reasons.message(code, "fr")) for code, n in found]


def sector_items(counts):
    """Sectors most frequent first, "unknown" last."""
    known = sorted(((k, n) for k, n in counts.items() if k), key=lambda pair: (-pair[1], pair[0]))
    items = [item(k, n, sector_label(k, "ar"), sector_label(k, "fr")) for k, n in known]
    if counts.get(None) or counts.get(""):
        items.append(item(UNKNOWN, counts.get(None, 0) + counts.get("", 0), **both(UNKNOWN_LABEL)))
    return items


def province_items(rows):
    """rows: (code, name_ar, name_fr, count), most frequent first, "unknown" (no province) last."""
    known = sorted((row for row in rows if row[0]), key=lambda row: (-row[3], row[2]))
    items = [item(code, n, ar, fr) for code, ar, fr, n in known]
    missing = sum(row[3] for row in rows if not row[0])
    if missing:
        items.append(item(UNKNOWN, missing, **both(_("Province not given"))))
    return items


def share(part, whole):
    """A percentage with one decimal, 0 for an empty whole."""
    return round(100 * part / whole, 1) if whole else 0.0
