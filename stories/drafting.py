"""A new story's first draft, written from where the project stands (projects.followup.state, the one definition
the report counts with): the idea it came with to the caravan, then what its outcomes say, with the figures."""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.i18n import amount
from programmes.models import SupportProgramme
from projects.followup.models import Outcome
from projects.followup.state import standing
from registration.models import Registration


def idea_at(caravan, project):
    """The idea as the holder wrote it when registering for `caravan`, else the project's title."""
    idea = (
        Registration.objects.filter(caravan=caravan, person_id=project.holder_id)
        .exclude(project_idea="")
        .values_list("project_idea", flat=True)
        .first()
    )
    return (idea or project.title).strip()


def _programmes(state):
    obtained = [
        pk for pk, (status, _amount, _on) in state.financing.items() if status == Outcome.Financing.OBTAINED
    ]
    return [str(programme.name) for programme in SupportProgramme.objects.filter(pk__in=obtained)]


def _day(value):
    return date_format(value, "j F Y")


def _facts(state, language):
    """(sentences, figure lines) of what the outcomes say, in the active language."""
    after, figures = [], []
    if state.cooperative_founded:
        founded = {"date": _day(state.founded_on)}
        after.append(_("The cooperative was registered at the court on %(date)s.") % founded)
        figures.append(_("Cooperative founded: %(date)s") % founded)
    if state.financing_obtained:
        money = amount(state.financing_amount_mad, language)
        programmes = ", ".join(_programmes(state))
        after.append(
            _("Financing obtained: %(amount)s (%(programmes)s).")
            % {"amount": money, "programmes": programmes}
        )
        figures.append(_("Financing obtained: %(amount)s") % {"amount": money})
    if state.jobs:
        jobs = {"jobs": state.jobs, "women": state.jobs_women, "young": state.jobs_under_35}
        after.append(_("Jobs today: %(jobs)s, of which held by women: %(women)s.") % jobs)
        figures.append(_("Jobs: %(jobs)s (women: %(women)s, under 35: %(young)s)") % jobs)
    if state.first_sale_on:
        after.append(_("First sales on %(date)s.") % {"date": _day(state.first_sale_on)})
        figures.append(_("First sales: %(date)s") % {"date": _day(state.first_sale_on)})
    if state.active_after_12_months:
        after.append(_("Still active twelve months after the caravan."))
    return after, figures


def outcome_texts(caravan, project):
    """{after_ar, after_fr, figures_ar, figures_fr}: what the project's outcomes say, "" when they say nothing."""
    state = standing(caravan, project)
    fields = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            after, figures = _facts(state, language)
        fields[f"after_{language}"], fields[f"figures_{language}"] = " ".join(after), "\n".join(figures)
    return fields


def first_draft(caravan, project):
    """The fields of a new story of `project` after `caravan`, in Arabic and French."""
    idea = idea_at(caravan, project)
    fields = {"title_ar": project.title, "title_fr": "", **outcome_texts(caravan, project)}
    for language in ("ar", "fr"):
        with translation.override(language):
            fields[f"before_{language}"] = _("The idea at the caravan (%(caravan)s, %(month)s): %(idea)s") % {
                "caravan": caravan.title,
                "month": date_format(caravan.start_date, "F Y"),
                "idea": idea,
            }
    return fields
