"""The sentences of matching reasons, in Arabic and French at once, with their figures.

Kept as data rather than gettext because the API gives both languages together, whatever language is active,
and must do so before and independently of the compiled catalogues (as registration/reasons.py does).
"""

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from core.i18n import amount
from core.sectors import sector_label

PLACES_DATA = Path(__file__).resolve().parents[1] / "places" / "data" / "regions.yaml"
NBSP = "\u00a0"

Pair = tuple[str, str]  # (Arabic, French)

# code: (Arabic, French); placeholders are filled by `sentences`.
MESSAGES = {
    "programme_ended": ("انتهى هذا البرنامج.", "Ce programme est terminé."),
    "programme_status_unclear": (
        "استمرار البرنامج غير مؤكد (أحدث مصدر: {as_of}): يجب التحقق لدى الجهة المشرفة قبل إيداع الطلب.",
        "La poursuite du programme n'est pas confirmée (source la plus récente : {as_of}) : vérifier auprès "
        "de l'opérateur avant de déposer une demande.",
    ),
    "applicant_form_unknown": (
        "لم يحدد بعد من سيودع الطلب؛ البرنامج مفتوح لـ: {forms}.",
        "On ne sait pas encore qui déposera la demande ; le programme est ouvert aux : {forms}.",
    ),
    "found_cooperative_first": (
        "البرنامج موجه إلى التعاونيات: يجب تأسيس التعاونية أولا.",
        "Le programme s'adresse aux coopératives : il faut d'abord fonder la coopérative.",
    ),
    "change_legal_form_first": (
        "البرنامج مفتوح لـ: {forms}؛ يجب إحداث أحد هذه الأشكال القانونية أولا.",
        "Le programme est ouvert aux : {forms} ; il faut d'abord créer l'une de ces formes juridiques.",
    ),
    "applicant_form_not_accepted": (
        "البرنامج مفتوح لـ: {forms}، وليس لـ: {form}.",
        "Le programme est ouvert aux : {forms}, pas aux : {form}.",
    ),
    "birth_date_unknown": (
        "تاريخ ازدياد حامل(ة) المشروع غير مسجل، والبرنامج يشترط سنا {range}.",
        "La date de naissance du porteur ou de la porteuse manque ; le programme demande un âge {range}.",
    ),
    "under_age": (
        "سن حامل(ة) المشروع {age} بتاريخ {date}، والبرنامج يشترط سنا {range}.",
        "Le porteur ou la porteuse a {age} au {date} ; le programme demande un âge {range}.",
    ),
    "over_age": (
        "سن حامل(ة) المشروع {age} بتاريخ {date}، والبرنامج يشترط سنا {range}.",
        "Le porteur ou la porteuse a {age} au {date} ; le programme demande un âge {range}.",
    ),
    "apply_as_cooperative": (
        "سن حامل(ة) المشروع {age} بتاريخ {date}، والبرنامج يشترط في الأشخاص سنا {range}؛ يبقى الترشح ممكنا "
        "عبر تعاونية: يجب تأسيسها أولا.",
        "Le porteur ou la porteuse a {age} au {date} ; le programme demande aux personnes un âge {range} ; "
        "la voie d'une coopérative reste ouverte : il faut d'abord la fonder.",
    ),
    "sex_unknown": (
        "جنس حامل(ة) المشروع غير مسجل، والبرنامج {sex}.",
        "Le sexe du porteur ou de la porteuse n'est pas indiqué ; le programme est {sex}.",
    ),
    "sex_not_accepted": ("البرنامج {sex}.", "Le programme est {sex}."),
    "cooperative_date_unknown": (
        "تاريخ تأسيس التعاونية غير مسجل، والبرنامج لا يقبل إلا التعاونيات المؤسسة منذ أقل من {limit}.",
        "La date de création de la coopérative manque ; le programme ne prend que les coopératives créées "
        "il y a moins de {limit}.",
    ),
    "cooperative_too_old": (
        "أسست التعاونية منذ {age} ({date})، والبرنامج لا يقبل إلا التعاونيات المؤسسة منذ أقل من {limit}.",
        "Coopérative créée il y a {age} ({date}) ; le programme ne prend que les coopératives créées il y a "
        "moins de {limit}.",
    ),
    "membership_unknown": (
        "لم يثبت بعد انتماء حامل(ة) المشروع إلى جماعة سلالية، والبرنامج يشترطه.",
        "L'appartenance à une communauté soulaliyate n'est pas encore établie ; le programme l'exige.",
    ),
    "not_community_member": (
        "البرنامج مخصص لأعضاء الجماعات السلالية.",
        "Le programme est réservé aux membres d'une communauté soulaliyate.",
    ),
    "turnover_unknown": (
        "رقم المعاملات السنوي غير معروف، وسقف البرنامج {max}.",
        "Chiffre d'affaires annuel inconnu ; le plafond du programme est de {max}.",
    ),
    "turnover_too_high": (
        "رقم المعاملات السنوي ({value}) يتجاوز سقف البرنامج ({max}).",
        "Le chiffre d'affaires annuel ({value}) dépasse le plafond du programme ({max}).",
    ),
    "sector_unknown": (
        "قطاع المشروع غير محدد؛ البرنامج يشمل: {sectors}.",
        "Secteur du projet non précisé ; le programme couvre : {sectors}.",
    ),
    "sector_not_covered": (
        "قطاع «{sector}» غير مشمول بالبرنامج، الذي يشمل: {sectors}.",
        "Le secteur « {sector} » n'est pas couvert ; le programme couvre : {sectors}.",
    ),
    "sector_excluded": (
        "قطاع «{sector}» مستثنى من البرنامج.",
        "Le secteur « {sector} » est exclu du programme.",
    ),
    "regulated_sector_unconfirmed": (
        "القنب الهندي المشروع نشاط مقنن (القانون رقم 13.21 ورخصة الوكالة الوطنية لتقنين الأنشطة المتعلقة "
        "بالقنب الهندي): يجب التأكد لدى الجهة المشرفة من أن البرنامج يموله.",
        "Le cannabis licite est une activité réglementée (loi n° 13-21, autorisation de l'ANRAC) : vérifier "
        "auprès de l'opérateur que le programme la finance.",
    ),
    "zone_unknown": (
        "لا يعرف بعد هل يقع المشروع في الوسط القروي أم الحضري، والبرنامج يخص {required}.",
        "On ne sait pas si le projet est en milieu rural ou urbain ; le programme concerne {required}.",
    ),
    "outside_zone": (
        "يقع المشروع في {zone}، والبرنامج لا يخص إلا {required}.",
        "Le projet est en {zone} ; le programme ne concerne que {required}.",
    ),
    "region_unknown": (
        "جهة المشروع غير محددة؛ البرنامج يخص: {regions}.",
        "Région du projet non précisée ; le programme concerne : {regions}.",
    ),
    "outside_region": (
        "يقع المشروع في جهة {region}، والبرنامج لا يخص إلا: {regions}.",
        "Le projet est dans la région {region} ; le programme ne concerne que : {regions}.",
    ),
    "project_cost_unknown": (
        "كلفة المشروع لم تحسب بعد، والبرنامج يشترط كلفة {range}.",
        "Le coût du projet n'est pas encore calculé ; le programme demande un coût {range}.",
    ),
    "project_cost_too_low": (
        "كلفة المشروع {cost}، والبرنامج يشترط كلفة {range}.",
        "Le projet coûte {cost} ; le programme demande un coût {range}.",
    ),
    "project_cost_too_high": (
        "كلفة المشروع {cost}، والبرنامج يشترط كلفة {range}.",
        "Le projet coûte {cost} ; le programme demande un coût {range}.",
    ),
    "own_contribution_unknown": (
        "المساهمة الذاتية أو كلفة المشروع غير معروفة، والبرنامج يشترط مساهمة ذاتية لا تقل عن {share} من الكلفة.",
        "L'apport personnel ou le coût du projet est inconnu ; le programme demande un apport d'au moins "
        "{share} du coût.",
    ),
    "raise_contribution": (
        "المساهمة الذاتية {own} ({current} من الكلفة)، والبرنامج يشترط {share} على الأقل: يجب رفعها "
        "بمبلغ {gap}.",
        "Apport personnel de {own} ({current} du coût) ; le programme demande au moins {share} : "
        "l'augmenter de {gap}.",
    ),
    "stage_unknown": (
        "مرحلة المشروع غير محددة؛ البرنامج يخص: {stages}.",
        "Étape du projet non précisée ; le programme concerne : {stages}.",
    ),
    "stage_not_reached": (
        "المشروع في مرحلة «{stage}»، والبرنامج يخص: {stages}؛ يجب التقدم بالمشروع أولا.",
        "Le projet est à l'étape « {stage} » ; le programme concerne : {stages} ; il faut d'abord faire "
        "avancer le projet.",
    ),
    "stage_passed": (
        "المشروع في مرحلة «{stage}»، والبرنامج لا يخص إلا: {stages}.",
        "Le projet est à l'étape « {stage} » ; le programme ne concerne que : {stages}.",
    ),
    "condition_unconfirmed": ("شرط يجب التحقق منه: {text}", "Condition à vérifier : {text}"),
    "local_rule_note": (
        "يجب التحقق: شرط {subject} مأخوذ من {call} وحده، وقد يختلف في إقليم المشروع.",
        "À vérifier : la condition sur {subject} vient de {call} seulement et peut différer dans la province du "
        "projet.",
    ),
    "local_rule_to_check": (
        "قاعدة يجب التحقق منها: مأخوذة من {call} وحده، وقد تختلف في إقليم المشروع؛ يجب الاطلاع على طلب "
        "المشاريع المحلي لدى الجهة المشرفة. {text}",
        "Règle à vérifier : lue dans {call} seulement, elle peut différer dans la province du projet ; consulter "
        "l'appel local auprès de l'opérateur. {text}",
    ),
}

