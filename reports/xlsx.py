"""The report as a workbook: one sheet per part (registrations, participants, attendance, projects), each
breakdown a small table with its label in the chosen language, its key (the codes of the contract) and count."""

import datetime
import io
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .impact import BREAKDOWNS, SHORT, STEPS

BOLD = Font(bold=True)
DAY = "dd/mm/yyyy"  # day first in Excel whatever its locale, and still a date that sorts as one


def _clean(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # A label starting like a formula must stay text in Excel.
        return "'" + value if value[:1] in ("=", "+", "-", "@") else value
    return value


def _day(text):
    """An ISO date of the report (its JSON form) as a real date."""
    return datetime.date.fromisoformat(text) if text else text


def _append(sheet, values):
    """Append a row, its dates shown day first."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = DAY


def _table(sheet, title, items, language, extra=()):
    sheet.append([])
    sheet.append([_clean(str(title))])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append([_("Label"), _("Code"), _("Count"), *[str(header) for _key, header in extra]])
    for entry in items or []:
        label = entry["label_fr"] if language == "fr" else entry["label_ar"]
        extras = [_day(entry.get(key)) if key == "date" else entry.get(key) for key, _h in extra]
        _append(sheet, [_clean(label), _clean(str(entry["key"])), entry["count"], *extras])


def workbook_bytes(report, language):
    """The report's figures as XLSX bytes, headers and labels in `language`."""
    from .presentation import headlines

    with translation.override(language):
        book = Workbook()
        summary = book.active
        summary.title = _("Summary")[:31]
        caravan = report["caravan"]
        summary.sheet_view.rightToLeft = language == "ar"
        summary.append([_clean(caravan["title_fr" if language == "fr" else "title_ar"])])
        _append(summary, [caravan["slug"], _day(caravan["start_date"]), _day(caravan["end_date"])])
        for figure in headlines(report):
            summary.append([str(figure["label"]), figure["value"], "%" if figure["percent"] else ""])
        registrations, participants = report["registrations"], report["participants"]
        sheets = [
            (
                _("Registrations"),
                [
                    (_("Registrations by decision"), registrations["by_decision"], ()),
                    (_("Reasons given on registrations"), registrations["by_reason"], ()),
                ],
            ),
            (
                _("Participants"),
                [
                    (_("Participants by sex"), participants["by_sex"], ()),
                    (_("Participants by age on the first day"), participants["by_age_band"], ()),
                    (_("Participants by prefecture or province"), participants["by_province"], ()),
                    (_("Participants by profile"), participants["by_profile"], ()),
                    (_("Participants by sector"), participants["by_sector"], ()),
                ],
            ),
            (
                _("Attendance"),
                [
                    (_("People checked in, per day"), report["attendance"]["by_day"], ()),
                    (
                        _("People present, per session"),
                        report["attendance"]["by_session"],
                        (
                            ("date", _("Date")),
                            ("starts_at", _("Time")),
                            ("assigned", _("Assigned to the group")),
                        ),
                    ),
                ],
            ),
        ]
        invitations = report.get("invitations")
        if invitations and invitations["invited"]:
            sheets.append(
                (_("Invitations"), [(_("From the invitation to the caravan"), invitations["funnel"], ())])
            )
        projects = report.get("projects")
        if projects:
            sheets.append(
                (
                    _("Projects"),
                    [
                        (_("Projects by stage"), projects["by_stage"], ()),
                        (_("Projects by sector"), projects["by_sector"], ()),
                        (
                            _("Projects eligible for each support programme"),
                            projects.get("by_programme"),
                            (("missing", _("Missing a condition")),),
                        ),
                    ],
                )
            )
        for name, tables in sheets:
            sheet = book.create_sheet(str(name)[:31])
            sheet.sheet_view.rightToLeft = language == "ar"
            sheet.column_dimensions["A"].width = 60
            for title, items, extra in tables:
                _table(sheet, title, items, language, extra)
        if report.get("surveys"):
            _surveys(book.create_sheet(_("Surveys")[:31]), report["surveys"], language)
        if (report.get("impact") or {}).get("projects"):
            _outcomes(book.create_sheet(_("Outcomes")[:31]), report["impact"], language)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _surveys(sheet, surveys, language):
    """Knowledge before and after per topic, then the satisfaction ratings."""
    sheet.sheet_view.rightToLeft = language == "ar"
    sheet.column_dimensions["A"].width = 60
    suffix = "fr" if language == "fr" else "ar"
    knowledge = surveys.get("knowledge") or {}
    topics = [*knowledge.get("topics", []), *([knowledge["overall"]] if knowledge.get("overall") else [])]
    sheet.append([_("Knowledge before and after the training")])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append([_("Topic"), _("Before (%)"), _("After (%)"), _("Gain (points)"), _("People tested twice")])
    for topic in topics:
        label = topic.get(f"label_{suffix}") or _("All topics")
        sheet.append(
            [
                _clean(label),
                topic.get("mean_pre"),
                topic.get("mean_post"),
                topic.get("mean_gain"),
                topic.get("pairs"),
            ]
        )
    satisfaction = surveys.get("satisfaction") or {}
    sheet.append([])
    sheet.append([_("Satisfaction")])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.append([_("Rated"), _("Mean rating (out of 5)"), _("Ratings")])
    for session in satisfaction.get("sessions", []):
        sheet.append([_clean(session.get(f"title_{suffix}") or ""), session.get("mean"), session.get("n")])
    for trainer in satisfaction.get("trainers", []):
        sheet.append([_clean(trainer.get(f"name_{suffix}") or ""), trainer.get("mean"), trainer.get("n")])
    whole, every = satisfaction.get("caravan") or {}, satisfaction.get("all") or {}
    if whole.get("n"):
        sheet.append([_("The caravan as a whole"), whole.get("mean"), whole.get("n")])
    if every.get("n"):
        sheet.append([_("All ratings, each counted once"), every.get("mean"), every.get("n")])


def _outcomes(sheet, impact, language):
    """The funnel, its breakdowns by the holders (one column per step), then the amounts and costs (MAD)."""
    sheet.sheet_view.rightToLeft = language == "ar"
    sheet.column_dimensions["A"].width = 60
    _table(sheet, _("From the idea to the cooperative"), impact["funnel"], language)
    steps = [(key, SHORT[key]) for key, _attribute, _label in STEPS[1:]]
    for dimension, title, _header in BREAKDOWNS:
        items = [{**entry, **entry["steps"]} for entry in impact[f"by_{dimension}"]]
        _table(sheet, title, items, language, steps)
    sheet.append([])
    for label, key in (
        (_("Financing obtained, in all"), "financing_amount_mad"),
        (_("Jobs held by women"), "jobs_women"),
        (_("Jobs held by men"), "jobs_men"),
        (_("Jobs held by people under 35"), "jobs_under_35"),
        (_("Cost of the caravan"), "cost_mad"),
        (_("Cost per participant"), "cost_per_participant_mad"),
        (_("Cost per cooperative founded"), "cost_per_cooperative_founded_mad"),
        (_("Cost per project financed"), "cost_per_project_financed_mad"),
    ):
        value = impact[key]
        sheet.append([label, key, Decimal(value) if isinstance(value, str) else value])
    sheet.append([_("Cost basis"), "cost_basis", impact["cost_basis"]])
