"""The demo caravan: the study caravan of Tangier, 4–6 February 2025 (DAR, Préfecture de Tanger-Assilah, ODCO).

Facts from the public announcement (MAP dispatch of February 2025), with the titles of the two officials it
names (DAR's head of the rural-development support division, ODCO's regional delegate); the venue and its rooms are
invented and marked «(مثال)» / « (exemple) », times are plausible, the other speakers are roles of their
institutions.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from core.permissions import Role
from places.models import Region

from .models import (
    Caravan,
    Day,
    Letterhead,
    Organisation,
    Partnership,
    Room,
    Session,
    Signatory,
    Speaker,
    StaffAssignment,
    Venue,
)

SLUG = "tanger-2025"
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, "Coordination nationale"),
    ("organiser", Role.ORGANISER, "Organisatrice Tanger"),
    ("trainer", Role.TRAINER, "Formateur ODCO"),
    ("agent", Role.AGENT, "Agente d'accueil"),
]

# key: (acronym, Arabic name, French name, kind). An acronym only where the institution uses one itself: the
# keys PTA and ESS are this file's handles, not names anyone prints.
ORGANISATIONS = {
    "DAR": (
        "DAR",
        "وزارة الداخلية – مديرية الشؤون القروية",
        "Ministère de l'Intérieur – Direction des Affaires Rurales",
        Organisation.Kind.MINISTRY,
    ),
    "PTA": ("", "عمالة طنجة-أصيلة", "Préfecture de Tanger-Assilah", Organisation.Kind.TERRITORIAL),
    "ODCO": (
        "ODCO",
        "مكتب تنمية التعاون",
        "Office du Développement de la Coopération",
        Organisation.Kind.PUBLIC_AGENCY,
    ),
    "INDH": (
        "INDH",
        "المبادرة الوطنية للتنمية البشرية - قسم العمل الاجتماعي بالعمالة",
        "Initiative Nationale pour le Développement Humain — Division de l'Action Sociale",
        Organisation.Kind.TERRITORIAL,
    ),
    "CRI": (
        "CRI",
        "المركز الجهوي للاستثمار لجهة طنجة تطوان الحسيمة",
        "Centre Régional d'Investissement Tanger-Tétouan-Al Hoceïma",
        Organisation.Kind.PUBLIC_AGENCY,
    ),
    "ESS": (
        "",
        "كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
        "Secrétariat d'État chargé de l'Artisanat et de l'Économie Sociale et Solidaire",
        Organisation.Kind.MINISTRY,
    ),
    "TAMWILCOM": (
        "TAMWILCOM",
        "الشركة الوطنية للضمان وتمويل المقاولة - تمويلكم",
        "Société Nationale de Garantie et du Financement de l'Entreprise — Tamwilcom",
        Organisation.Kind.FINANCE,
    ),
}
PARTNERS = [
    ("DAR", Partnership.Role.ORGANISER),
    ("PTA", Partnership.Role.CO_ORGANISER),
    ("ODCO", Partnership.Role.CO_ORGANISER),
    ("INDH", Partnership.Role.PARTNER),
    ("ESS", Partnership.Role.PARTNER),
    ("CRI", Partnership.Role.PARTNER),
    ("TAMWILCOM", Partnership.Role.PARTNER),
]

# By title: the people holding these offices change, the offices sign.
CERTIFICATE_SIGNATORIES = [
    ("مدير الشؤون القروية", "Le Directeur des Affaires Rurales"),
    (
        "والي جهة طنجة-تطوان-الحسيمة، عامل عمالة طنجة-أصيلة",
        "Le Wali de la Région Tanger-Tétouan-Al Hoceïma, Gouverneur de la Préfecture de Tanger-Assilah",
    ),
]

# (key, organisation, role ar, role fr, is the demo trainer)
SPEAKERS = [
    (
        "dar",
        "DAR",
        "رئيسة قسم دعم التنمية القروية بمديرية الشؤون القروية",
        "Cheffe de la Division d'appui au développement rural, Direction des Affaires Rurales",
        False,
    ),
    (
        "odco_delegate",
        "ODCO",
        "المندوب الجهوي لمكتب تنمية التعاون",
        "Délégué régional de l'Office du Développement de la Coopération",
        False,
    ),
    (
        "pta",
        "PTA",
        "ممثل عمالة طنجة-أصيلة - قسم الشؤون القروية",
        "Représentant de la Préfecture — Division des Affaires Rurales",
        False,
    ),
    ("odco", "ODCO", "مؤطر مكتب تنمية التعاون", "Formateur de l'ODCO", True),
    (
        "ess",
        "ESS",
        "ممثل كتابة الدولة المكلفة بالصناعة التقليدية والاقتصاد الاجتماعي والتضامني",
        "Représentant du Secrétariat d'État chargé de l'Économie Sociale et Solidaire",
        False,
    ),
    (
        "indh",
        "INDH",
        "ممثل قسم العمل الاجتماعي",
        "Représentant de la Division de l'Action Sociale (INDH)",
        False,
    ),
    ("cri", "CRI", "ممثل المركز الجهوي للاستثمار", "Représentant du Centre Régional d'Investissement", False),
    ("fin", "TAMWILCOM", "ممثل تمويلكم", "Représentant de Tamwilcom", False),
    (
        "coops",
        None,
        "رئيسات ورؤساء تعاونيات ناجحة",
        "Présidentes et présidents de coopératives qui réussissent",
        False,
    ),
    (
        "coach",
        None,
        "مكون في التسويق الرقمي وتدبير المشاريع",
        "Formatrice en marketing digital et gestion de projet",
        True,
    ),
]

S, T, W, B = Session.Kind.PLENARY, Session.Kind.TRAINING, Session.Kind.WORKSHOP, Session.Kind.BREAK
C = Session.Kind.OPENING_CLOSING  # the opening and the closing, which are not breaks
# day index, kind, start, end, room, speakers, title ar, title fr
PROGRAMME = [
    (
        0,
        C,
        "09:00",
        "09:30",
        "hall",
        ["pta", "dar", "odco_delegate"],
        "الاستقبال والجلسة الافتتاحية",
        "Accueil et séance d'ouverture",
    ),
    (
        0,
        S,
        "09:30",
        "10:15",
        "hall",
        ["dar"],
        "آليات تطوير التعاونيات السلالية وتحسين أدائها",
        "Mécanismes de développement des coopératives soulaliyates et amélioration de leur performance",
    ),
    (
        0,
        S,
        "10:15",
        "11:00",
        "hall",
        ["ess"],
        "الاقتصاد الاجتماعي والتضامني",
        "L'économie sociale et solidaire",
    ),
    (0, B, "11:00", "11:20", "hall", [], "استراحة", "Pause"),
    (
        0,
        S,
        "11:20",
        "12:10",
        "hall",
        ["odco_delegate", "odco", "indh"],
        "خدمات الدعم المتاحة لتعاونيات الجماعات السلالية",
        "Services d'appui disponibles pour les coopératives issues des communautés soulaliyates",
    ),
    (0, S, "12:10", "13:00", "hall", ["fin", "indh"], "آليات التمويل", "Mécanismes de financement"),
    (
        0,
        S,
        "14:30",
        "16:00",
        "hall",
        ["coops"],
        "تعاونيات ناجحة نماذج يحتذى بها",
        "Coopératives qui réussissent : des modèles à suivre",
    ),
    (
        1,
        T,
        "09:00",
        "10:30",
        "hall",
        ["odco"],
        "مسطرة تأسيس التعاونيات (القانون 112.12)",
        "Procédure de création des coopératives (loi 112-12)",
    ),
    (
        1,
        T,
        "10:45",
        "12:15",
        "hall",
        ["cri"],
        "مجالات الاستثمار المتاحة",
        "Domaines d'investissement disponibles",
    ),
    (1, T, "13:30", "15:00", "hall", ["coach"], "التسويق والتسويق الرقمي", "Marketing et marketing digital"),
    (
        1,
        W,
        "15:15",
        "17:00",
        "room1",
        ["coach"],
        "ورشة تطبيقية: تدبير المشاريع (المجموعة 1)",
        "Atelier pratique : gestion de projet (groupe 1)",
    ),
    (
        1,
        W,
        "15:15",
        "17:00",
        "room2",
        ["odco"],
        "ورشة تطبيقية: تدبير المشاريع (المجموعة 2)",
        "Atelier pratique : gestion de projet (groupe 2)",
    ),
    (
        1,
        W,
        "15:15",
        "17:00",
        "room3",
        ["cri"],
        "ورشة تطبيقية: تدبير المشاريع (المجموعة 3)",
        "Atelier pratique : gestion de projet (groupe 3)",
    ),
    (2, T, "09:00", "10:30", "hall", ["odco"], "التدبير المالي", "Gestion financière"),
    (
        2,
        T,
        "10:45",
        "12:15",
        "hall",
        ["coach"],
        "الابتكار في تدبير المشاريع",
        "Innovation dans la gestion de projet",
    ),
    (
        2,
        W,
        "13:30",
        "15:30",
        "room1",
        ["fin"],
        "ورشة تطبيقية: آليات التمويل",
        "Atelier pratique : mécanismes de financement",
    ),
    (
        2,
        W,
        "13:30",
        "15:30",
        "room2",
        ["coach"],
        "ورشة تطبيقية: تطوير المنتوج",
        "Atelier pratique : développement du produit",
    ),
    (
        2,
        W,
        "13:30",
        "15:30",
        "room3",
        ["odco"],
        "ورشة تطبيقية: استراتيجيات التسويق",
        "Atelier pratique : stratégies de commercialisation",
    ),
    (2, C, "15:45", "16:30", "hall", ["pta", "dar"], "التقييم والاختتام", "Évaluation et clôture"),
]
DAYS = [
    (
        Day.Kind.STUDY,
        "عروض المؤسسات الشريكة",  # pages print the day's kind («يوم دراسي») before its theme
        "Exposés des institutions partenaires",
    ),
    (Day.Kind.TRAINING, "دورة تكوينية - اليوم الأول", "Formation — premier jour"),
    (Day.Kind.TRAINING, "دورة تكوينية - اليوم الثاني", "Formation — deuxième jour"),
]


def _time(text):
    return datetime.time.fromisoformat(text)


@transaction.atomic
def load_demo_caravan():
    """Create (or recreate) the demo caravan with its programme; idempotent."""
    Caravan.objects.filter(slug=SLUG).delete()
    organisations = {}
    for key, (acronym, name_ar, name_fr, kind) in ORGANISATIONS.items():
        lookup = {"acronym": acronym} if acronym else {"name_fr": name_fr}
        organisations[key], _ = Organisation.objects.update_or_create(
            **lookup, defaults={"acronym": acronym, "name_ar": name_ar, "name_fr": name_fr, "kind": kind}
        )
    caravan = Caravan.objects.create(
        slug=SLUG,
        title_ar="قافلة دراسية وتحسيسية لدعم مشاريع التعاونيات السلالية",
        title_fr="Caravane d'étude et de sensibilisation pour les coopératives soulaliyates",
        # The slogan is the theme of the International Year of Cooperatives 2025 (UN), as the dispatch says.
        slogan_ar="دور التعاونيات في بناء عالم أفضل: تعزيز التنمية الشمولية عبر العمل التعاوني (في إطار السنة "
        "الدولية للتعاونيات 2025)",
        slogan_fr="Le rôle des coopératives dans la construction d'un monde meilleur : promouvoir le développement "
        "inclusif par l'action coopérative (dans le cadre de l'Année internationale des coopératives 2025)",
        region=Region.objects.get(code="MA-01"),
        city_ar="طنجة",
        city_fr="Tanger",
        start_date=datetime.date(2025, 2, 4),
        end_date=datetime.date(2025, 2, 6),
        capacity=220,
        status=Caravan.Status.REGISTRATION_OPEN,
        audience_ar="التعاونيات السلالية المؤسسة منذ أقل من ثلاث سنوات، وأعضاء الجماعات السلالية حاملو أفكار مشاريع "
        "مدرة للدخل الراغبون في الانخراط في العمل التعاوني، بجهة طنجة-تطوان-الحسيمة.",
        audience_fr="Coopératives soulaliyates créées depuis moins de trois ans, et membres des communautés "
        "soulaliyates porteurs d'une idée de projet générateur de revenus souhaitant rejoindre le travail "
        "coopératif, dans la région de Tanger-Tétouan-Al Hoceïma.",
    )
    caravan.eligibility = {**caravan.eligibility, "region_codes": ["MA-01"]}
    caravan.save(update_fields=["eligibility"])
    for order, (acronym, role) in enumerate(PARTNERS):
        Partnership.objects.create(
            caravan=caravan, organisation=organisations[acronym], role=role, order=order
        )
    Letterhead.objects.create(
        caravan=caravan, territory_ar="عمالة طنجة-أصيلة", territory_fr="Préfecture de Tanger-Assilah"
    )
    for order, (title_ar, title_fr) in enumerate(CERTIFICATE_SIGNATORIES):
        Signatory.objects.create(
            caravan=caravan,
            document=Signatory.Document.CERTIFICATE,
            title_ar=title_ar,
            title_fr=title_fr,
            order=order,
        )

    venue = Venue.objects.create(
        caravan=caravan,
        name_ar="قاعة الندوات بمقر عمالة طنجة-أصيلة (مثال)",
        name_fr="Salle de conférences de la Préfecture de Tanger-Assilah (exemple)",
        address_ar="شارع محمد الخامس، طنجة",
        address_fr="Boulevard Mohammed V, Tanger",
    )
    rooms = {
        "hall": Room.objects.create(
            venue=venue, name_ar="القاعة الكبرى (مثال)", name_fr="Grande salle (exemple)", capacity=250
        ),
        "room1": Room.objects.create(
            venue=venue, name_ar="قاعة الورشات 1 (مثال)", name_fr="Salle d'atelier 1 (exemple)", capacity=80
        ),
        "room2": Room.objects.create(
            venue=venue, name_ar="قاعة الورشات 2 (مثال)", name_fr="Salle d'atelier 2 (exemple)", capacity=80
        ),
        "room3": Room.objects.create(
            venue=venue, name_ar="قاعة الورشات 3 (مثال)", name_fr="Salle d'atelier 3 (exemple)", capacity=80
        ),
    }
    users = load_demo_users(caravan)
    speakers = {}
    for key, acronym, role_ar, role_fr, is_trainer in SPEAKERS:
        speakers[key] = Speaker.objects.create(
            caravan=caravan,
            role_ar=role_ar,
            role_fr=role_fr,
            organisation=organisations.get(acronym),
            user=users["trainer"] if is_trainer else None,
        )
    days = [
        Day.objects.create(caravan=caravan, date=date, kind=kind, theme_ar=theme_ar, theme_fr=theme_fr)
        for date, (kind, theme_ar, theme_fr) in zip(caravan.dates(), DAYS, strict=True)
    ]
    for day_index, kind, start, end, room, speaker_keys, title_ar, title_fr in PROGRAMME:
        session = Session.objects.create(
            day=days[day_index],
            kind=kind,
            title_ar=title_ar,
            title_fr=title_fr,
            starts_at=_time(start),
            ends_at=_time(end),
            room=rooms[room],
            capacity=rooms[room].capacity,
        )
        session.speakers.set([speakers[k] for k in speaker_keys])
    return caravan


def load_demo_users(caravan, password=None):
    """The four demo staff users of the contract, with their roles on the demo caravan."""
    from django.conf import settings

    password = password or settings.QAFILA_DEMO_PASSWORD
    User = get_user_model()
    users = {}
    for username, role, full_name in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        first, _, last = full_name.partition(" ")
        user.first_name, user.last_name = first, last
        user.is_staff = role == Role.COORDINATOR  # the coordinator may also use the Django admin
        user.is_superuser = False
        if password:
            user.set_password(password)
        user.save()
        StaffAssignment.objects.get_or_create(
            user=user, role=role, caravan=None if role == Role.COORDINATOR else caravan
        )
        users[username] = user
    return users