# What a local rule is about (SupportProgramme.local_rules), for the programme's page.
RULE_SUBJECTS = {
    "min_own_contribution_share": ("المساهمة الذاتية", "l'apport personnel"),
    "min_project_cost_mad": ("كلفة المشروع", "le coût du projet"),
    "max_project_cost_mad": ("كلفة المشروع", "le coût du projet"),
    "age_min": ("السن", "l'âge"),
    "age_max": ("السن", "l'âge"),
    "sectors": ("القطاعات", "les secteurs"),
    "stages": ("مراحل المشروع", "les étapes du projet"),
}

FORMS = {
    "cooperative": ("التعاونيات", "coopératives"),
    "union_of_cooperatives": ("اتحادات التعاونيات", "unions de coopératives"),
    "gie": ("مجموعات النفع الاقتصادي", "groupements d'intérêt économique"),
    "association": ("الجمعيات", "associations"),
    "individual_project_holder": ("حاملي وحاملات المشاريع", "porteurs et porteuses de projet"),
    "auto_entrepreneur": ("المقاولين الذاتيين", "auto-entrepreneurs"),
    "tpe": ("المقاولات الصغيرة جدا", "très petites entreprises"),
    "farmer": ("الفلاحين والفلاحات", "agriculteurs et agricultrices"),
    "startup": ("المقاولات الناشئة", "start-up"),
    "soulaliyate_right_holder": ("ذوي وذوات الحقوق السلاليين", "ayants droit soulaliyates"),
}
STAGES = {
    "idea": ("فكرة", "idée"),
    "structured": ("مشروع مهيكل", "projet structuré"),
    "founding": ("تأسيس التعاونية", "coopérative en création"),
    "seeking_funding": ("البحث عن التمويل", "recherche de financement"),
    "funded": ("مشروع ممول", "projet financé"),
    "operating": ("في حالة نشاط", "en activité"),
    "stopped": ("متوقف", "arrêté"),
}
ZONES = {"rural": ("الوسط القروي", "milieu rural"), "urban": ("الوسط الحضري", "milieu urbain")}
SEXES = {
    "female": ("مخصص للنساء فقط", "réservé aux femmes"),
    "male": ("مخصص للرجال فقط", "réservé aux hommes"),
}


