"""Figures the report reads from the surveys and projects apps."""

from django.db.models import Count

from programmes.matching import match_all
from programmes.models import SupportProgramme
from projects.matching import facts_for
from projects.models import Project
from surveys.results import caravan_results

from . import breakdowns as b


def survey_results(caravan):
    """The caravan's survey figures as the surveys app computes them, or None: respondents, knowledge gain per
    topic and satisfaction ratings. Not the answers question by question (the survey results page has them),
    nor the free texts: the report holds counts and means only."""
    results = caravan_results(caravan)
    if not any(results.get("respondents", {}).values()):
        return None
    keys = ("respondents", "anonymous", "knowledge", "satisfaction")
    return {key: results[key] for key in keys if key in results}


def project_figures(caravan):
    """Projects worked on in the caravan by stage and by sector, and how many match each programme."""
    projects = Project.objects.filter(caravans=caravan)
    stage_field = Project._meta.get_field("stage")
    by_stage = dict(projects.values_list("stage").annotate(n=Count("id", distinct=True)).order_by())
    by_sector = dict(projects.values_list("sector").annotate(n=Count("id", distinct=True)).order_by())
    return {
        "total": projects.count(),  # one caravan: each project joins it once
        "by_stage": b.choice_items(by_stage, stage_field.choices or []),
        "by_sector": b.sector_items(by_sector),
        "by_programme": programme_matches(projects),
    }


def programme_matches(projects):
    """[{key: programme, count: eligible projects, missing: projects that lack something}] for every current
    programme, best fits first."""
    if not projects.exists():
        return []
    programmes = list(SupportProgramme.objects.current())
    tally = {p.key: {**b.item(p.key, 0, p.name_ar, p.name_fr), "missing": 0} for p in programmes}
    owners = ("holder__province__region", "holder__commune", "cooperative__province__region")
    for project in projects.select_related(*owners).prefetch_related("founding_steps"):
        for programme, match in match_all(facts_for(project), programmes):
            if match.status == "eligible":
                tally[programme.key]["count"] += 1
            elif match.status == "missing":
                tally[programme.key]["missing"] += 1
    found = [entry for entry in tally.values() if entry["count"] or entry["missing"]]
    return sorted(found, key=lambda entry: (-entry["count"], -entry["missing"], entry["key"]))
