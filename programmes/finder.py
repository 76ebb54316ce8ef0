"""The public finder's answers: what a visitor says of themselves, carried in a short code, read as matching Facts.

Nothing is stored: the answers travel in the link (`encode` / `decode`), so a link reopens the same answers and
the server keeps no trace of them. The finder, the API (`from_body`) and the PDF all turn answers into
`matching.Facts` through `facts`, then call the one `matching.match_all` the project page and dossier call.

The code is the answers in a fixed order, separated by dots, empty when not given:
`person.age.sex.province.sector.stage.amount.own.founded`, e.g. `p.26.f.HOC.goat_cheese.i.80000.8000`.
"""

import datetime
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.utils import timezone

from core.sectors import sectors
from core.text import fold_compact
from places.models import Province

from .matching import ELIGIBLE, MISSING, NOT_ELIGIBLE, Facts, match_all, years_before
from .models import SupportProgramme

APPLICANTS = {"c": "cooperative", "g": "group", "p": "person"}
SEXES = {"f": "female", "m": "male"}
STAGES = {"i": "idea", "f": "founding", "r": "running"}
# The finder's three stages, in the catalogue's stages (programmes.models.Stage).
STAGE_FACTS = {"idea": "idea", "founding": "founding", "running": "operating"}
# A group with an idea and a person both apply as people until they found a cooperative.
APPLICANT_FORMS = {
    "cooperative": "cooperative",
    "group": "individual_project_holder",
    "person": "individual_project_holder",
}
MAX_AMOUNT = 10**9
MAX_AGE = 120


@dataclass(frozen=True)
class Answers:
    """What a visitor told the finder; empty or None means not answered."""

    applicant: str = ""  # cooperative | group | person
    age: int | None = None
    sex: str = ""  # female | male
    province: str = ""  # a province's ISO code, "MA-HOC"
    sector: str = ""  # a key of core/data/sectors.yaml
    stage: str = ""  # idea | founding | running
    amount: int | None = None  # what the whole project costs, MAD
    own: int | None = None  # what the holders bring themselves, MAD
    founded: datetime.date | None = None  # the cooperative's founding day

    @property
    def collective(self):
        """A cooperative's answers have no holder's age or sex; a person's no founding date."""
        return self.applicant == "cooperative"

    def province_obj(self):
        return Province.objects.select_related("region").filter(code=self.province).first()


def _short(value, table):
    return next((k for k, v in table.items() if v == value), "")


def encode(answers: Answers) -> str:
    """The answers as a short code for a link (see the module's docstring)."""
    parts = [
        _short(answers.applicant, APPLICANTS),
        "" if answers.age is None else str(answers.age),
        _short(answers.sex, SEXES),
        answers.province.removeprefix("MA-"),
        answers.sector,
        _short(answers.stage, STAGES),
        "" if answers.amount is None else str(answers.amount),
        "" if answers.own is None else str(answers.own),
        answers.founded.strftime("%Y%m%d") if answers.founded else "",
    ]
    return ".".join(parts).rstrip(".") or "-"  # "-": nothing answered, still a path segment


def _number(text, ceiling):
    return int(text) if text.isdigit() and int(text) <= ceiling else None


def decode(code: str) -> Answers:
    """The answers of a code; a part that cannot be read (an edited link) is left unanswered, never an error."""
    parts = (str(code or "").split(".") + [""] * 9)[:9]
    applicant, age, sex, province, sector, stage, amount, own, founded = parts
    province = f"MA-{province}" if province.isalnum() else ""
    try:
        founded_on = datetime.datetime.strptime(founded, "%Y%m%d").date() if founded else None
    except ValueError:
        founded_on = None
    return Answers(
        applicant=APPLICANTS.get(applicant, ""),
        age=_number(age, MAX_AGE),
        sex=SEXES.get(sex, ""),
        province=province if province_known(province) else "",
        sector=sector if sector_known(sector) else "",
        stage=STAGES.get(stage, ""),
        amount=_number(amount, MAX_AMOUNT),
        own=_number(own, MAX_AMOUNT),
        founded=founded_on,
    )


def with_answer(answers: Answers, **changes) -> Answers:
    """`answers` with some of them changed (a question answered again)."""
    known = {f.name for f in fields(Answers)}
    return replace(answers, **{k: v for k, v in changes.items() if k in known})


def province_known(code: str) -> bool:
    return bool(code) and Province.objects.filter(code=code).exists()


def sector_known(key: str) -> bool:
    return any(s["key"] == key for s in sectors())


def find_province(text: str) -> str:
    """A province's code from its code ("MA-LAR", "LAR") or any spelling of its name; "" when not found."""
    text = str(text or "").strip()
    for code in (text.upper(), f"MA-{text.upper()}"):
        if province_known(code):
            return code
    found = list(Province.objects.matching(text).values_list("code", flat=True)[:2])
    return found[0] if len(found) == 1 else ""


def find_sector(text: str) -> str:
    """A sector's key from its key or its Arabic or French name (or a known spelling); "" when not found."""
    text = str(text or "").strip()
    if sector_known(text):
        return text
    key = fold_compact(text)
    for sector in sectors():
        if key and key in {fold_compact(s) for s in [sector["ar"], sector["fr"], *sector.get("also", [])]}:
            return sector["key"]
    return ""


def facts(answers: Answers, on: datetime.date | None = None) -> Facts:
    """The matching's facts for these answers, on `on` (today by default)."""
    on = on or timezone.localdate()
    province = answers.province_obj() if answers.province else None
    personal = not answers.collective
    return Facts(
        on=on,
        applicant_form=APPLICANT_FORMS.get(answers.applicant, ""),
        # An age in whole years stands for a birthday that many years ago: the same age on the day of the check.
        holder_birth_date=years_before(on, answers.age) if personal and answers.age is not None else None,
        holder_sex=answers.sex if personal else "",
        cooperative_founded_on=answers.founded if answers.collective else None,
        sector=answers.sector,
        region_code=province.region.code if province else "",
        stage=STAGE_FACTS.get(answers.stage, ""),
        project_cost=None if answers.amount is None else Decimal(answers.amount),
        own_contribution=None if answers.own is None else Decimal(answers.own),
    )


def results(answers: Answers, on: datetime.date | None = None):
    """Every programme not closed with its match, grouped: {"eligible": [...], "missing": [...],
    "not_eligible": [...]}, each a list of (programme, match), best first as `match_all` orders them."""
    groups = {ELIGIBLE: [], MISSING: [], NOT_ELIGIBLE: []}
    for programme, found in match_all(facts(answers, on)):
        groups[found.status].append((programme, found))
    return groups


def closed():
    """The programmes marked closed, newest closure first: shown as closed, with their dates."""
    return sorted(
        SupportProgramme.objects.filter(state=SupportProgramme.State.ENDED),
        key=lambda p: p.closed_on or p.checked_on,
        reverse=True,
    )


def from_body(body: dict) -> Answers:
    """The API's body (every key optional, see the contract) as answers; an unknown province or sector is
    left unanswered, as the finder would."""
    founded = body.get("cooperative_founded")
    return Answers(
        applicant=body.get("applicant") or "",
        age=body.get("age"),
        sex=body.get("sex") or "",
        province=find_province(body.get("province") or ""),
        sector=find_sector(body.get("sector") or ""),
        stage=body.get("stage") or "",
        amount=body.get("amount_mad"),
        own=body.get("own_contribution_mad"),
        founded=founded,
    )
