"""Workshop groups: a day's participants split into its parallel workshops (the day's sessions of kind
workshop), from their ranked preferences, by the solver of `grouping`, then edited by hand.

Writes: `set_preferences` (staff enter someone's choices at the venue), `assign_day` (the solver's groups,
hand edits kept unless asked), `move` (one hand edit, within capacity). Reads: `workshops`, `participants`,
`explanation` (any assignment, the solver's or edited, explained by `grouping.explain`).

The options of the last run (cooperatives together, sexes balanced, checked-in people only) are kept in its
audit entry, the one record of a run: the explanation reads them back to judge the groups as they were made.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Session
from core import audit
from core.models import AuditEntry
from core.text import fold
from people.search import TypedName
from registration import workshops as wishes
from registration.models import Decision, Registration, WorkshopPreference

# The day's workshops and the wishes' checks live with the wishes, in registration; re-exported here.
from registration.workshops import days_with_workshops, workshop_sessions, workshops  # noqa: F401

from ..models import CheckIn, GroupAssignment
from . import grouping

ASSIGNED = "groups.assigned"
SEARCH_LIMIT = 8

MESSAGES = {
    **wishes.MESSAGES,
    "no_workshops": _("This day has no workshops to split the participants into."),
    "not_accepted": _("Only accepted participants of this caravan have a workshop group."),
    "workshop_full": _("This workshop is full: move someone out of it first."),
}


class GroupError(wishes.PreferenceError):
    """A refused workshop-group action; `code` is stable for tests and API clients."""

    MESSAGES = MESSAGES


# --- Queries ------------------------------------------------------------------------------------------


def capacity_of(session, default=None):
    """The session's own capacity, else its room's; `default` when neither is known (no limit)."""
    if session.capacity is not None:
        return session.capacity
    if session.room is not None and session.room.capacity is not None:
        return session.room.capacity
    return default


def participants(day, *, checked_in_only=False):
    """The accepted registrations of the day's caravan (only those checked in that day, if asked)."""
    registrations = Registration.objects.accepted().filter(caravan_id=day.caravan_id)
    if checked_in_only:
        checked_in = CheckIn.objects.active().filter(day=day.date).values("registration_id")
        registrations = registrations.filter(pk__in=checked_in)
    return registrations.select_related("person")


def preferences(day, registration_ids=None):
    """{registration id: (session ids, best first)} for the day's workshops."""
    rows = WorkshopPreference.objects.filter(session__day=day, session__kind=Session.Kind.WORKSHOP)
    if registration_ids is not None:
        rows = rows.filter(registration_id__in=registration_ids)
    chosen = {}
    for registration_id, session_id in rows.order_by("registration_id", "rank", "id").values_list(
        "registration_id", "session_id"
    ):
        chosen.setdefault(registration_id, [])
        if len(chosen[registration_id]) < grouping.MAX_PREFERENCES:
            chosen[registration_id].append(session_id)
    return {pk: tuple(ids) for pk, ids in chosen.items()}


def last_run(day):
    """The details of the day's last assignment run ({} when the solver never ran)."""
    entry = AuditEntry.objects.filter(action=ASSIGNED, object_type="caravans.day", object_id=str(day.pk))
    entry = entry.order_by("-at", "-id").first()
    return entry.details if entry else {}


def find_participants(caravan, text, limit=SEARCH_LIMIT):
    """Accepted registrations of the caravan whose name matches `text` (either script), best first."""
    typed = TypedName(text)
    if not typed:
        return []
    scored = []
    registrations = Registration.objects.accepted().filter(caravan=caravan)
    for pk, arabic, latin in registrations.values_list(
        "pk", "person__full_name_ar", "person__full_name_latin"
    ):
        score = typed.score(arabic, latin)
        if score:
            scored.append((-score, pk))
    ids = [pk for _score, pk in sorted(scored)[:limit]]
    found = registrations.select_related("person__province").in_bulk(ids)
    return [found[pk] for pk in ids]


# --- The explanation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One participant's line: their registration, workshop (None: left out), placement and edit."""

    registration: Registration
    session: Session | None
    placement: grouping.Placement
    by_hand: bool


@dataclass(frozen=True)
class DayGroups:
    """A day's groups as they stand, explained."""

    day: object
    workshops: list  # [(session, grouping.WorkshopLoad)]
    rows: list  # [Row], by workshop then name; left-out people last
    grouping: grouping.Grouping
    options: grouping.Options
    run: dict  # the last run's details ({} if none)

    @property
    def assigned(self):
        return any(row.session is not None for row in self.rows)

    @property
    def tally(self):
        return self.grouping.tally

    @property
    def by_hand(self):
        return sum(row.by_hand for row in self.rows)

    @property
    def balance_cost(self):
        """How many more first choices the last run would have given without balancing women and men."""
        without = self.run.get("first_choices_without_balance")
        if without is None:
            return 0
        return max(0, without - self.run.get("tally", {}).get("first_choice", 0))


def options_of(run):
    return grouping.Options(
        keep_cooperatives_together=bool(run.get("keep_cooperatives_together")),
        balance_sexes=bool(run.get("balance_sexes")),
    )