def sentences(code: str, **figures: object) -> Pair:
    """The Arabic and French sentences of `code`; each figure is a value or an (Arabic, French) pair."""
    ar, fr = MESSAGES[code]
    ar_values = {k: v[0] if isinstance(v, tuple) else v for k, v in figures.items()}
    fr_values = {k: v[1] if isinstance(v, tuple) else v for k, v in figures.items()}
    return ar.format(**ar_values), fr.format(**fr_values)


def listed(keys: Sequence[str], table: Mapping[str, Pair]) -> Pair:
    """An (Arabic, French) pair listing several labels from `table`."""
    pairs = [table.get(k, (k, k)) for k in keys]
    return "، ".join(p[0] for p in pairs), ", ".join(p[1] for p in pairs)


def sectors_listed(keys: Sequence[str]) -> Pair:
    return "، ".join(sector_label(k, "ar") for k in keys), ", ".join(sector_label(k, "fr") for k in keys)


def sector_named(key: str) -> Pair:
    return sector_label(key, "ar"), sector_label(key, "fr")


@cache
def _region_names() -> dict[str, Pair]:
    data = yaml.safe_load(PLACES_DATA.read_text(encoding="utf-8"))
    return {r["code"]: (r["name_ar"], r["name_fr"]) for r in data["regions"]}


