"""A programme's conditions and amounts in words, in Arabic or French (for pages, PDFs and the API alike)."""

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from core.i18n import active_language, amount

from . import reasons as text
from .reasons import Pair

if TYPE_CHECKING:
    from .models import SupportProgramme


# Values of the research file that it writes in one language only (it is copied unchanged, see data/README.md),
# in Arabic and French. Keyed by the value itself: a value a person edits is shown as typed.
IN_BOTH_LANGUAGES: dict[str, Pair] = {
    "undated (Plan Maroc Vert era)": (
        "غير مؤرخ (فترة مخطط المغرب الأخضر)",
        "non daté (époque du Plan Maroc Vert)",
    ),
    "2 % HT (urbain) ; 1,75 % HT (rural)": (
        "2% دون احتساب الرسوم في الوسط الحضري؛ 1,75% دون احتساب الرسوم في الوسط القروي",
        "2 % HT en milieu urbain ; 1,75 % HT en milieu rural",
    ),
}


def _pick(pair: Pair, language: str) -> str:
    return pair[0] if language == "ar" else pair[1]


def in_both_languages(value: str) -> Pair:
    """A value of the data in (Arabic, French): translated when the data gives one language only."""
    return IN_BOTH_LANGUAGES.get(value, (value, value))


def source_date(programme: "SupportProgramme", language: str | None = None) -> str:
    """When the newest source was published, as the data says it ("2024-10", or undated), else the day checked."""
    if not programme.sources_as_of:
        return text.day(programme.checked_on)
    return _pick(in_both_languages(programme.sources_as_of), language or active_language())


def conditions(programme: "SupportProgramme", language: str | None = None) -> list[str]:
    """Every condition of `programme` as a sentence, in `language` (the active one by default)."""
    language = language or active_language()
    p, lines = programme, []

    def add(template: Pair, value: Pair | None = None) -> None:
        sentence = _pick(template, language)
        lines.append(sentence.format(_pick(value, language)) if value else sentence)

    if p.applicant_forms:
        add(("مفتوح لـ: {}", "Ouvert aux : {}"), text.listed(p.applicant_forms, text.FORMS))
    if p.age_min is not None or p.age_max is not None:
        add(
            ("سن حامل(ة) المشروع: {}", "Âge du porteur ou de la porteuse : {}"),
            text.age_range(p.age_min, p.age_max),
        )
    if p.holder_sex:
        add(("البرنامج {}", "Programme {}"), text.SEXES[p.holder_sex])
    if p.cooperative_max_age_years is not None:
        add(
            ("تعاونية مؤسسة منذ أقل من {}", "Coopérative créée il y a moins de {}"),
            text.years(p.cooperative_max_age_years),
        )
    if p.requires_soulaliyate_member:
        add(("العضوية في جماعة سلالية", "Être membre d'une communauté soulaliyate"), None)
    if p.max_turnover_mad is not None:
        add(
            ("رقم معاملات سنوي لا يتجاوز {}", "Chiffre d'affaires annuel de {} au plus"),
            (amount(p.max_turnover_mad, "ar"), amount(p.max_turnover_mad, "fr")),
        )
    if p.sectors:
        add(("القطاعات: {}", "Secteurs : {}"), text.sectors_listed(p.sectors))
    else:
        add(("جميع القطاعات", "Tous les secteurs"), None)
    if p.excluded_sectors:
        add(("قطاعات مستثناة: {}", "Secteurs exclus : {}"), text.sectors_listed(p.excluded_sectors))
    if p.zone:
        add(("{} فقط", "En {} uniquement"), text.ZONES[p.zone])
    if p.regions:
        add(("الجهات: {}", "Régions : {}"), text.regions_listed(p.regions))
    else:
        add(("جميع الجهات", "Toutes les régions"), None)
    if p.min_project_cost_mad is not None or p.max_project_cost_mad is not None:
        add(
            ("كلفة المشروع {}", "Coût du projet {}"),
            text.cost_range(p.min_project_cost_mad, p.max_project_cost_mad),
        )
    if p.min_own_contribution_share is not None:
        add(
            ("مساهمة ذاتية لا تقل عن {} من الكلفة", "Apport personnel d'au moins {} du coût"),
            text.percent(p.min_own_contribution_share),
        )
    if p.stages:
        add(("مراحل المشروع: {}", "Étapes du projet : {}"), text.listed(p.stages, text.STAGES))
    local = [
        text.sentences("local_rule_note", subject=text.RULE_SUBJECTS[r["field"]], call=(r["ar"], r["fr"]))
        for r in p.local_rules
    ]
    return lines + [_pick(pair, language) for pair in local] + [c[language] for c in p.other_conditions]


def amounts(programme: "SupportProgramme", language: str | None = None) -> list[str]:
    """What the programme gives, in figures, as sentences."""
    language = language or active_language()
    p, lines = programme, []
    if p.max_grant_mad is not None:
        lines.append(
            _pick(("منحة تصل إلى {}", "Subvention jusqu'à {}"), language).format(
                amount(p.max_grant_mad, language)
            )
        )
    if p.max_share_of_investment is not None:
        share = _pick(text.percent(p.max_share_of_investment), language)
        lines.append(
            _pick(("في حدود {} من الاستثمار", "Dans la limite de {} de l'investissement"), language).format(
                share
            )
        )
    if p.max_loan_mad is not None:
        lines.append(
            _pick(("قرض يصل إلى {}", "Prêt jusqu'à {}"), language).format(amount(p.max_loan_mad, language))
        )
    if p.rate:
        rate = _pick(in_both_languages(p.rate), language)
        lines.append(_pick(("سعر الفائدة: {}", "Taux : {}"), language).format(rate))
    if p.repayment_years is not None:
        years = _pick(text.years(p.repayment_years), language)
        lines.append(_pick(("مدة السداد: {}", "Remboursement sur {}"), language).format(years))
    if p.grace_years is not None:
        years = _pick(text.years(p.grace_years), language)
        lines.append(_pick(("فترة إمهال: {}", "Différé de {}"), language).format(years))
    note = getattr(p, f"amounts_note_{language}")  # never the other language's note
    return lines + ([note] if note else [])


def documents(programme: "SupportProgramme", language: str | None = None) -> list[str]:
    language = language or active_language()
    return [d[language] for d in programme.documents]


def sources(programme: "SupportProgramme") -> list[dict[str, str]]:
    """Each source as a link named by its site (`lematin.ma`), which says more to a reader than a key."""
    links = []
    for source in programme.sources:
        url = source.get("url", "")
        site = urlsplit(url).hostname or ""
        links.append({"label": site.removeprefix("www.") or source.get("key", ""), "url": url})
    return links
