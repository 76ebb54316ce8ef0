"""The Law 112-12 founding procedure (projects/data/cooperative_procedure.yaml) as a checklist per project."""

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

from core.i18n import active_language

DATA = Path(__file__).resolve().parent / "data" / "cooperative_procedure.yaml"

# The YAML says where and how long in English notes; these are our translations of them (same facts).
# Delays are in days; `sure` is False where the source marks the figure as low confidence.
OFFICES = {
    "prepare_project": _("The founders, with the ODCO delegation, the INDH platform or the trainers"),
    "name_approval": _("Regional or provincial delegation of ODCO (Office for Cooperative Development)"),
    "constitutive_general_assembly": _("The cooperative's seat, with all the founders"),
    "capital_and_bank_account": _("A bank"),
    "local_authority_deposit": _("Local authority of the seat (caïdat, pachalik or administrative annex)"),
    "local_register": _("Registry (secrétariat-greffe) of the court of first instance of the seat"),
    "central_register": _("ODCO, nationally: the court registry sends the file itself"),
    "after_registration_identifiers": _(
        "ice.gov.ma for the ICE; the tax administration (DGI); CNSS if staff"
    ),
}
DELAYS = {
    "name_approval": (3, False, _("ODCO answers within about 3 days (to check with ODCO)")),
    "capital_and_bank_account": (5, True, _("Cash received must be deposited in the bank within 5 days")),
    "central_register": (20, True, _("The court registry sends the file to ODCO within about 20 days")),
}


@cache
def procedure():
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def steps():
    """The steps in the order people take them."""
    return sorted(procedure()["steps"], key=lambda step: step["order"])


STEP_IDS = [step["id"] for step in steps()]


@dataclass
class Row:
    """One step of one project's checklist, ready for a page."""

    id: str
    order: int
    label: str
    office: str
    delay: str
    documents: list  # [(key, label, gathered)]
    status: str
    on: datetime.date | None
    note: str
    overdue: bool = False
    blocking: bool = False
    missing: list = field(default_factory=list)

    @property
    def closed(self):
        return self.status in ("done", "not_applicable")


def checklist(saved, today, language=None):
    """The rows of a project's checklist from its saved FoundingStep rows ({step id: FoundingStep}).

    The first step not done after the last one done is what is blocking now (a step done means those before it
    were taken, even unrecorded: a follow-up call hears of the court registration alone); a step in progress
    past its legal delay is overdue."""
    language = language or active_language()
    rows = []
    for step in steps():
        record = saved.get(step["id"])
        gathered = set(record.documents if record else [])
        documents = [
            (doc["key"], doc["ar" if language == "ar" else "fr"], doc["key"] in gathered)
            for doc in step.get("required_documents") or []
        ]
        days, _sure, delay = DELAYS.get(step["id"], (None, None, ""))
        row = Row(
            id=step["id"],
            order=step["order"],
            label=step["label_ar" if language == "ar" else "label_fr"],
            office=OFFICES.get(step["id"], ""),
            delay=delay,
            documents=documents,
            status=record.status if record else "todo",
            on=record.on if record else None,
            note=record.note if record else "",
        )
        if row.status == "in_progress" and days and row.on:
            row.overdue = (today - row.on).days > days
        rows.append(row)
    done = [index for index, row in enumerate(rows) if row.status == "done"]
    for row in rows[done[-1] + 1 if done else 0 :]:
        if not row.closed:
            row.blocking = True
            row.missing = [label for _key, label, gathered in row.documents if not gathered]
            break
    return rows


@dataclass
class Founders:
    """The minimum number of founders, as sure as the data is about it."""

    members: int
    cooperatives_for_a_union: int
    sure: bool
    text: str


def minimum_founders():
    """How many founders a cooperative needs (and cooperatives a union), with a warning when the figure is
    not confirmed (the data marks it low: 5 is widely repeated for Law 112-12, the old Law 24-83 said 7)."""
    found = procedure()["meta"]["minimum_members"]
    members, union = found["cooperative"], found["union_of_cooperatives"]
    sure = found["confidence"] != "low"
    text = _(
        "At least %(members)s founding members (natural persons); at least %(union)s cooperatives for a union."
    ) % {"members": members, "union": union}
    return Founders(members, union, sure, text)


@dataclass
class Obligation:
    """One duty of the cooperative once registered."""

    id: str
    label: str
    sure: bool  # False where the data marks the item low confidence: to check before relying on it


def obligations(language=None):
    """What a registered cooperative must do from then on, as the procedure data lists it."""
    language = language or active_language()
    return [
        Obligation(
            item["id"], item["label_ar" if language == "ar" else "label_fr"], item["confidence"] != "low"
        )
        for item in procedure()["obligations_after_creation"]
    ]


def blocking_step(rows):
    return next((row for row in rows if row.blocking), None)
