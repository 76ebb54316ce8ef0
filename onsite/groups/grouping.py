"""Splitting a day's participants into parallel workshops: an optimal assignment, then why each person got it.

Pure functions on plain dataclasses (no models): `assign` computes the best assignment, `explain` says for any
assignment (the solver's, or one a trainer edited by hand) who got which choice and why not a better one.

The model, one mixed-integer programme solved by HiGHS (`scipy.optimize.milp`), read lexicographically:
1. place as many people as the seats allow: leaving one person out costs more than any preference can weigh;
2. then the least preference cost, per person 0 / 1 / 2 for their 1st / 2nd / 3rd choice and 10 for a workshop
   they did not name (nothing for someone who named none): one person sent outside their choices weighs more
   than five people moved from their 1st to their 3rd;
3. with `balance_sexes`, each workshop's number of women should be the day's share of its people, give or take
   `sex_tolerance` of them and half a person for rounding; every whole person of excess costs `balance_weight`
   (5): a swap that mends the balance of two workshops may send both people down to their 3rd choice, never
   outside their choices. `Grouping.without_balance` keeps the optimum without balancing, to show the cost;
4. last, the people any workshop suits as well (who named none, or whose choices are all full) fill the
   smallest groups first, within their seats (`_spread`).
With `keep_cooperatives_together`, a cooperative's members are one unit (their costs summed) placed in one
workshop. Units of several people make it a bin-packing problem, NP-hard in general, hence an integer
programme rather than a flow; people alone make it a transportation problem whose relaxation is already
integral, and the balance rows are a soft constraint a flow cannot carry. A cooperative too large for every
workshop is placed member by member (`Grouping.split_cooperatives`).
Deterministic: participants, units and workshops are sorted by id before the model is built, so the same day
gives the same groups whatever order it comes in.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, get_args

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

FEMALE, MALE = "female", "male"  # people.models.Sex values; anything else is "not given"
MAX_PREFERENCES = 3
RANK_COSTS = (0, 1, 2)  # 1st, 2nd, 3rd choice
UNRANKED_COST = 10  # a workshop the person did not name
ROUNDING_ALLOWANCE = 0.5  # people: a workshop of 5 cannot hold exactly 2.4 women
_DISP = False

# Participants', workshops' and cooperatives' ids: any keys that sort (the app's are primary keys).
Id = int | str
Kind = tuple[int, int, int]  # a unit's people, women and people whose sex is given (see `_kind`)
Floats = npt.NDArray[np.float64]
Outcome = Literal[
    "first_choice", "second_choice", "third_choice", "other_workshop", "no_preference", "left_out"
]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
# Why a better choice was not given (Missed.reason), or why someone is left out:
PREFERENCES_FULL: Final = "preferences_full"  # the workshop is full
# No room for the whole cooperative, or it chose otherwise:
KEPT_WITH_COOPERATIVE: Final = "kept_with_cooperative"
# Moving them to a seat left free, or swapping them with someone there (a swap that would lower the
# preference cost), would spoil the balance of women and men:
BALANCED_SEXES: Final = "balanced_sexes"
NO_SEAT_LEFT: Final = "no_seat_left"  # left out: every workshop is full
CHOICE_HAD_ROOM: Final = "choice_had_room"  # a better choice has room: only after a hand edit
Reason = Literal[
    "preferences_full", "kept_with_cooperative", "balanced_sexes", "no_seat_left", "choice_had_room"
]
LeftOut = Literal["", "no_seat_left", "kept_with_cooperative", "choice_had_room"]  # "": not left out


@dataclass(frozen=True)
class Participant:
    id: Id
    sex: str = ""
    cooperative_id: Id | None = None
    preferences: tuple[Id, ...] = ()  # workshop ids, best first, at most MAX_PREFERENCES


@dataclass(frozen=True)
class Workshop:
    id: Id
    capacity: int


@dataclass(frozen=True)
class Options:
    keep_cooperatives_together: bool = False
    balance_sexes: bool = False
    sex_tolerance: float = 0.05  # share of a workshop's people its number of women may stray from the day's
    balance_weight: int = 5  # preference cost one person of imbalance is worth
    time_limit: float = 30.0  # seconds; past it, the best assignment found so far (Grouping.optimal False)


@dataclass(frozen=True)
class Missed:
    """A choice better than the one received, and why it was not given."""

    workshop_id: Id
    reason: Reason


@dataclass(frozen=True)
class Placement:
    participant_id: Id
    workshop_id: Id | None  # None: left out
    outcome: Outcome
    missed: tuple[Missed, ...] = ()  # better choices, best first
    with_cooperative: bool = False  # placed in one workshop with the rest of their cooperative
    left_out_reason: LeftOut = ""  # why, when left out

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Every reason this person did not get better, each once, in order."""
        found = [m.reason for m in self.missed] + ([self.left_out_reason] if self.left_out_reason else [])
        return tuple(dict.fromkeys(found))

    @property
    def balanced_sexes(self) -> bool:
        return BALANCED_SEXES in self.reasons


