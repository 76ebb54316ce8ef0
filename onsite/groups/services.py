"""Workshop groups: a day's participants split, for each time slot, into the workshops held at that time
(`registration.workshops.Slot`: sessions of kind workshop whose times overlap), from their ranked preferences,
by the solver of `grouping`, then edited by hand. A participant has one group per slot: a day with workshops
at two times gives them two groups.

Writes: `set_preferences` (staff enter someone's choices at the venue), `assign_slot` (the solver's groups,
hand edits kept unless asked), `move` (one hand edit, within capacity). Reads: `slots`, `participants`,
`explanation` (any assignment, the solver's or edited, explained by `grouping.explain`). The writes of a day
take its row lock: a run and a hand move of the same day never interleave.

The options of the last run (cooperatives together, sexes balanced, checked-in people only) are kept in its
audit entry (on the day, with the slot's workshops), the one record of a run: the explanation reads them back
to judge the groups as they were made.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from caravans.models import Day, Session
from core import audit
from core.models import AuditEntry
from core.text import fold
from people.search import TypedName
from registration import workshops as wishes
from registration.models import Decision, Registration, WorkshopPreference

# The day's workshops, their time slots and the wishes' checks live with the wishes, in registration.
from registration.workshops import (  # noqa: F401
    Slot,
    days_with_workshops,
    slot_of,
    slots,
    slots_by_day,
    workshops,
)

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


def preferences(slot, registration_ids=None):
    """{registration id: (session ids, best first)} for the slot's workshops."""
    rows = WorkshopPreference.objects.filter(session__in=slot.session_ids)
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


def last_run(slot):
    """The details of the slot's last assignment run ({} when the solver never ran).

    A run names the workshops it split people into; a run from before time slots names none and was a run of
    the whole day."""
    entries = AuditEntry.objects.filter(
        action=ASSIGNED, object_type="caravans.day", object_id=str(slot.day.pk)
    )
    for details in entries.order_by("-at", "-id").values_list("details", flat=True):
        ran = details.get("sessions")
        if ran is None or set(ran) & set(slot.session_ids):
            return details
    return {}


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
class SlotGroups:
    """A time slot's groups as they stand, explained."""

    slot: Slot
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


def explanation(slot):
    """The slot's groups as stored, explained with the options of its last run (see the module's note)."""
    day, shops = slot.day, list(slot.sessions)
    run = last_run(slot)
    options = options_of(run)
    stored = {
        a.registration_id: a
        for a in GroupAssignment.objects.filter(session__in=slot.session_ids).select_related("session")
    }
    people = {r.pk: r for r in participants(day, checked_in_only=bool(run.get("checked_in_only")))}
    missing = set(stored) - set(people)  # placed by hand, or before they were cancelled
    people |= Registration.objects.filter(pk__in=missing).select_related("person").in_bulk()
    result = grouping.explain(
        _solver_people(slot, people.values()),
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
    return SlotGroups(slot, loads, rows, result, options, run)


def _by_hand(assignment):
    return assignment is not None and assignment.by_hand


def _name_key(row):
    person = row.registration.person
    return (fold(person.full_name_ar) or "\uffff", fold(person.full_name_latin), row.registration.pk)


def _solver_people(slot, registrations):
    registrations = list(registrations)
    chosen = preferences(slot, [r.pk for r in registrations])
    return [
        grouping.Participant(
            id=r.pk, sex=r.person.sex, cooperative_id=r.cooperative_id, preferences=chosen.get(r.pk, ())
        )
        for r in registrations
    ]


def _solver_workshops(shops, everyone, taken=None):
    """Workshops for the solver: a workshop of unknown capacity holds everyone; `taken` seats are gone."""
    taken = taken or {}
    return [grouping.Workshop(s.pk, max(0, capacity_of(s, everyone) - taken.get(s.pk, 0))) for s in shops]


# --- Writes -------------------------------------------------------------------------------------------


def set_preferences(registration, day, sessions, actor):
    """At the venue: record an accepted participant's ranked choices among `day`'s workshops, best first
    within each time slot (see `registration.workshops.set_preferences`); refusals as `GroupError`."""
    if registration.caravan_id != day.caravan_id or registration.decision != Decision.ACCEPTED:
        raise GroupError("not_accepted")
    try:
        wishes.set_preferences(registration, day, sessions, actor)
    except wishes.PreferenceError as refusal:
        raise GroupError(refusal.code) from refusal


def assign_slot(
    slot,
    *,
    keep_cooperatives_together,
    balance_sexes,
    actor,
    checked_in_only=False,
    redo_hand_edits=False,
):
    """Split the day's participants into the slot's workshops with the solver and store the groups.

    Groups edited by hand stay as they are (their seats taken) unless `redo_hand_edits`; everyone else's
    group in this slot is the solver's, their groups at other times untouched. Returns the solver's
    `grouping.Grouping` for the people it placed."""
    day, shops = slot.day, list(slot.sessions)
    if not shops:
        raise GroupError("no_workshops")
    options = grouping.Options(
        keep_cooperatives_together=keep_cooperatives_together, balance_sexes=balance_sexes
    )
    with transaction.atomic():
        Day.objects.select_for_update().get(pk=day.pk)
        stored = GroupAssignment.objects.filter(session__in=slot.session_ids)
        kept = {} if redo_hand_edits else {a.registration_id: a.session_id for a in stored if a.by_hand}
        people = [r for r in participants(day, checked_in_only=checked_in_only) if r.pk not in kept]
        taken = {}
        for session_id in kept.values():
            taken[session_id] = taken.get(session_id, 0) + 1
        # Outside the solver's reach of a failure: its answer is computed before anything is deleted.
        result = grouping.assign(
            _solver_people(slot, people),
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
            sessions=list(slot.session_ids),
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
    """Put `registration` in the workshop `session` of `day` by hand, within its capacity, in place of their
    group at that time; the assignment."""
    if registration.caravan_id != day.caravan_id or registration.decision != Decision.ACCEPTED:
        raise GroupError("not_accepted")
    if session.day_id != day.pk or session.kind != Session.Kind.WORKSHOP:
        raise GroupError("not_a_workshop")
    with transaction.atomic():
        # The day's row locked: two trainers filling a workshop's last seat, or placing one person twice at
        # the same time, wait for each other.
        Day.objects.select_for_update().get(pk=day.pk)
        session = Session.objects.select_related("room").get(pk=session.pk)
        slot = slot_of(session)
        current = GroupAssignment.objects.filter(
            registration=registration, session__in=slot.session_ids
        ).first()
        if current is not None and current.session_id == session.pk:
            return current
        capacity = capacity_of(session)
        if capacity is not None:
            seated = GroupAssignment.objects.filter(session=session).count()
            if seated >= capacity:
                raise GroupError("workshop_full")
        before = current.session_id if current else None
        if current is None:
            current = GroupAssignment(registration=registration, day=day)
        current.session, current.by_hand, current.assigned_by = session, True, actor
        current.save()
        audit.record(
            actor, "groups.moved", registration, day=day.date.isoformat(), before=before, after=session.pk
        )
    return current
