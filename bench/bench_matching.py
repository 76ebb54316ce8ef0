"""Duplicate detection for people: quality of the likely-match step and how its time grows.

20,000 fake people of Tanger-Tétouan-Al Hoceïma (`people.fakes`, fixed seed) with known duplicates
(respelt across scripts, swapped order, typos, CIN left out, phone or birth date missing or mistyped) and
known hard negatives (namesakes with other CINs, relatives sharing the family phone).
- precision and recall of `likely_pairs` against the truth; baseline: plain normalisation (the same phone
  or birth date, the same `core.text.fold_compact` name in either script, CINs not both given);
- recall of `sure_pairs` (the same CIN however written);
- time for 20,000 records against 10,000 in the same run: at most 2.3× (no growth faster than n log n);
  each size is timed cold (name caches cleared) and the best of ROUNDS interleaved runs is kept.
Standalone: `python -m bench.bench_matching` prints with a plain reporter.
Knobs (environment): BENCH_MATCHING_SIZE (default 20000), BENCH_MATCHING_SEED (default 2025).
"""

import gc
import os
import time
from itertools import combinations

from core.text import fold_compact
from people import matching
from people.fakes import population
from people.names import clear_caches

PRECISION_TARGET = 0.98
RECALL_TARGET = 0.95
GROWTH_LIMIT = 2.3
ROUNDS = 5


def run(report):
    size = int(os.environ.get("BENCH_MATCHING_SIZE", "20000"))
    seed = int(os.environ.get("BENCH_MATCHING_SEED", "2025"))
    half, full = _Run(size // 2, seed), _Run(size, seed)
    for _ in range(ROUNDS):  # interleaved, best of each: the machine is shared, both sizes see the same load
        half.time()
        full.time()
    half, full = half.figures(), full.figures()
    _note(
        report,
        f"{size:,} records (seed {seed}): {full['truth']} true likely pairs, {full['sure']} sure pairs",
    )
    report(
        "likely-match precision",
        full["precision"],
        full["naive_precision"],
        "",
        target=None,
    )
    report("likely-match recall", full["recall"], full["naive_recall"], "", target=None)
    report(
        f"likely_pairs time, {size:,} vs {size // 2:,} records",
        full["seconds"],
        half["seconds"],
        "s",
        higher_is_better=False,
        target=GROWTH_LIMIT,
    )
    _check(report, "likely-match precision", full["precision"], PRECISION_TARGET)
    _check(report, "likely-match recall", full["recall"], RECALL_TARGET)
    _check(report, "sure-match recall (same CIN however written)", full["sure_recall"], 1.0)
    _note(
        report,
        f"precision {full['precision']:.4f}, recall {full['recall']:.4f}; "
        f"{full['found']} pairs flagged, {full['false']} wrongly "
        f"({full['false_namesake']} namesakes, {full['false_relative']} relatives, "
        f"{full['false_other']} strangers); {full['missed']} true pairs missed",
    )


class _Run:
    def __init__(self, size, seed):
        self.records = population(size, seed)
        self.candidates = [
            matching.Candidate(
                id=r.id,
                full_name_ar=r.full_name_ar,
                full_name_latin=r.full_name_latin,
                cin=r.cin,
                phone=r.phone,
                birth_date=r.birth_date,
                birth_year=r.birth_year,
            )
            for r in self.records
        ]
        self.seconds = float("inf")
        self.found = None

    def time(self):
        clear_caches()  # each run starts cold: no name read in an earlier run is reused
        gc.collect()
        started = time.perf_counter()
        self.found = matching.likely_pairs(self.candidates)
        self.seconds = min(self.seconds, time.perf_counter() - started)

    def figures(self):
        records, candidates = self.records, self.candidates
        by_id = {r.id: r for r in records}
        sure = set(matching.sure_pairs(candidates))
        truth = _truth(records, candidates, sure)
        flagged = {frozenset(pair[:2]) for pair in self.found}
        naive = {frozenset(pair) for pair in _naive_pairs(candidates)}
        wrong = [pair for pair in flagged if pair not in truth]
        kinds = [{by_id[i].kind for i in pair} for pair in wrong]
        sure_truth = _sure_truth(records)
        return {
            "seconds": self.seconds,
            "truth": len(truth),
            "sure": len(sure),
            "found": len(flagged),
            "false": len(wrong),
            "missed": len(truth - flagged),
            "false_namesake": sum("namesake" in k for k in kinds),
            "false_relative": sum("relative" in k for k in kinds),
            "false_other": sum(not k & {"namesake", "relative"} for k in kinds),
            "precision": _ratio(len(flagged & truth), len(flagged)),
            "recall": _ratio(len(flagged & truth), len(truth)),
            "naive_precision": _ratio(len(naive & truth), len(naive)),
            "naive_recall": _ratio(len(naive & truth), len(truth)),
            "sure_recall": _ratio(len({frozenset(p) for p in sure} & sure_truth), len(sure_truth)),
        }


def _truth(records, candidates, sure):
    """Pairs of records of one person that the CIN does not settle (what the likely step must find)."""
    sure = {frozenset(pair) for pair in sure}
    by_person = {}
    for record in records:
        by_person.setdefault(record.person, []).append(record.id)
    pairs = {frozenset(pair) for ids in by_person.values() for pair in combinations(ids, 2)}
    return pairs - sure


def _sure_truth(records):
    by_person = {}
    for record in records:
        if record.cin:
            by_person.setdefault(record.person, []).append(record.id)
    return {frozenset(pair) for ids in by_person.values() for pair in combinations(ids, 2)}


def _naive_pairs(candidates):
    """Plain normalisation: the same phone or birth date and the same folded name in either script."""
    blocks = {}
    for c in candidates:
        names = {fold_compact(c.full_name_ar), fold_compact(c.full_name_latin)} - {""}
        for name in names:
            if c.phone:
                blocks.setdefault(("phone", c.phone, name), []).append(c)
            if c.birth_date:
                blocks.setdefault(("born", c.birth_date, name), []).append(c)
    pairs = set()
    for bucket in blocks.values():
        for a, b in combinations(bucket, 2):
            if not (matching.cin_key(a.cin) and matching.cin_key(b.cin)):
                pairs.add((a.id, b.id))
    return pairs


def _ratio(part, whole):
    return part / whole if whole else 0.0


def _check(report, name, value, floor):
    """An absolute target: `report.measure` of bench/__main__.py when there, else a plain line."""
    if hasattr(report, "measure"):
        report.measure(f"{name}, absolute", value, "", limit=floor, higher_is_better=True)
    else:
        print(f"{name}: {value:.4f} (target ≥ {floor}: {'met' if value >= floor else 'MISSED'})")


def _note(report, text):
    (getattr(report, "note", None) or print)(text)


if __name__ == "__main__":

    def _print_report(name, value, baseline, unit, *, higher_is_better=True, target=None):
        ratio = value / baseline if baseline else float("nan")
        print(
            f"{name:<48} {value:10.4f} {unit:<3} baseline {baseline:10.4f}  ratio {ratio:6.2f}  target {target}"
        )

    run(_print_report)