@dataclass(frozen=True)
class WorkshopLoad:
    workshop_id: Id
    capacity: int
    count: int
    women: int
    men: int
    first_choices: int

    @property
    def free(self) -> int:
        return self.capacity - self.count  # negative when a hand edit overfilled it

    @property
    def sex_not_given(self) -> int:
        return self.count - self.women - self.men


@dataclass(frozen=True)
class Grouping:
    placements: tuple[Placement, ...]  # by participant id
    workshops: tuple[WorkshopLoad, ...]  # by workshop id
    options: Options
    preference_cost: int
    balance_excess: int  # whole people beyond the tolerance, all workshops together
    share_of_women: float | None  # among the day's participants whose sex is given
    split_cooperatives: tuple[Id, ...] = ()  # cooperatives larger than any workshop, placed member by member
    without_balance: "Grouping | None" = None  # the optimum without balancing, when balance was asked
    optimal: bool | None = None  # proven optimal; None for an assignment given to `explain`
    _by_id: dict[Id, Placement] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.participant_id: p for p in self.placements})

    def placement(self, participant_id: Id) -> Placement:
        return self._by_id[participant_id]

    @property
    def assignment(self) -> dict[Id, Id | None]:
        """participant id → workshop id (None: left out): what a hand edit starts from."""
        return {p.participant_id: p.workshop_id for p in self.placements}

    @property
    def tally(self) -> dict[Outcome, int]:
        """How many people got each outcome, every outcome named."""
        counts = Counter(p.outcome for p in self.placements)
        return {outcome: counts[outcome] for outcome in OUTCOMES}

    @property
    def left_out(self) -> tuple[Placement, ...]:
        return tuple(p for p in self.placements if p.workshop_id is None)


def assign(
    participants: Iterable[Participant], workshops: Iterable[Workshop], options: Options = Options()
) -> Grouping:
    """The optimal assignment of the day (see the module's note), explained."""
    day = _Day(participants, workshops, options)
    chosen, optimal = _solve(day, options.balance_sexes)
    without = None
    if options.balance_sexes:
        columns, proven = _solve(day, balance=False)
        without = _explain(day, columns, balance=False, optimal=proven)
    return _explain(day, chosen, balance=options.balance_sexes, without_balance=without, optimal=optimal)


def explain(
    participants: Iterable[Participant],
    workshops: Iterable[Workshop],
    assignment: Mapping[Id, Id | None],
    options: Options = Options(),
) -> Grouping:
    """Explain any assignment, participant id → workshop id or None (a person missing from it is left out).

    options say which units to read (cooperatives together) and whether balance may explain a missed choice."""
    day = _Day(participants, workshops, options)
    unknown = set(assignment) - set(day.position)
    if unknown:
        raise ValueError(f"unknown participants in the assignment: {sorted(unknown, key=repr)}")
    chosen = [assignment.get(p.id) for p in day.people]
    for workshop_id in set(chosen) - {None}:
        if workshop_id not in day.column:
            raise ValueError(f"unknown workshop in the assignment: {workshop_id!r}")
    columns = [None if w is None else day.column[w] for w in chosen]
    return _explain(day, columns, balance=options.balance_sexes)


