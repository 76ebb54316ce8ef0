"""The demo caravan's year after: its projects' 3-, 6- and 12-month contacts, shared out to the demo trainer and
agent, and what they brought back, as a realistic year would (some cooperatives founded, some financed, some
stalled with their blockers, some holders never reached, a few contacts still to make).

Run after `projects.demo.load_demo_projects` and `programmes.services.load_catalogue`: each project's story
follows its stage and its founding checklist. Seeded, so the figures are the same at every load; written with
bulk inserts (tests load the demo often) and idempotent (the caravan's earlier follow-up goes first)."""

import datetime
import random
from collections import Counter, defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from caravans.models import StaffAssignment
from core.permissions import Role
from programmes.models import SupportProgramme
from projects.models import FoundingStep, Project, Stage

from .models import FollowUp, Outcome
from .services import MAX_ATTEMPTS, plan_follow_ups
from .worklist import FOLLOWED_STEPS

SEED = 14
# Programmes of the catalogue (programmes/data/support_programmes.yaml) the demo's holders applied to.
GRANTS = ["indh_ariej", "odco_mourafaka", "ada_solidarity_agriculture", "generation_green_terres_collectives"]
LOANS = ["intelaka", "forsa", "tamwil_el_fellah", "microcredit"]
# When each founding step is heard of, by milestone, and what shows it.
STEP_MILESTONE = {
    "name_approval": 3,
    "constitutive_general_assembly": 3,
    "local_register": 6,
    "central_register": 6,
    "after_registration_identifiers": 12,
}
STEP_EVIDENCE = {
    "name_approval": "شهادة المصادقة على التسمية",
    "constitutive_general_assembly": "محضر الجمع العام التأسيسي",
    "local_register": "نسخة من استمارة التسجيل تحمل رقم السجل المحلي",
    "central_register": "إشعار مكتب تنمية التعاون",
    "after_registration_identifiers": "شهادة المعرف الموحد للمقاولة",
}
SUPPORT_ASKED = {
    Outcome.Blocker.FINANCING: "مواكبة لإعداد ملف التمويل",
    Outcome.Blocker.PAPERWORK: "مرافقة لدى كتابة الضبط بالمحكمة",
    Outcome.Blocker.LAND: "محل للإنتاج تابع للجماعة",
    Outcome.Blocker.MARKET: "المشاركة في معرض للاقتصاد الاجتماعي",
    Outcome.Blocker.SKILLS: "تكوين في التسيير والمحاسبة",
    Outcome.Blocker.GROUP: "وساطة بين الأعضاء",
    Outcome.Blocker.FAMILY: "",
}
UNREACHABLE = 3  # holders never reached, at any milestone
LEFT_OPEN_EVERY = 5  # one project in five still has its 12-month contact to make


def _team(caravan):
    """The caravan's demo trainer and agent, who the contacts are shared out to."""
    assignments = StaffAssignment.objects.filter(caravan=caravan, role__in=[Role.TRAINER, Role.AGENT])
    by_role = {a.role: a.user for a in assignments.select_related("user").order_by("id")}
    return [by_role.get(Role.AGENT), by_role.get(Role.TRAINER)]


