"""The report's dict laid out as titled charts, in one order, for the page and the PDF alike."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import charts

# (key, label, the people behind it: dimension and key of indicators.people)
HEADLINES = [
    ("registrations", _("Registrations"), ("all", "")),
    ("participants", _("Participants (accepted)"), ("participants", "")),
    ("attended", _("Came at least one day"), ("attended", "")),
    ("women_share", _("Women"), ("sex", "female")),
    ("young_share", _("Young people (under 35)"), ("young", "")),
]


def _whole_percent(count, total):
    return round(100 * count / total) if total else 0


def headlines(report, link=None):
    """[{"label", "value", "percent", "href"}] of the figures shown first (href None without `link`)."""
    participants = report["participants"]
    values = {
        "registrations": report["registrations"]["total"],
        "participants": participants["total"],
        "attended": report["attendance"]["attended"],
        # Whole percents from the counts, as the charts write the same figures ("59,5 %" beside "60 %" reads as two).
        "women_share": _whole_percent(participants["women"], participants["total"]),
        "young_share": _whole_percent(participants["young"], participants["total"]),
    }
    return [
        {
            "label": label,
            "value": values[key],
            "percent": key.endswith("_share"),
            "href": link(dimension)({"key": people_key}) if link else None,
        }
        for key, label, (dimension, people_key) in HEADLINES
    ]


def sections(report, *, language, link=None):
    """[{"title", "chart"}] in reading order; `link(dimension)` gives the `href(entry)` of each chart's figures
    (None: plain numbers, as in the PDF)."""

    def href(dimension):
        return link(dimension) if link else None

    registrations, participants = report["registrations"], report["participants"]
    attendance = report["attendance"]
    total = participants["total"]
    found = [
        (
            _("Registrations by decision"),
            charts.donut(registrations["by_decision"], language=language, href=href("decision")),
        ),
        (
            _("Reasons given on registrations"),
            charts.bars(
                registrations["by_reason"],
                language=language,
                href=href("reason"),
                total=registrations["total"],
            ),
        ),
        (_("Participants by sex"), charts.donut(participants["by_sex"], language=language, href=href("sex"))),
        (
            _("Participants by age on the first day"),
            charts.bars(participants["by_age_band"], language=language, href=href("age_band")),
        ),
        (
            _("Participants by prefecture or province"),
            charts.bars(participants["by_province"], language=language, href=href("province")),
        ),
        (
            _("Participants by profile"),
            charts.donut(participants["by_profile"], language=language, href=href("profile")),
        ),
        (
            _("Participants by sector"),
            charts.bars(participants["by_sector"], language=language, href=href("sector")),
        ),
        (
            _("People checked in, per day"),
            charts.bars(attendance["by_day"], language=language, href=href("day"), total=total),
        ),
        (
            _("People present, per session"),
            charts.bars(attendance["by_session"], language=language, href=href("session"), total=total),
        ),
    ]
    found[2:2] = invitation_sections(report.get("invitations"), language)
    projects = report.get("projects")
    if projects:
        found += [
            (_("Projects by stage"), charts.bars(projects["by_stage"], language=language)),
            (_("Projects by sector"), charts.bars(projects["by_sector"], language=language)),
        ]
        if projects.get("by_programme"):
            eligible = [entry for entry in projects["by_programme"] if entry["count"]]
            # A programme none fits yet is still worth showing: how many are one step away from it.
            one_step = [
                {**entry, "count": entry["missing"]} for entry in projects["by_programme"] if entry["missing"]
            ]
            found.append(
                (
                    _("Projects eligible for each support programme"),
                    charts.bars(eligible, language=language, total=projects["total"]),
                )
            )
            found.append(
                (
                    _("Projects that could apply once something is done"),
                    charts.bars(
                        sorted(one_step, key=lambda entry: -entry["count"]),
                        language=language,
                        total=projects["total"],
                    ),
                )
            )
    found += survey_sections(report.get("surveys"), language)
    return [{"title": title, "chart": chart, "empty": not chart} for title, chart in found]


def invitation_sections(invitations, language):
    """The invitations' funnel, each step's share of those invited; nothing when nobody was invited."""
    if not invitations or not invitations["invited"]:
        return []
    invited = invitations["invited"]
    caption = ngettext(
        "Of the %(count)d person invited by SMS", "Of the %(count)d people invited by SMS", invited
    ) % {"count": invited}
    chart = charts.bars(invitations["funnel"], language=language, caption=caption, total=invited)
    return [(_("From the invitation to the caravan"), chart)]


def survey_sections(surveys, language):
    """Knowledge gain per topic and satisfaction ratings, as tables; nothing when no survey was answered."""
    if not surveys:
        return []
    found = []

    def label(entry, key="label"):
        return entry.get(f"{key}_fr" if language == "fr" else f"{key}_ar") or ""

    respondents = surveys.get("respondents", {})
    knowledge = surveys.get("knowledge") or {}
    topics = [*knowledge.get("topics", []), *([knowledge["overall"]] if knowledge.get("overall") else [])]
    rows = [
        (
            label(t) or _("All topics"),
            t.get("mean_pre"),
            t.get("mean_post"),
            t.get("mean_gain"),
            t.get("pairs"),
        )
        for t in topics
    ]
    if rows:
        headers = [_("Topic"), _("Before (%)"), _("After (%)"), _("Gain (points)"), _("People tested twice")]
        found.append((_("Knowledge before and after the training"), charts.table(headers, rows)))
    satisfaction = surveys.get("satisfaction") or {}
    rated = [(label(s, "title"), s.get("mean"), s.get("n")) for s in satisfaction.get("sessions", [])]
    rated += [(label(t, "name"), t.get("mean"), t.get("n")) for t in satisfaction.get("trainers", [])]
    whole, every = satisfaction.get("caravan") or {}, satisfaction.get("all") or {}
    if whole.get("n"):
        rated.append((_("The caravan as a whole"), whole.get("mean"), whole.get("n")))
    if every.get("n"):  # a trainer's rating in a session is in both rows above, once here
        rated.append((_("All ratings, each counted once"), every.get("mean"), every.get("n")))
    if rated:
        headers = [_("Rated"), _("Mean rating (out of 5)"), _("Ratings")]
        found.append((_("Satisfaction"), charts.table(headers, rated)))
    if respondents:
        anonymous = surveys.get("anonymous") or {}
        counts = [
            (label, respondents.get(kind, 0), anonymous.get(kind, 0))
            for kind, label in (
                ("knowledge_pre", _("Knowledge test before")),
                ("knowledge_post", _("Knowledge test after")),
                ("satisfaction", _("Satisfaction survey")),
            )
        ]
        headers = [_("Survey"), _("People"), _("Of whom on a sheet without a name")]
        found.insert(0, (_("People who answered the surveys"), charts.table(headers, counts)))
    return found