class _Day:
    """The input checked, sorted by id, cut into units, with the cost of each person in each workshop."""

    def __init__(
        self, participants: Iterable[Participant], workshops: Iterable[Workshop], options: Options
    ) -> None:
        self.options = options
        self.people = sorted(participants, key=lambda p: p.id)
        self.workshops = sorted(workshops, key=lambda w: w.id)
        self.position = {p.id: i for i, p in enumerate(self.people)}
        self.column = {w.id: j for j, w in enumerate(self.workshops)}
        if len(self.position) < len(self.people):
            raise ValueError("two participants share an id")
        if len(self.column) < len(self.workshops):
            raise ValueError("two workshops share an id")
        if any(w.capacity < 0 for w in self.workshops):
            raise ValueError("a workshop capacity is negative")
        self.capacity = np.array([w.capacity for w in self.workshops], dtype=float)
        self.choices = [self._choices(p) for p in self.people]
        self.cost = np.zeros((len(self.people), len(self.workshops)))
        for i, choices in enumerate(self.choices):
            if choices:
                self.cost[i, :] = UNRANKED_COST
                for rank, j in enumerate(choices):
                    self.cost[i, j] = RANK_COSTS[rank]
        self.women = np.array([p.sex == FEMALE for p in self.people], dtype=float)
        self.known = np.array([p.sex in (FEMALE, MALE) for p in self.people], dtype=float)
        self.share: float | None = self.women.sum() / self.known.sum() if self.known.sum() else None
        self.units, self.split = self._units()
        self.unit_of = np.empty(len(self.people), dtype=int)
        for u, members in enumerate(self.units):
            self.unit_of[members] = u

    def _choices(self, person: Participant) -> list[int]:
        choices = list(dict.fromkeys(person.preferences))  # a workshop named twice counts once
        if len(choices) > MAX_PREFERENCES:
            raise ValueError(f"participant {person.id!r} names more than {MAX_PREFERENCES} workshops")
        for workshop_id in choices:
            if workshop_id not in self.column:
                raise ValueError(f"participant {person.id!r} names an unknown workshop {workshop_id!r}")
        return [self.column[w] for w in choices]

    def _units(self) -> tuple[list[list[int]], tuple[Id, ...]]:
        if not self.options.keep_cooperatives_together:
            return [[i] for i in range(len(self.people))], ()
        largest = int(self.capacity.max()) if len(self.workshops) else 0
        by_cooperative = defaultdict(list)
        units = []
        for i, person in enumerate(self.people):
            if person.cooperative_id is None:
                units.append([i])
            else:
                by_cooperative[person.cooperative_id].append(i)
        split = []
        for cooperative_id, members in by_cooperative.items():
            if len(members) > largest:
                split.append(cooperative_id)
                units.extend([i] for i in members)
            else:
                units.append(members)
        units.sort(key=lambda members: members[0])
        return units, tuple(sorted(split))


def _solve(day: _Day, balance: bool) -> tuple[Sequence[int | None], bool]:
    """The optimal workshop column (or None) of each person.

    A unit (a person, or a cooperative kept together) has a variable for each workshop one of its members
    named, and one "elsewhere" variable costing what an unnamed workshop costs. Units sent elsewhere are
    spread over the workshops by one integer per workshop and kind of unit (size, women, sex given), as such
    units weigh the same on seats and balance. Spreading them cannot cost more than the model says (an unnamed
    workshop costs the most), so any spreading is optimal, and `_spread` then chooses the one that fills the
    smallest groups first. It keeps ~4 variables a person instead of one per workshop, and spares the solver
    from trying every unnamed workshop in turn."""
    if not day.people or not day.workshops:
        return [None] * len(day.people), True
    # When the seats suffice, first require everyone placed: the solver is faster without the weight of
    # leaving people out. Cooperatives may still not pack into the workshops; then leaving out is allowed.
    for place_everyone in (True, False) if day.capacity.sum() >= len(day.people) else (False,):
        model = _model(day, balance, place_everyone)
        result = model.solve(day, balance and day.share is not None)
        if result.x is not None:
            break
    else:  # only when the time limit struck before any assignment was found
        raise RuntimeError(f"the workshop solver failed: {result.message}")
    columns, proven = _spread(day, *_columns(day, model, result.x), day.share if balance else None)
    return columns, result.status == 0 and proven


