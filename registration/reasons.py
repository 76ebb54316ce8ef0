"""Reason codes: why a row was refused, why a registration is ineligible, waitlisted or waits for a review.

The codes are a contract (shared/contract/README.md): exports, the import report and the API carry them
unchanged. Each code has its Arabic and French sentence here, as data, because the import report and the API
give both languages at once (`message_ar`, `message_fr`), whatever language is active, and must do so before
and independently of the compiled .po catalogues. `summary` is English for developers and the API docs.
"""

from collections.abc import Iterable
from typing import Final, Literal, NamedTuple

from core.i18n import active_language

# What a reason does to a row or a registration.
INVALID: Final = "invalid"  # the row cannot be read: nothing is created
INELIGIBLE: Final = "ineligible"
NEEDS_REVIEW: Final = "needs_review"  # may register, cannot be accepted before a staff member reviews it
WAITLISTED: Final = "waitlisted"
DUPLICATE: Final = "duplicate"  # the same person is already there: nothing new is created
Effect = Literal["invalid", "ineligible", "needs_review", "waitlisted", "duplicate"]


class Reason(NamedTuple):
    code: str
    effect: Effect
    summary: str
    ar: str
    fr: str


REASONS = {
    r.code: r
    for r in [
        # Reading a row
        Reason(
            "missing_name",
            INVALID,
            "Neither the Arabic nor the Latin full name is given.",
            "الاسم الكامل غير مذكور، لا بالعربية ولا بالحروف اللاتينية.",
            "Le nom complet manque, en arabe comme en caractères latins.",
        ),
        Reason(
            "invalid_cin",
            INVALID,
            "The CIN is not one or two Latin letters followed by digits.",
            "رقم البطاقة الوطنية غير صحيح: يتكون من حرف أو حرفين لاتينيين متبوعين بأرقام (مثال: AB123456).",
            "Le numéro de CIN n'est pas valable : une ou deux lettres latines suivies de chiffres sont "
            "attendues (ex. AB123456).",
        ),
        Reason(
            "invalid_phone",
            INVALID,
            "The phone number is not a usable Moroccan (or international) number.",
            "رقم الهاتف غير صحيح: المطلوب رقم مغربي من 10 أرقام (مثال: 0612345678).",
            "Le numéro de téléphone n'est pas valable : un numéro marocain à 10 chiffres est attendu "
            "(ex. 06 12 34 56 78).",
        ),
        Reason(
            "invalid_date",
            INVALID,
            "A date cannot be read or does not exist.",
            "تاريخ غير صحيح أو غير مقروء: يكتب على شكل يوم/شهر/سنة (مثال: 12/03/1990) أو السنة وحدها.",
            "Date invalide ou illisible : écrire jour/mois/année (ex. 12/03/1990) ou l'année seule.",
        ),
        Reason(
            "unknown_province",
            INVALID,
            "The prefecture or province is not one we know.",
            "العمالة أو الإقليم غير معروف: يرجى كتابة الاسم الرسمي.",
            "Préfecture ou province inconnue : indiquer son nom officiel.",
        ),
        Reason(
            "unknown_profile",
            INVALID,
            "The profile is neither cooperative member nor project holder.",
            "الصفة غير محددة: عضو(ة) في تعاونية أو حامل(ة) مشروع.",
            "Profil non reconnu : membre de coopérative ou porteur (porteuse) de projet.",
        ),
        # Eligibility
        Reason(
            "outside_region",
            INELIGIBLE,
            "The province is outside the caravan's region(s).",
            "العمالة أو الإقليم خارج الجهة المستهدفة بهذه القافلة.",
            "La préfecture ou province est en dehors de la région visée par cette caravane.",
        ),
        Reason(
            "cooperative_too_old",
            INELIGIBLE,
            "The cooperative reached the caravan's age limit on or before its first day.",
            "التعاونية أقدم من المدة المسموح بها في هذه القافلة عند يومها الأول.",
            "La coopérative dépasse l'ancienneté maximale admise par cette caravane à son premier jour.",
        ),
        Reason(
            "missing_cooperative_date",
            NEEDS_REVIEW,
            "The cooperative's founding date is missing or too vague to apply the age limit.",
            "تاريخ تأسيس التعاونية غير مذكور أو غير دقيق بما يكفي للتحقق من أقدميتها.",
            "Date de création de la coopérative manquante ou trop imprécise pour vérifier son ancienneté.",
        ),
        Reason(
            "not_community_member",
            INELIGIBLE,
            "No soulaliyate community is given.",
            "لم تذكر الجماعة السلالية المنتمى إليها.",
            "Aucune communauté soulaliyate d'appartenance n'est indiquée.",
        ),
        Reason(
            "membership_unverified",
            NEEDS_REVIEW,
            "The person was not found on the community's members' list.",
            "الانتماء إلى الجماعة السلالية لم يتم التحقق منه بعد: الاسم غير موجود في لائحة الأعضاء.",
            "Appartenance à la communauté soulaliyate non vérifiée : le nom ne figure pas sur la liste "
            "des membres.",
        ),
        Reason(
            "no_project_idea",
            INELIGIBLE,
            "A project holder gave no project idea.",
            "حامل(ة) مشروع دون ذكر فكرة المشروع.",
            "Porteur (porteuse) de projet sans idée de projet indiquée.",
        ),
        Reason(
            "under_age",
            INELIGIBLE,
            "Younger than the minimum age (18) on the caravan's first day.",
            "السن أقل من السن الأدنى المطلوب (18 سنة) في اليوم الأول للقافلة.",
            "Âge inférieur à l'âge minimum requis (18 ans) le premier jour de la caravane.",
        ),
        Reason(
            "missing_cin",
            NEEDS_REVIEW,
            "No CIN: may register, cannot be accepted before review.",
            "رقم البطاقة الوطنية غير مذكور: يمكن التسجيل، لكن لا يقبل الطلب إلا بعد المراجعة.",
            "Numéro de CIN manquant : l'inscription est possible, mais ne peut être acceptée qu'après "
            "vérification.",
        ),
        Reason(
            "cin_unusual",
            NEEDS_REVIEW,
            "The CIN is plausible but not of the usual shape: reviewed before acceptance.",
            "رقم البطاقة الوطنية بشكل غير مألوف: يجب التحقق منه قبل القبول.",
            "Numéro de CIN de forme inhabituelle : à vérifier avant acceptation.",
        ),
        Reason(
            "capacity_full",
            WAITLISTED,
            "Eligible, but every place is taken: on the waiting list.",
            "الطلب مستوف للشروط، لكن المقاعد ممتلئة: تم التسجيل في لائحة الانتظار.",
            "Candidature recevable, mais toutes les places sont prises : inscription sur la liste d'attente.",
        ),
        # Eligibility, added to the contract's list by this module (see eligibility.py)
        Reason(
            "missing_province",
            NEEDS_REVIEW,
            "No prefecture or province given: the region cannot be checked.",
            "العمالة أو الإقليم غير مذكور: لا يمكن التحقق من الجهة.",
            "Préfecture ou province non indiquée : la région ne peut pas être vérifiée.",
        ),
        Reason(
            "age_unverified",
            NEEDS_REVIEW,
            "No birth date, or a birth year alone in which the person may or may not reach the minimum age.",
            "لا يمكن التحقق من السن: تاريخ الازدياد غير مذكور، أو ذكرت سنة الازدياد وحدها ولا تكفي للبت.",
            "Âge impossible à vérifier : date de naissance manquante, ou année seule qui ne suffit pas "
            "pour trancher.",
        ),
        Reason(
            "reserved_for_women",
            INELIGIBLE,
            "The caravan is for women only.",
            "هذه القافلة مخصصة للنساء.",
            "Cette caravane est réservée aux femmes.",
        ),
        Reason(
            "missing_sex",
            NEEDS_REVIEW,
            "Sex not given, and the caravan is for women only.",
            "الجنس غير مذكور، وهذه القافلة مخصصة للنساء.",
            "Sexe non indiqué, alors que cette caravane est réservée aux femmes.",
        ),
        # Duplicates
        Reason(
            "duplicate_in_file",
            DUPLICATE,
            "The same person as an earlier row of this file.",
            "نفس الشخص مذكور في سطر سابق من هذا الملف.",
            "Même personne qu'une ligne précédente de ce fichier.",
        ),
        Reason(
            "already_registered",
            DUPLICATE,
            "The same person is already registered for this caravan.",
            "هذا الشخص مسجل من قبل في هذه القافلة.",
            "Cette personne est déjà inscrite à cette caravane.",
        ),
        Reason(
            "possible_duplicate",
            NEEDS_REVIEW,
            "Probably the same person as another registration: to check.",
            "قد يكون هذا الشخص مسجلا من قبل (تشابه في الاسم أو الرقم): يجب التحقق.",
            "Doublon possible avec une autre inscription (nom ou numéro proche) : à vérifier.",
        ),
        # Added by the public form and the walk-in desk (entry.py): their CIN is already on another person's
        # record. Said without naming that record, nor that it exists: the visitor may not be its holder.
        Reason(
            "identity_to_check",
            NEEDS_REVIEW,
            "The CIN given is already on another person's record: staff merge the two records or keep them "
            "apart (review of likely duplicates) before a decision.",
            "يجب على المنظمين التحقق من الهوية المدلى بها ومطابقتها مع سجلاتهم قبل البت في الطلب.",
            "Les organisateurs doivent vérifier l'identité déclarée et la rapprocher de leurs fiches avant de "
            "statuer sur la demande.",
        ),
    ]
}

READING = (
    "missing_name",
    "invalid_cin",
    "invalid_phone",
    "invalid_date",
    "unknown_province",
    "unknown_profile",
)
DUPLICATES = ("duplicate_in_file", "already_registered", "possible_duplicate")


def message(code: str, lang: str | None = None) -> str:
    """The sentence for `code` in "ar" or "fr" (the active language when not given); the code itself when
    unknown, so a new code never breaks an export."""
    reason = REASONS.get(code)
    if reason is None:
        return code
    return reason.fr if (lang or active_language()) == "fr" else reason.ar


def messages(codes: Iterable[str], lang: str | None = None) -> list[str]:
    return [message(code, lang) for code in codes]


def effect(code: str) -> Effect:
    return REASONS[code].effect


def ordered(codes: Iterable[str]) -> list[str]:
    """Codes without repeats, in the order of the table (stable reports and tests)."""
    order = list(REASONS)
    return sorted(set(codes), key=lambda c: order.index(c) if c in REASONS else len(order))