def _money(rng, low, high):
    return Decimal(rng.randint(low // 1000, high // 1000) * 1000)


def _jobs(rng, scale=1):
    women, men = rng.randint(2, 5) * scale, rng.randint(0, 2)
    return {"jobs_women": women, "jobs_men": men, "jobs_under_35": rng.randint(1, women + men)}


def _story(project, steps, rng, programmes):
    """[(milestone, kind, days before the contact, fields)] of one project's year, from its stage and checklist."""
    events = []
    for step, status in steps.items():
        fields = {
            "step": step,
            "step_status": status,
            "evidence": STEP_EVIDENCE[step] if status == "done" else "",
        }
        if step == "local_register" and status == "done":
            fields["reference"] = f"{rng.randint(12, 480)}/2025"
        if step == "after_registration_identifiers" and status == "done":
            fields["reference"] = "00" + "".join(str(rng.randint(0, 9)) for _ in range(13))
        events.append((STEP_MILESTONE[step], Outcome.Kind.FOUNDING_STEP, rng.randint(5, 40), fields))
    stage = project.stage
    grant, loan = programmes[rng.choice(GRANTS)], programmes[rng.choice(LOANS)]

    def add(months, kind, **fields):
        # Financing and sales are dated facts told afterwards; jobs, activity and blockers stand on the call's day.
        dated = kind in (Outcome.Kind.FINANCING, Outcome.Kind.FIRST_SALE)
        events.append((months, kind, rng.randint(0, 20) if dated else 0, fields))

    def blocked(months, code):
        add(months, Outcome.Kind.BLOCKER, blocker=code, support_asked=SUPPORT_ASKED[code])

    if stage in (Stage.FUNDED, Stage.OPERATING):
        early = 3 if stage == Stage.OPERATING else 6
        add(3, Outcome.Kind.FINANCING, programme=grant, financing=Outcome.Financing.APPLIED)
        amount = _money(rng, 40_000, 180_000)
        add(early, Outcome.Kind.FINANCING, programme=grant, financing=Outcome.Financing.OBTAINED, amount_mad=amount,
            evidence="قرار منح الدعم")  # fmt: skip
        add(early, Outcome.Kind.JOBS, **_jobs(rng))
        add(6 if stage == Stage.OPERATING else 12, Outcome.Kind.FIRST_SALE, amount_mad=_money(rng, 3_000, 25_000),
            evidence="فاتورة البيع الأولى")  # fmt: skip
        add(12, Outcome.Kind.JOBS, **_jobs(rng, scale=2))
        add(12, Outcome.Kind.ACTIVITY, active=True)
    elif stage == Stage.SEEKING_FUNDING:
        add(3, Outcome.Kind.FINANCING, programme=loan, financing=Outcome.Financing.APPLIED)
        fate = rng.choice(["obtained", "obtained", "refused", "refused", "waiting", "waiting", "waiting"])
        if fate == "obtained":
            add(12, Outcome.Kind.FINANCING, programme=loan, financing=Outcome.Financing.OBTAINED,
                amount_mad=_money(rng, 30_000, 120_000), evidence="عقد القرض")  # fmt: skip
            add(12, Outcome.Kind.JOBS, **_jobs(rng))
        elif fate == "refused":
            add(6, Outcome.Kind.FINANCING, programme=loan, financing=Outcome.Financing.REFUSED)
            blocked(6, Outcome.Blocker.FINANCING)
            add(12, Outcome.Kind.FINANCING, programme=grant, financing=Outcome.Financing.APPLIED)
        else:
            blocked(6, Outcome.Blocker.FINANCING)
        add(12, Outcome.Kind.ACTIVITY, active=True)
    elif stage == Stage.FOUNDING:
        if rng.random() < 0.5:
            blocked(6, Outcome.Blocker.PAPERWORK)
        add(12, Outcome.Kind.ACTIVITY, active=True)
    elif stage == Stage.STOPPED:
        blocked(6, Outcome.Blocker.MARKET)
        add(12, Outcome.Kind.ACTIVITY, active=False)
    else:  # an idea, or a structured project: the year of those who start from nothing
        roll = rng.random()
        if roll < 0.35:
            blocked(
                rng.choice([3, 6]),
                rng.choice([Outcome.Blocker.SKILLS, Outcome.Blocker.LAND, Outcome.Blocker.GROUP]),
            )
        elif roll < 0.5 and stage == Stage.STRUCTURED:
            add(6, Outcome.Kind.FINANCING, programme=grant, financing=Outcome.Financing.APPLIED)
        stopped = rng.random() < 0.2
        if stopped:
            blocked(6, Outcome.Blocker.FAMILY)
        add(12, Outcome.Kind.ACTIVITY, active=not stopped)
    return events


def _followed_steps(project_ids):
    """{project id: {step: status}} of the founding steps a follow-up asks about, as the checklist has them."""
    found = defaultdict(dict)
    rows = FoundingStep.objects.filter(project_id__in=project_ids, step__in=FOLLOWED_STEPS)
    for project_id, step, status in rows.exclude(status="todo").values_list("project_id", "step", "status"):
        found[project_id][step] = status
    return found


@transaction.atomic
def load_demo_follow_ups(caravan, today=None):
    """Plan, share out and record the demo caravan's follow-up; returns how many contacts end in each status."""
    today = today or timezone.localdate()
    Outcome.objects.filter(project__caravans=caravan).delete()
    FollowUp.objects.filter(caravan=caravan).delete()
    plan_follow_ups(caravan)
    rng = random.Random(SEED)
    programmes = {p.key: p for p in SupportProgramme.objects.filter(key__in=GRANTS + LOANS)}
    projects = list(Project.objects.of_caravan(caravan).order_by("id"))
    steps = _followed_steps([project.pk for project in projects])
    contacts = defaultdict(list)
    for contact in FollowUp.objects.filter(caravan=caravan).order_by("months"):
        contacts[contact.project_id].append(contact)
    team = _team(caravan)
    early = [p for p in projects if p.stage in (Stage.IDEA, Stage.STRUCTURED)]
    unreachable = {p.pk for p in rng.sample(early, min(UNREACHABLE, len(early)))}
    outcomes, step_dates = [], {}
    for index, project in enumerate(projects):
        person = team[index % len(team)]
        events = _story(project, steps.get(project.pk, {}), rng, programmes)
        carried = []
        for contact in contacts[project.pk]:
            contact.assigned_to = person
            if contact.due > today:
                continue
            last = contact is contacts[project.pk][-1]
            if last and index % LEFT_OPEN_EVERY == 0:
                contact.attempts = rng.choice([0, 0, 1])
                continue
            news = carried + [event for event in events if event[0] == contact.months]
            if project.pk in unreachable or rng.random() < 0.08:
                contact.status, contact.attempts = FollowUp.Status.NOT_REACHED, MAX_ATTEMPTS
                carried = news
                continue
            carried = []
            contact.status, contact.attempts = FollowUp.Status.REACHED, rng.choice([1, 1, 1, 2])
            contact.contacted_on = min(contact.due + datetime.timedelta(days=rng.randint(0, 18)), today)
            contact.contacted_by = person
            contact.channel = FollowUp.Channel.VISIT if rng.random() < 0.2 else FollowUp.Channel.PHONE
            for _months, kind, days, fields in news:
                on = max(contact.contacted_on - datetime.timedelta(days=days), caravan.end_date)
                outcome = Outcome(
                    project=project, follow_up=contact, kind=kind, on=on, recorded_by=person, **fields
                )
                outcomes.append(outcome)
                if kind == Outcome.Kind.FOUNDING_STEP:
                    step_dates[(project.pk, fields["step"])] = on
    FollowUp.objects.bulk_update(
        [contact for found in contacts.values() for contact in found],
        ["assigned_to", "status", "attempts", "contacted_on", "contacted_by", "channel"],
    )
    Outcome.objects.bulk_create(outcomes)
    _date_the_checklist(step_dates)
    return Counter(FollowUp.objects.filter(caravan=caravan).values_list("status", flat=True))


def _date_the_checklist(step_dates):
    """The founding checklist's steps dated as the follow-up heard of them (one story on every page)."""
    rows = FoundingStep.objects.filter(
        project_id__in={pk for pk, _step in step_dates}, step__in=FOLLOWED_STEPS
    )
    changed = []
    for row in rows:
        on = step_dates.get((row.project_id, row.step))
        if on is not None:
            row.on = on
            changed.append(row)
    FoundingStep.objects.bulk_update(changed, ["on"])