def _model(day: _Day, balance: bool, place_everyone: bool) -> "_Model":
    n_shops, n_units = len(day.workshops), len(day.units)
    # Leaving a person out must weigh more than every preference and balance cost together.
    left_out = 0 if place_everyone else (UNRANKED_COST + day.options.balance_weight) * len(day.people) + 1
    kinds = [_kind(day, members) for members in day.units]
    kind_row = {kind: n_units + k for k, kind in enumerate(sorted(set(kinds)))}
    model = _Model()
    for u, members in enumerate(day.units):
        named = sorted({c for i in members for c in day.choices[i]})
        for c in named:
            model.add(("unit", u), c, day.cost[members, c].sum() - left_out * len(members), {u: 1}, kinds[u])
        elsewhere = day.cost[members].max(axis=1).sum() - left_out * len(members)
        model.add(("elsewhere", u), -1, elsewhere, {u: 1, kind_row[kinds[u]]: -1})
    for kind, row in kind_row.items():
        for c in range(n_shops):
            model.add(("kind", kind), c, 0, {row: 1}, kind, upper=day.capacity[c] // kind[0])
    # each unit placed once (at most once when some may be left out); each kind spread as often as sent
    model.row_lower = np.concatenate(
        [np.full(n_units, 1 if place_everyone else -np.inf), np.zeros(len(kind_row))]
    )
    model.row_upper = np.concatenate([np.ones(n_units), np.zeros(len(kind_row))])
    return model


def _columns(day: _Day, model: "_Model", x: Floats) -> tuple[list[int | None], list[int]]:
    """The workshop column of each person placed in a workshop their unit named (None for the others), and
    the units sent to a workshop none of their members named, in order."""
    columns: list[int | None] = [None] * len(day.people)
    elsewhere = []
    for v in np.flatnonzero(x > 0.5):
        tag, key = model.tags[v]
        if tag == "unit":
            for i in day.units[key]:
                columns[i] = model.shop[v]
        elif tag == "elsewhere":
            elsewhere.append(key)
    return columns, elsewhere


def _loads(day: _Day, columns: Sequence[int | None]) -> tuple[Floats, Floats, Floats]:
    """Per workshop: how many people `columns` puts there, how many of them are women, of known sex."""
    n_shops = len(day.workshops)
    count, women, known = np.zeros(n_shops), np.zeros(n_shops), np.zeros(n_shops)
    for i, c in enumerate(columns):
        if c is not None:
            count[c] += 1
            women[c] += day.women[i]
            known[c] += day.known[i]
    return count, women, known


def _spread(
    day: _Day, columns: list[int | None], elsewhere: list[int], share: float | None
) -> tuple[list[int | None], bool]:
    """Seat the units any workshop suits as well (sent elsewhere, or naming none), smallest groups first.

    A second, small integer programme once everyone else is seated: how many units of each kind go to each
    workshop, the k-th newcomer of a workshop costing its count so far plus k (a convex cost: the smallest
    groups fill first, within their seats). With balance, a person of excess weighs more than all the
    spreading; the first model's spreading is one answer here, so the excess cannot grow and the assignment
    stays optimal. `share`: the day's share of women when balancing. Returns the columns and whether this
    spreading is proven the best."""
    if not elsewhere:
        return columns, True
    n_shops = len(day.workshops)
    count, women, known = _loads(day, columns)
    units_of_kind = defaultdict(list)
    for u in elsewhere:
        units_of_kind[_kind(day, day.units[u])].append(u)
    kinds = sorted(units_of_kind)
    moving = sum(len(day.units[u]) for u in elsewhere)
    free = np.maximum(day.capacity - count, 0)
    # Variables: units of kind k in workshop c (integers), then each workshop's newcomers one by one, then
    # each workshop's people of excess (integers, with balance). Rows: each kind's units all seated, then each
    # workshop's newcomers counted, then the balance rows.
    n_kinds = len(kinds)
    levels = [int(min(free[c], moving)) for c in range(n_shops)]
    first_level = n_kinds * n_shops + np.concatenate([[0], np.cumsum(levels)[:-1]]).astype(int)
    n_levels = sum(levels)
    n_vars = n_kinds * n_shops + n_levels + (n_shops if share is not None else 0)
    cost = np.zeros(n_vars)
    upper = np.ones(n_vars)
    integrality = np.ones(n_vars, dtype=int)
    n_rows = n_kinds + n_shops + (2 * n_shops if share is not None else 0)
    a = sparse.lil_array((n_rows, n_vars))
    lower_rows, upper_rows = np.zeros(n_rows), np.zeros(n_rows)
    for k, kind in enumerate(kinds):
        size, kind_women, kind_known = kind
        lower_rows[k] = upper_rows[k] = len(units_of_kind[kind])
        for c in range(n_shops):
            v = k * n_shops + c
            a[k, v] = 1
            a[n_kinds + c, v] = size
            upper[v] = min(len(units_of_kind[kind]), free[c] // size)
            if share is not None:
                for side, sign in enumerate((1, -1)):
                    gap = sign * (kind_women - share * kind_known) - day.options.sex_tolerance * kind_known
                    a[n_kinds + n_shops + 2 * c + side, v] = gap
    for c in range(n_shops):
        for level in range(levels[c]):
            v = first_level[c] + level
            a[n_kinds + c, v] = -1
            cost[v] = count[c] + level + 1
            integrality[v] = 0
    if share is not None:
        weight = cost.sum() + 1  # one person of excess outweighs all the spreading
        for c in range(n_shops):
            v = n_kinds * n_shops + n_levels + c
            cost[v], upper[v] = weight, np.inf
            for side, sign in enumerate((1, -1)):
                row = n_kinds + n_shops + 2 * c + side
                a[row, v] = -1
                seated_gap = sign * (women[c] - share * known[c]) - day.options.sex_tolerance * known[c]
                lower_rows[row], upper_rows[row] = -np.inf, ROUNDING_ALLOWANCE - seated_gap
    result = milp(
        cost,
        integrality=integrality,
        bounds=Bounds(np.zeros(n_vars), upper),
        constraints=LinearConstraint(a.tocsr(), lower_rows, upper_rows),
        options={"mip_rel_gap": 0, "time_limit": day.options.time_limit, "disp": _DISP},
    )
    if result.x is None:  # only when the time limit struck before any spreading was found
        raise RuntimeError(f"the workshop solver failed to spread the groups: {result.message}")
    spread = list(columns)
    for k, kind in enumerate(kinds):
        for c in range(n_shops):
            for _ in range(round(result.x[k * n_shops + c])):
                for i in day.units[units_of_kind[kind].pop(0)]:
                    spread[i] = c
    return spread, result.status == 0


def _kind(day: _Day, members: list[int]) -> Kind:
    """Units of one kind weigh the same on seats and on the balance of sexes."""
    return (len(members), int(day.women[members].sum()), int(day.known[members].sum()))


class _Model:
    """The integer programme's columns, gathered one variable at a time."""

    tags: list[tuple[str, Any]]  # ("unit" or "elsewhere", unit index) or ("kind", Kind)
    shop: list[int]
    cost: list[float]
    size: list[int]
    women: list[int]
    known: list[int]
    upper: list[float]
    rows: list[dict[int, int]]
    row_lower: Floats
    row_upper: Floats

    def __init__(self) -> None:
        self.tags, self.shop, self.cost, self.size, self.women, self.known, self.upper, self.rows = (
            [] for _ in range(8)
        )

    def add(
        self,
        tag: tuple[str, Any],
        shop: int,
        cost: float,
        rows: dict[int, int],
        kind: Kind = (0, 0, 0),
        upper: float = 1,
    ) -> None:
        """One variable: what it stands for, its workshop (-1: none), cost, rows, and its people's kind."""
        size, women, known = kind
        self.tags.append(tag)
        self.shop.append(shop)
        self.cost.append(cost)
        self.size.append(size)
        self.women.append(women)
        self.known.append(known)
        self.upper.append(upper)
        self.rows.append(rows)

    def solve(self, day: _Day, balance: bool) -> OptimizeResult:
        """Solve with its rows (units, then kinds) between lower and upper, capacity and balance rows."""
        lower, upper = self.row_lower, self.row_upper
        n_vars, n_shops, n_rows = len(self.cost), len(day.workshops), len(lower)
        shop = np.array(self.shop)
        placed = np.flatnonzero(shop >= 0)
        entries = [
            (row, v, coefficient) for v, rows in enumerate(self.rows) for row, coefficient in rows.items()
        ]
        row_index, var_index, values = (
            np.array(column, dtype=float) for column in zip(*entries, strict=True)
        )
        blocks = [(sparse.csr_array((values, (row_index, var_index)), shape=(n_rows, n_vars)), lower, upper)]
        size = np.array(self.size, dtype=float)
        capacity = sparse.csr_array((size[placed], (shop[placed], placed)), shape=(n_shops, n_vars))
        blocks.append((capacity, np.full(n_shops, -np.inf), day.capacity))
        objective, integrality = np.array(self.cost, dtype=float), np.ones(n_vars, dtype=int)
        bounds_upper = np.array(self.upper, dtype=float)
        if balance:
            # |women - share × known| ≤ tolerance × known + allowance + excess, in each workshop, the excess
            # in whole people: an integer objective lets the solver close its gap sooner
            known = np.array(self.known, dtype=float)
            gap = np.array(self.women, dtype=float) - day.share * known
            excess = sparse.csr_array((np.full(n_shops, -1.0), (np.arange(n_shops), np.arange(n_shops))))
            blocks = [
                (sparse.hstack([a, sparse.csr_array((a.shape[0], n_shops))]), lo, up) for a, lo, up in blocks
            ]
            for sign in (1, -1):
                weights = (sign * gap - day.options.sex_tolerance * known)[placed]
                block = sparse.csr_array((weights, (shop[placed], placed)), shape=(n_shops, n_vars))
                blocks.append(
                    (
                        sparse.hstack([block, excess]),
                        np.full(n_shops, -np.inf),
                        np.full(n_shops, ROUNDING_ALLOWANCE),
                    )
                )
            objective = np.concatenate([objective, np.full(n_shops, float(day.options.balance_weight))])
            integrality = np.concatenate([integrality, np.ones(n_shops, dtype=int)])
            bounds_upper = np.concatenate([bounds_upper, np.full(n_shops, np.inf)])
        result = milp(
            objective,
            integrality=integrality,
            bounds=Bounds(np.zeros(len(objective)), bounds_upper),
            constraints=LinearConstraint(
                sparse.vstack([a for a, _, _ in blocks], format="csr"),
                np.concatenate([lo for _, lo, _ in blocks]),
                np.concatenate([up for _, _, up in blocks]),
            ),
            options={"mip_rel_gap": 0, "time_limit": day.options.time_limit, "disp": _DISP},
        )
        if result.x is not None:
            result.x = result.x[:n_vars]
        return result


def _explain(
    day: _Day,
    columns: Sequence[int | None],
    balance: bool,
    without_balance: Grouping | None = None,
    optimal: bool | None = None,
) -> Grouping:
    """Outcomes, missed choices with their reasons and workshop loads for columns (workshop index or None)."""
    count, women, known = _loads(day, columns)
    free = day.capacity - count
    members = []
    for i in range(len(day.people)):
        unit = day.units[day.unit_of[i]]
        # A cooperative a hand edit has split is explained person by person.
        members.append(unit if all(columns[m] == columns[i] for m in unit) else [i])
    checker = None
    if balance and day.share is not None:
        alone = [i for i in range(len(day.people)) if len(members[i]) == 1 and columns[i] is not None]
        checker = _Balance(day, women, known, alone, [columns[i] for i in alone])
    placements, cost = [], 0
    for i in range(len(day.people)):
        together = len(members[i]) > 1 and columns[i] is not None
        placements.append(_place(day, i, members[i], columns, free, checker, together))
        cost += day.cost[i, column] if (column := columns[i]) is not None else 0
    first = Counter(
        columns[i] for i, choices in enumerate(day.choices) if choices and choices[0] == columns[i]
    )
    loads = tuple(
        WorkshopLoad(
            workshop_id=w.id,
            capacity=w.capacity,
            count=int(count[j]),
            women=int(women[j]),
            men=int(known[j] - women[j]),
            first_choices=first[j],
        )
        for j, w in enumerate(day.workshops)
    )
    excess = _Balance(day, women, known).total() if day.share is not None else 0
    return Grouping(
        placements=tuple(placements),
        workshops=loads,
        options=day.options,
        preference_cost=int(cost),
        balance_excess=excess,
        share_of_women=day.share,
        split_cooperatives=day.split,
        without_balance=without_balance,
        optimal=optimal,
    )


def _place(
    day: _Day,
    i: int,
    members: list[int],
    columns: Sequence[int | None],
    free: Floats,
    checker: "_Balance | None",
    together: bool,
) -> Placement:
    person, choices, here = day.people[i], day.choices[i], columns[i]
    if here is None:
        outcome: Outcome = "left_out"
    elif not choices:
        outcome = "no_preference"
    elif here in choices:
        outcome = OUTCOMES[choices.index(here)]
    else:
        outcome = "other_workshop"
    better = choices[: choices.index(here)] if here in choices else choices
    size = len(members)
    missed = []
    for c in better:
        if free[c] <= 0:
            swap = here is not None and size == 1 and checker and checker.swap_spoils(i, here, c)
            reason: Reason = BALANCED_SEXES if swap else PREFERENCES_FULL
        elif size > 1 and (size > free[c] or _unit_cost(day, members, c) >= _unit_cost(day, members, here)):
            reason = KEPT_WITH_COOPERATIVE
        elif here is not None and checker and checker.move_spoils(members, here, c):
            reason = BALANCED_SEXES
        else:
            reason = CHOICE_HAD_ROOM
        missed.append(Missed(day.workshops[c].id, reason))
    left_out_reason: LeftOut = ""
    if here is None:
        room = free.max() if len(free) else 0
        left_out_reason = (
            NO_SEAT_LEFT if room <= 0 else KEPT_WITH_COOPERATIVE if room < size else CHOICE_HAD_ROOM
        )
    return Placement(
        participant_id=person.id,
        workshop_id=day.workshops[here].id if here is not None else None,
        outcome=outcome,
        missed=tuple(missed),
        with_cooperative=together,
        left_out_reason=left_out_reason,
    )


def _unit_cost(day: _Day, members: list[int], column: int | None) -> float:
    if column is None:
        return float("inf")
    return day.cost[members, column].sum()


class _Balance:
    """People of excess beyond the tolerance, per workshop, and whether a move or a swap would add to them."""

    def __init__(
        self,
        day: _Day,
        women: Floats,
        known: Floats,
        alone: Iterable[int] = (),
        alone_columns: Iterable[int | None] = (),
    ) -> None:
        assert day.share is not None, "balance is measured against the day's share of women"
        self.day, self.share, self.women, self.known = day, day.share, women, known
        self.alone, self.alone_columns = np.array(alone, dtype=int), np.array(alone_columns, dtype=int)

    def excess(self, women: Floats, known: Floats) -> Floats:
        """Whole people beyond the tolerance (a hair of float error is no one)."""
        gap = np.abs(women - self.share * known) - self.day.options.sex_tolerance * known
        return np.maximum(0.0, np.ceil(gap - ROUNDING_ALLOWANCE - 1e-9))

    def total(self) -> int:
        return int(self.excess(self.women, self.known).sum())

    def move_spoils(self, members: list[int], origin: int, target: int) -> bool:
        """Would moving these people from origin to target add to the excess?"""
        return self._spoils(origin, target, self.day.women[members].sum(), self.day.known[members].sum())

    def swap_spoils(self, i: int, origin: int, target: int) -> bool:
        """Is there someone alone in target whose swap with i lowers the preference cost but spoils balance?

        Explains why a person did not get a full workshop they preferred: without balance, an optimum has no
        such swap, since it would lower the preference cost."""
        others = self.alone[self.alone_columns == target]
        cost = self.day.cost
        gain = cost[i, origin] - cost[i, target]
        willing = others[cost[others, origin] - cost[others, target] < gain]
        for j in willing[np.unique(self._sex_class(willing), return_index=True)[1]]:
            women = self.day.women[i] - self.day.women[j]
            if self._spoils(origin, target, women, self.day.known[i] - self.day.known[j]):
                return True
        return False

    def _sex_class(self, people: npt.NDArray[np.int_]) -> Floats:
        return self.day.women[people] + 2 * self.day.known[people]

    def _spoils(self, origin: int, target: int, women: float, known: float) -> bool:
        """Would women and known people going from origin to target (negative: coming back) add excess?"""
        pair = [origin, target]
        before = self.excess(self.women[pair], self.known[pair]).sum()
        after = self.excess(self.women[pair] + [-women, women], self.known[pair] + [-known, known]).sum()
        return after > before + 1e-9
