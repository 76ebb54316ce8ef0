"""What the organisers' pages ask of a caravan's registrations: filters, the Arabic-aware name search, counts,
and the duplicate pairs waiting for a review.

The name search runs in Python over the caravan's names (one query for the ids and names, then the page):
matching by consonant skeleton (`people.names`) with prefixes cannot be written in portable SQL, and a caravan
holds a few thousand registrations at most (10,000 names are searched in well under a second).
"""

from itertools import islice

from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast

from people.identifiers import UNUSUAL, VALID, normalise_cin, normalise_phone
from people.models import PossibleDuplicate
from people.search import TypedName

from .models import Decision, Registration, read_reference


def for_caravan(caravan):
    """A caravan's registrations with what a list row shows, in arrival order."""
    return (
        Registration.objects.filter(caravan=caravan)
        .select_related("person__province", "cooperative")
        .order_by("created", "id")
    )


def waiting_position(registration):
    """1 for the first person on the waiting list."""
    earlier = Q(created__lt=registration.created) | Q(created=registration.created, pk__lte=registration.pk)
    return registration.caravan.registrations.filter(earlier, decision=Decision.WAITLISTED).count()


def filtered(registrations, *, decision="", reason="", province=None, profile="", sex=""):
    """The registrations matching every filter given (an empty filter matches everything)."""
    if decision:
        registrations = registrations.filter(decision=decision)
    if reason:
        registrations = with_reason(registrations, reason)
    if province is not None:
        registrations = registrations.filter(person__province=province)
    if profile:
        registrations = registrations.filter(profile=profile)
    if sex:
        registrations = registrations.filter(person__sex=sex)
    return registrations


def with_reason(registrations, code):
    """Registrations whose reasons include `code`: the JSON list read as text, on SQLite as on PostgreSQL
    (codes are plain snake_case words, so the quoted code cannot occur inside another one)."""
    return registrations.annotate(_reasons_text=Cast("reasons", TextField())).filter(
        _reasons_text__contains=f'"{code}"'
    )


def decision_counts(caravan):
    """{decision: count} of every registration of the caravan, in one query."""
    rows = Registration.objects.filter(caravan=caravan).values("decision").annotate(n=Count("id"))
    return {row["decision"]: row["n"] for row in rows.order_by()}


def exact_identifier(text):
    """A Q on the person's CIN or phone when `text` is one (for roles that may see personal data), else None."""
    cin = normalise_cin(text)
    if cin.status in (VALID, UNUSUAL):
        return Q(person__cin=cin.value)
    phone = normalise_phone(text)
    if phone.value:
        return Q(person__phone=phone.value)
    return None


def search_ids(registrations, text, *, personal_data):
    """The ids of the registrations found by `text`, in the queryset's order: by name in either script, by
    reference, and by exact CIN or phone only when `personal_data` (others cannot probe a CIN that way)."""
    reference = read_reference(text)  # not personal data: the person reads it from their confirmation
    if reference and registrations.filter(reference=reference).exists():
        return list(registrations.filter(reference=reference).values_list("pk", flat=True))
    search = TypedName(text)
    if not search:
        return []
    exact = exact_identifier(text) if personal_data else None
    found = set(registrations.filter(exact).values_list("pk", flat=True)) if exact is not None else set()
    rows = registrations.values_list("pk", "person__full_name_ar", "person__full_name_latin")
    return [pk for pk, ar, latin in rows if pk in found or search.matches(ar, latin)]


def by_ids(registrations, ids, chunk=500):
    """The registrations of `ids`, in that order, fetched `chunk` at a time (exports of large lists)."""
    ids = iter(ids)
    while batch := list(islice(ids, chunk)):
        fetched = registrations.in_bulk(batch)
        yield from (fetched[pk] for pk in batch if pk in fetched)


def duplicates_of(caravan):
    """Likely duplicate pairs (reviewed or not) where either person is registered to the caravan."""
    registered = Registration.objects.filter(caravan=caravan).values("person_id")
    return (
        PossibleDuplicate.objects.filter(Q(person__in=registered) | Q(other__in=registered))
        .select_related("person__province", "other__province")
        .order_by("created", "id")
    )


def pending_duplicates(caravan):
    return duplicates_of(caravan).filter(status=PossibleDuplicate.Status.PENDING)


def registrations_by_person(people):
    """{person id: [registration, …]} of these people, with their caravans, in one query."""
    found = {}
    rows = Registration.objects.filter(person__in=people).select_related("caravan").order_by("created", "id")
    for registration in rows:
        found.setdefault(registration.person_id, []).append(registration)
    return found
