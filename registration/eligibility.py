"""Who may join a caravan: pure functions from an applicant's facts and the caravan's rules to a decision
with every applicable reason code (registration/reasons.py). No database, no clock.

Dates are counted in completed years, as for a birthday: someone born on 29 February completes a year on
1 March in common years (never a day early), and "the first day minus N years" of a 29 February is 28 February.
Waiting-list places (`capacity_full`) and duplicates are decided elsewhere, after this.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from people.identifiers import INVALID, MISSING, UNUSUAL, CinStatus
from people.models import Sex
from registration.models import Decision, Profile
from registration.reasons import INELIGIBLE, NEEDS_REVIEW, REASONS, ordered

if TYPE_CHECKING:
    from caravans.models import Caravan


@dataclass(frozen=True)
class Applicant:
    """What we know of one applicant, already read and cleaned (see registration/reading.py)."""

    profile: str  # a Profile value
    region_code: str = ""  # the region of the applicant's province; "" when no province was given
    province_code: str = ""
    birth_date: datetime.date | None = None
    birth_year: int | None = None  # when only the year is known
    sex: str = ""  # a Sex value or ""
    cin_status: CinStatus = MISSING
    cooperative_founded: datetime.date | None = None
    cooperative_founded_year: int | None = None
    community: str = ""
    project_idea: str = ""
    community_list_loaded: bool = False  # a members' list of that community is in Qafila
    membership_found: bool = False  # and the person is on it


@dataclass(frozen=True)
class Rules:
    """A caravan's eligibility rules (`Caravan.eligibility`) with the two facts they need from the caravan."""

    first_day: datetime.date
    region_codes: tuple[str, ...] = ()
    cooperative_max_age_years: int | None = 3
    min_age: int | None = 18
    require_cin: bool = True
    require_community: bool = True
    require_project_idea: bool = True
    women_only: bool = False

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any] | None, *, first_day: datetime.date, caravan_region: str = ""
    ) -> "Rules":
        """From the JSON kept on `Caravan.eligibility`; an empty `region_codes` means the caravan's own region."""
        settings = settings or {}
        regions = tuple(settings.get("region_codes") or ([caravan_region] if caravan_region else []))
        return cls(
            first_day=first_day,
            region_codes=regions,
            cooperative_max_age_years=settings.get("cooperative_max_age_years", 3),
            min_age=settings.get("min_age", 18),
            require_cin=bool(settings.get("require_cin", True)),
            require_community=bool(settings.get("require_community", True)),
            require_project_idea=bool(settings.get("require_project_idea", True)),
            women_only=bool(settings.get("women_only", False)),
        )

    @classmethod
    def for_caravan(cls, caravan: "Caravan") -> "Rules":
        return cls.from_settings(
            caravan.eligibility, first_day=caravan.start_date, caravan_region=caravan.region.code
        )


class Verdict(NamedTuple):
    decision: str  # a Decision value (never waitlisted here)
    reasons: tuple[str, ...]  # every applicable reason code, in the order of registration/reasons.py


def decide(applicant: Applicant, rules: Rules) -> Verdict:
    """The decision for one applicant, with all the reasons that apply (not only the first)."""
    codes = [
        *_region(applicant, rules),
        *_sex(applicant, rules),
        *_age(applicant, rules),
        *_cooperative(applicant, rules),
        *_community(applicant, rules),
        *_project(applicant, rules),
        *_cin(applicant, rules),
    ]
    return Verdict(decision_for(codes), tuple(ordered(codes)))