def explanation(day):
    """The day's groups as stored, explained with the options of the last run (see the module's note)."""
    shops = workshops(day)
    run = last_run(day)
    options = options_of(run)
    stored = {
        a.registration_id: a
        for a in GroupAssignment.objects.filter(day=day, session__in=shops).select_related("session")
    }
    people = {r.pk: r for r in participants(day, checked_in_only=bool(run.get("checked_in_only")))}
    missing = set(stored) - set(people)  # placed by hand, or before they were cancelled
    people |= Registration.objects.filter(pk__in=missing).select_related("person").in_bulk()
    result = grouping.explain(
        _solver_people(day, people.values(), shops),
        _solver_workshops(shops, len(people)),
        {pk: a.session_id for pk, a in stored.items()},
        options,
    )
    by_id = {s.pk: s for s in shops}
    rows = [
        Row(people[p.participant_id], by_id.get(p.workshop_id), p, _by_hand(stored.get(p.participant_id)))
        for p in result.placements
    ]
    order = {s.pk: n for n, s in enumerate(shops)}
    rows.sort(key=lambda row: (order.get(row.session and row.session.pk, len(shops)), _name_key(row)))
    loads = [(by_id[load.workshop_id], load) for load in result.workshops]
    loads.sort(key=lambda pair: order[pair[0].pk])
    return DayGroups(day, loads, rows, result, options, run)


def _by_hand(assignment):
    return assignment is not None and assignment.by_hand


def _name_key(row):
    person = row.registration.person
    return (fold(person.full_name_ar) or "\uffff", fold(person.full_name_latin), row.registration.pk)


def _solver_people(day, registrations, shops):
    registrations = list(registrations)
    chosen = preferences(day, [r.pk for r in registrations])
    shop_ids = {s.pk for s in shops}
    return [
        grouping.Participant(
            id=r.pk,
            sex=r.person.sex,
            cooperative_id=r.cooperative_id,
            preferences=tuple(pk for pk in chosen.get(r.pk, ()) if pk in shop_ids),
        )
        for r in registrations
    ]


def _solver_workshops(shops, everyone, taken=None):
    """Workshops for the solver: a workshop of unknown capacity holds everyone; `taken` seats are gone."""
    taken = taken or {}
    return [grouping.Workshop(s.pk, max(0, capacity_of(s, everyone) - taken.get(s.pk, 0))) for s in shops]


# --- Writes -------------------------------------------------------------------------------------------


def set_preferences(registration, day, sessions, actor):
    """At the venue: record an accepted participant's ranked choices among `day`'s workshops (see
    `registration.workshops.set_preferences`); refusals as `GroupError`."""
    if registration.caravan_id != day.caravan_id or registration.decision != Decision.ACCEPTED:
        raise GroupError("not_accepted")
    try:
        wishes.set_preferences(registration, day, sessions, actor)
    except wishes.PreferenceError as refusal:
        raise GroupError(refusal.code) from refusal


def assign_day(
    day,
    *,
    keep_cooperatives_together,
    balance_sexes,
    actor,
    checked_in_only=False,
    redo_hand_edits=False,
):
    """Split the day's participants into its workshops with the solver and store the groups; the result.

    Groups edited by hand stay as they are (their seats taken) unless `redo_hand_edits`; everyone else's
    group is the solver's. Returns the solver's `grouping.Grouping` for the people it placed."""
    shops = workshops(day)
    if not shops:
        raise GroupError("no_workshops")
    options = grouping.Options(
        keep_cooperatives_together=keep_cooperatives_together, balance_sexes=balance_sexes
    )
    with transaction.atomic():
        stored = GroupAssignment.objects.select_for_update().filter(day=day)
        kept = {} if redo_hand_edits else {a.registration_id: a.session_id for a in stored if a.by_hand}
        people = [r for r in participants(day, checked_in_only=checked_in_only) if r.pk not in kept]
        taken = {}
        for session_id in kept.values():
            taken[session_id] = taken.get(session_id, 0) + 1
        # Outside the solver's reach of a failure: its answer is computed before anything is deleted.
        result = grouping.assign(
            _solver_people(day, people, shops),
            _solver_workshops(shops, len(people) + len(kept), taken),
            options,
        )
        stored.exclude(registration_id__in=kept).delete()
        GroupAssignment.objects.bulk_create(
            GroupAssignment(registration_id=pk, day=day, session_id=session_id, assigned_by=actor)
            for pk, session_id in result.assignment.items()
            if session_id is not None
        )
        audit.record(
            actor,
            ASSIGNED,
            day,
            keep_cooperatives_together=keep_cooperatives_together,
            balance_sexes=balance_sexes,
            checked_in_only=checked_in_only,
            redo_hand_edits=redo_hand_edits,
            kept_by_hand=len(kept),
            placed=len(people) - len(result.left_out),
            left_out=len(result.left_out),
            tally=result.tally,
            optimal=result.optimal,
            split_cooperatives=len(result.split_cooperatives),
            first_choices_without_balance=(
                result.without_balance.tally["first_choice"] if result.without_balance else None
            ),
        )
    return result


def move(registration, day, session, actor):
    """Put `registration` in the workshop `session` of `day` by hand, within its capacity; the assignment."""
    if registration.caravan_id != day.caravan_id or registration.decision != Decision.ACCEPTED:
        raise GroupError("not_accepted")
    if session.day_id != day.pk or session.kind != Session.Kind.WORKSHOP:
        raise GroupError("not_a_workshop")
    with transaction.atomic():
        # The workshop's row locked: two trainers filling its last seat at once cannot both get it.
        session = Session.objects.select_for_update(of=("self",)).select_related("room").get(pk=session.pk)
        current = GroupAssignment.objects.filter(registration=registration, day=day).first()
        if current is not None and current.session_id == session.pk:
            return current
        capacity = capacity_of(session)
        if capacity is not None:
            seated = GroupAssignment.objects.filter(day=day, session=session).count()
            if seated >= capacity:
                raise GroupError("workshop_full")
        before = current.session_id if current else None
        assignment, _created = GroupAssignment.objects.update_or_create(
            registration=registration,
            day=day,
            defaults={"session": session, "by_hand": True, "assigned_by": actor},
        )
        audit.record(
            actor, "groups.moved", registration, day=day.date.isoformat(), before=before, after=session.pk
        )
    return assignment
