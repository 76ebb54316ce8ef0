"""The results page of a caravan's surveys: knowledge gain per topic, satisfaction per session and trainer,
every question's counts and the free text, without the name of anyone."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from caravans.access import caravan_for
from core.i18n import active_language

from .results import caravan_results


def localise(data):
    """`data` with, next to every `x_ar` / `x_fr` pair, `x` in the active language (the other one if empty);
    and next to every 1–5 `distribution`, `shares`: each score's percent of the ratings."""
    first = active_language()
    other = "fr" if first == "ar" else "ar"
    if isinstance(data, list):
        return [localise(item) for item in data]
    if not isinstance(data, dict):
        return data
    out = {key: localise(value) for key, value in data.items()}
    for key in data:
        if key.endswith(f"_{first}") and f"{key[:-3]}_{other}" in data:
            out[key[:-3]] = data[key] or data[f"{key[:-3]}_{other}"]
    if "distribution" in data:
        total = sum(data["distribution"]) or 1
        out["shares"] = [
            (score, count, round(100 * count / total)) for score, count in enumerate(data["distribution"], 1)
        ]
    if "choices" in data:
        total = data.get("answered") or 1  # of the people who answered: several choices may be ticked
        for choice in out["choices"]:
            choice["share"] = round(100 * choice["count"] / total)
    return out


@require_safe
@login_required
def results(request, slug):
    caravan = caravan_for(request.user, slug, "survey.results")
    context = {"caravan": caravan, "results": localise(caravan_results(caravan))}
    return render(request, "surveys/staff/results.html", context)