def regions_listed(codes: Sequence[str]) -> Pair:
    return listed(codes, _region_names())


def region_named(code: str) -> Pair:
    return _region_names().get(code, (code, code))


def years(n: int) -> Pair:
    """'3 سنوات' / '3 ans', with the Arabic number agreement."""
    if n == 0:
        return "أقل من سنة", "moins d'un an"
    if n == 1:
        return "سنة واحدة", "1 an"
    if n == 2:
        return "سنتين", "2 ans"
    return (f"{n} سنوات" if 3 <= n <= 10 else f"{n} سنة"), f"{n} ans"


def mad(value: Decimal | int) -> Pair:
    """300000 → ('300 000 درهم', '300 000 MAD'): whole dirhams, written as every amount is (`core.i18n.amount`)."""
    return amount(value, "ar"), amount(value, "fr")


def percent(share: Decimal) -> Pair:
    # A decimal comma in both languages, as every other figure (`projects.finance.plan.money`): "33,3 %".
    value = f"{(Decimal(share) * 100).quantize(Decimal('0.1')).normalize():f}".replace(".", ",")
    return f"{value}%", f"{value}{NBSP}%"


def day(date: datetime.date) -> str:
    return date.strftime("%d/%m/%Y")


def age_range(low: int | None, high: int | None) -> Pair:
    if low is not None and high is not None:
        return f"بين {low} و{high} سنة", f"entre {low} et {high} ans"
    if low is not None:
        return f"لا يقل عن {low} سنة", f"d'au moins {low} ans"
    return f"لا يتجاوز {high} سنة", f"de {high} ans au plus"


def cost_range(low: Decimal | None, high: Decimal | None) -> Pair:
    if low is not None and high is not None:
        return f"بين {mad(low)[0]} و{mad(high)[0]}", f"entre {mad(low)[1]} et {mad(high)[1]}"
    if low is not None:
        return f"لا تقل عن {mad(low)[0]}", f"d'au moins {mad(low)[1]}"
    assert high is not None, "a cost range needs a bound"  # callers check that the programme sets one
    return f"لا تتجاوز {mad(high)[0]}", f"d'au plus {mad(high)[1]}"