def decision_for(codes: Iterable[str]) -> str:
    """Any ineligible reason wins, then any review reason, else accepted (codes of other effects, such as
    reading or duplicate ones, do not count here)."""
    effects = {REASONS[code].effect for code in codes if code in REASONS}
    if INELIGIBLE in effects:
        return Decision.INELIGIBLE.value
    if NEEDS_REVIEW in effects:
        return Decision.NEEDS_REVIEW.value
    return Decision.ACCEPTED.value


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def completed_years(start: datetime.date, on: datetime.date) -> int:
    """Whole years from `start` to `on` (an age on a given day)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def _region(applicant: Applicant, rules: Rules) -> list[str]:
    if not rules.region_codes:
        return []
    if not applicant.region_code:
        return ["missing_province"]
    return [] if applicant.region_code in rules.region_codes else ["outside_region"]


def _sex(applicant: Applicant, rules: Rules) -> list[str]:
    if not rules.women_only or applicant.sex == Sex.FEMALE:
        return []
    return ["reserved_for_women"] if applicant.sex == Sex.MALE else ["missing_sex"]


def _age(applicant: Applicant, rules: Rules) -> list[str]:
    """Under age when the `min_age`-th birthday comes after the first day (on the first day itself is fine).
    A birth year alone decides only when the answer is the same for 1 January and 31 December of that year;
    otherwise, as when no birth date is known, `age_unverified` sends it to review."""
    if not rules.min_age:
        return []
    under = _verdicts_over(
        applicant.birth_date, applicant.birth_year, _is_under_age(rules.first_day, rules.min_age)
    )
    if under is None:
        return ["age_unverified"]
    return ["under_age"] if under else []


def _cooperative(applicant: Applicant, rules: Rules) -> list[str]:
    """Strictly younger than N years on the first day: too old when founded on or before first day − N years."""
    if applicant.profile != Profile.COOPERATIVE_MEMBER or rules.cooperative_max_age_years is None:
        return []
    limit = years_before(rules.first_day, rules.cooperative_max_age_years)
    too_old = _verdicts_over(
        applicant.cooperative_founded, applicant.cooperative_founded_year, lambda day: day <= limit
    )
    if too_old is None:
        return ["missing_cooperative_date"]
    return ["cooperative_too_old"] if too_old else []


def _community(applicant: Applicant, rules: Rules) -> list[str]:
    if not rules.require_community:
        return []
    if not applicant.community.strip():
        return ["not_community_member"]
    if applicant.community_list_loaded and not applicant.membership_found:
        return ["membership_unverified"]
    return []


_NO_IDEA = {
    "x",
    "لا",
    "لايوجد",
    "لا يوجد",
    "لا شيء",
    "لاشيء",
    "non",
    "neant",
    "néant",
    "aucun",
    "aucune",
    "rien",
}


def _project(applicant: Applicant, rules: Rules) -> list[str]:
    if applicant.profile != Profile.PROJECT_HOLDER or not rules.require_project_idea:
        return []
    return [] if has_project_idea(applicant.project_idea) else ["no_project_idea"]


def has_project_idea(text: str | None) -> bool:
    """Some words beyond punctuation and the usual ways of writing "none" (لا يوجد, néant, -)."""
    words = (text or "").strip().strip(".-_/*").strip().lower()
    return any(ch.isalnum() for ch in words) and words not in _NO_IDEA


def _cin(applicant: Applicant, rules: Rules) -> list[str]:
    if not rules.require_cin:
        return []
    if applicant.cin_status in (MISSING, INVALID):  # an invalid CIN is a reading error: here, no usable CIN
        return ["missing_cin"]
    return ["cin_unusual"] if applicant.cin_status == UNUSUAL else []


def _is_under_age(first_day: datetime.date, min_age: int) -> Callable[[datetime.date], bool]:
    return lambda birth: completed_years(birth, first_day) < min_age


def _verdicts_over(
    day: datetime.date | None, year: int | None, test: Callable[[datetime.date], bool]
) -> bool | None:
    """`test` on a full date; on a year alone, its answer when 1 January and 31 December agree (the rules
    here are monotonic in the date, so the ends of the year decide); None when nothing decides."""
    if day is not None:
        return test(day)
    if year is None:
        return None
    first, last = test(datetime.date(year, 1, 1)), test(datetime.date(year, 12, 31))
    return first if first == last else None
