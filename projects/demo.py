"""About 40 demo projects for the demo caravan: real sectors of the region, every stage, sensible plans.

Made from the caravan's accepted registrations (run `registration.demo.load_demo_registrations` first), through
the real services for creation and founding steps. Deterministic and idempotent: the caravan's earlier demo
projects, and those left without a caravan when the demo caravan was recreated, are removed first."""

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.db import transaction

from programmes.matching import match_all
from registration.models import Decision

from . import founding
from .demo_data import COMMON, SECTORS
from .finance import FixedCost, Grant, Investment, Loan, Plan, Product
from .matching import facts_for
from .models import Project, Stage
from .services import create_project, set_founding_step

SEED = 11
COUNT = 40
# How many projects at each stage (sums to COUNT): most are at the beginning, as after a first caravan.
STAGES = [
    (Stage.IDEA, 9),
    (Stage.STRUCTURED, 10),
    (Stage.FOUNDING, 8),
    (Stage.SEEKING_FUNDING, 7),
    (Stage.FUNDED, 3),
    (Stage.OPERATING, 2),
    (Stage.STOPPED, 1),
]
COASTAL = {"MA-LAR", "MA-MDF", "MA-TNG", "MA-HOC"}


def _round(value, step=100):
    return Decimal(int(value / step + Decimal("0.5")) * step)


def demo_plan(sector, scale, cooperative, with_loan):
    """A plan for `sector`, its volumes and investments scaled by `scale` (a Decimal near 1)."""
    data = SECTORS[sector]
    investments = [
        Investment(item, quantity, _round(Decimal(price) * scale, 10), years)
        for item, quantity, price, years in data["investments"]
    ]
    products = [
        Product(
            name,
            unit,
            _round(Decimal(volume) * scale, 1),
            Decimal(price),
            Decimal(cost),
            Decimal(5),
            season or [100] * 12,
        )
        for name, unit, volume, price, cost, season in data["products"]
    ]
    fixed = [FixedCost(label, Decimal(amount)) for label, amount in data["fixed"]]
    total = sum((i.quantity * i.unit_price for i in investments), Decimal(0))
    own = _round(Decimal(data["own"]) * scale)
    shares = 10 if cooperative else 0
    capital = Decimal(shares * 200)
    grant = min(_round(Decimal(data["grant"]) * scale), _round(total * Decimal("0.7")))
    loans = []
    rest = total - own - capital - grant
    if with_loan and rest > 0:
        loans = [Loan("قرض التمويل الصغير", _round(rest + 5000), Decimal(8), 3, 3)]
    elif rest > 0:
        own += _round(rest + 2000)
    return Plan(
        investments=investments,
        own_contribution=own,
        number_of_shares=shares,
        share_value=Decimal(200) if cooperative else Decimal(0),
        grants=[Grant("المبادرة الوطنية للتنمية البشرية", grant)] if grant else [],
        loans=loans,
        products=products,
        variable_cost_rate=Decimal(3),
        fixed_costs=fixed,
        start_month=4,
        cooperative=cooperative,
    )


def _canvas(sector, filled):
    data = SECTORS[sector]
    texts = {"need": data["need"], "offer": data["offer"], "customers": data["customers"]}
    texts |= {key: text.format(title=data["title"]) for key, text in COMMON.items()}
    return dict(list(texts.items())[:filled])


def _founding_steps(project, stage, rng, today):
    """Founding steps as far as a project of this stage would have gone."""
    done = {Stage.FOUNDING: rng.randint(1, 3)}.get(stage, len(founding.STEP_IDS))
    day = today - datetime.timedelta(days=10 * done + 5)
    for step in founding.STEP_IDS[:done]:
        documents = [
            d["key"] for s in founding.steps() if s["id"] == step for d in s.get("required_documents") or []
        ]
        set_founding_step(None, project, step, status="done", on=day, documents=documents)
        day += datetime.timedelta(days=10)
    if done < len(founding.STEP_IDS):
        step = founding.STEP_IDS[done]
        keys = [
            d["key"] for s in founding.steps() if s["id"] == step for d in s.get("required_documents") or []
        ]
        set_founding_step(None, project, step, status="in_progress", on=day, documents=keys[:1])


def _registrations(caravan):
    accepted = caravan.registrations.filter(decision=Decision.ACCEPTED).exclude(sector="")
    return list(accepted.select_related("person__province", "cooperative").order_by("id"))


@transaction.atomic
def load_demo_projects(caravan, today=None):
    """About 40 projects of `caravan`'s participants; returns how many projects there are at each stage."""
    today = today or datetime.date.today()
    Project.objects.filter(caravans=caravan).delete()
    Project.objects.filter(caravans=None, holder__registrations__caravan=caravan).delete()
    rng = random.Random(SEED)
    chosen = rng.sample(_registrations(caravan), COUNT)
    stages = [stage for stage, count in STAGES for _ in range(count)]
    fishers = 0
    for registration, stage in zip(chosen, stages, strict=True):
        sector = registration.sector if registration.sector in SECTORS else "goat_cheese"
        province = registration.person.province.code if registration.person.province else ""
        if fishers < 2 and province in COASTAL and stage in (Stage.STRUCTURED, Stage.SEEKING_FUNDING):
            sector, fishers = "fishing", fishers + 1  # some holders of the coast moved to the sea's products
        project, _created = create_project(None, registration, SECTORS[sector]["title"])
        project.sector, project.stage = sector, stage
        project.canvas = _canvas(sector, 3 if stage == Stage.IDEA else 10)
        if stage != Stage.IDEA:
            scale = Decimal(rng.randint(60, 140)) / 100
            cooperative = project.cooperative_id is not None or stage in (
                Stage.FOUNDING,
                Stage.FUNDED,
                Stage.OPERATING,
            )
            plan = demo_plan(sector, scale, cooperative, with_loan=rng.random() < 0.3)
            project.financial_plan = plan.to_dict()
        project.save()
        if stage in (Stage.FOUNDING, Stage.FUNDED, Stage.OPERATING) or (
            stage == Stage.SEEKING_FUNDING and project.cooperative_id is None and rng.random() < 0.5
        ):
            _founding_steps(project, stage, rng, today)
        if stage in (Stage.SEEKING_FUNDING, Stage.FUNDED, Stage.OPERATING):
            _confirm_what_a_trainer_checked(project)
    return Counter(Project.objects.filter(caravans=caravan).values_list("stage", flat=True))


def _confirm_what_a_trainer_checked(project):
    """A trainer went through the conditions no form can check (a local call, a programme's current status)
    with the holder: confirmed for the programmes where nothing else is missing."""
    confirmed = set()
    for _programme, found in match_all(facts_for(project)):
        if found.status == "missing" and all(reason.confirmable for reason in found.reasons):
            confirmed |= {reason.condition for reason in found.reasons}
    project.confirmed_conditions = sorted(confirmed)
    project.save(update_fields=["confirmed_conditions"])
