"""Finding a caravan's registration at the check-in desk when the person has no badge with them: by name in
either script and any usual spelling (فاطمة = فاطمه = Fatima; محمد = Mohamed = Mhamed), by the reference they
were given on registering, or by the CIN or phone number the person shows or says.

Names are compared in Python (one query for the caravan's names): skeleton matching (`people.names`) cannot be
written in portable SQL, and a caravan holds a few hundred registrations, a few thousand at most. A CIN or a
phone is only ever matched exactly, and the answer shows names, never the CIN or phone of anyone.
"""

from dataclasses import dataclass

from core.text import has_arabic
from people.identifiers import UNUSUAL, VALID, normalise_cin, normalise_phone
from people.search import TypedName

from .models import Decision, Registration, clean_code, read_reference

LIMIT = 8  # a phone screen: past this, the agent types more of the name


@dataclass(frozen=True)
class Found:
    """What a search found: the first `LIMIT` registrations, best first, and how many there were."""

    registrations: list
    total: int
    by: str = "name"  # or "reference", "cin", "phone": then the screen does not repeat what was typed

    @property
    def more(self):
        return self.total - len(self.registrations)


def could_be_code(text):
    """True when `text` may be a badge code (typed or scanned): Latin letters and digits, no words."""
    text = (text or "").strip()
    code = clean_code(text)
    return (
        not has_arabic(text) and 6 <= len(code) <= 16 and (" " not in text or any(c.isdigit() for c in text))
    )


def find(caravan, text):
    """The caravan's registrations found by `text`: exact CIN or phone, else the name; best first."""
    text = (text or "").strip()
    registrations = Registration.objects.filter(caravan=caravan)
    reference = read_reference(text)  # shown on the person's phone since they registered
    if reference:
        ids = list(registrations.filter(reference=reference).values_list("pk", flat=True))
        if ids:
            return _fetched(registrations, ids, by="reference")
    exact = identifier(text)
    if exact:
        field, value = exact
        ids = list(registrations.filter(**{f"person__{field}": value}).values_list("pk", flat=True))
        return _fetched(registrations, ids, by=field)
    typed = TypedName(text)
    if not typed or any(ch.isdigit() for ch in text):  # no name has digits: a mistyped badge code or CIN
        return Found([], 0)
    scored = []
    for pk, arabic, latin, decision in registrations.values_list(
        "pk", "person__full_name_ar", "person__full_name_latin", "decision"
    ):
        score = typed.score(arabic, latin)
        if score:
            # Accepted people first: they are the ones who can be checked in.
            scored.append((-score, decision != Decision.ACCEPTED, pk))
    scored.sort()
    return _fetched(registrations, [pk for *_rank, pk in scored])


def identifier(text):
    """("cin" or "phone", the value as stored) when `text` is one (it has digits: never a name), else None."""
    if not any(ch.isdigit() for ch in text):
        return None
    cin = normalise_cin(text)
    if cin.status in (VALID, UNUSUAL):
        return "cin", cin.value
    phone = normalise_phone(text)
    if phone.value:
        return "phone", phone.value
    return None


def _fetched(registrations, ids, by="name"):
    page = ids[:LIMIT]
    rows = registrations.select_related("person__province", "person__commune").in_bulk(page)
    return Found([rows[pk] for pk in page if pk in rows], len(ids), by)
