"""Three published success stories of the demo caravan, with the holders' written consent.

Told of women's projects of the demo (by sector, the furthest along first; only followed-up ones when the
follow-up demo has run). The narrative is written here; the facts and figures come from the project's outcomes
(drafting.outcome_texts, the report's own definition) when the follow-up recorded any, else from the texts
below, which describe what such a project plausibly reached: a demo, not data."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from caravans.models import months_after
from projects.followup.models import FollowUp
from projects.models import Project, Stage

from .drafting import outcome_texts
from .models import Story

# The furthest along first.
STAGE_ORDER = [
    Stage.OPERATING,
    Stage.FUNDED,
    Stage.FOUNDING,
    Stage.SEEKING_FUNDING,
    Stage.STRUCTURED,
    Stage.IDEA,
    Stage.STOPPED,
]

TOLD = 3
# More stories than are told: the first three whose sector has a project to tell.
STORIES = [
    {
        "sector": "cosmetics",
        "title_ar": "من مطبخ البيت إلى رفوف المحلات: صابون بلدي بأيدي نساء الدوار",
        "title_fr": "De la cuisine familiale aux étagères des boutiques : le savon beldi des femmes du douar",
        "before_ar": "كانت صاحبة المشروع وجاراتها يصنعن الصابون البلدي ومستحضرات الأعشاب للاستعمال العائلي، ويبعن "
        "القليل منه في السوق الأسبوعي دون علامة ولا تغليف. جاءت إلى القافلة بفكرة واحدة: أن يصبح هذا العمل "
        "مورد رزق قارا للنساء.",
        "before_fr": "Avec ses voisines, la porteuse du projet fabriquait du savon beldi et des produits aux plantes "
        "pour la famille, et en vendait un peu au souk hebdomadaire, sans marque ni emballage. Elle est venue à la "
        "caravane avec une idée : faire de ce travail un revenu stable pour les femmes.",
        "after_ar": "بعد ورشات القافلة، حسبت المجموعة كلفة كل قطعة، ووضعت علامة وتغليفا يذكر المكونات، وصارت تعرض "
        "منتوجها على محلات طنجة ودور الضيافة.",
        "after_fr": "Après les ateliers de la caravane, le groupe a calculé le coût de chaque pièce, créé une marque et "
        "un emballage qui indique les ingrédients, et propose désormais ses produits aux boutiques de Tanger et aux "
        "maisons d'hôtes.",
        "facts_ar": "حصلت التعاونية على دعم المبادرة الوطنية للتنمية البشرية لاقتناء معدات التعبئة، وتشغل اليوم ست نساء.",
        "facts_fr": "La coopérative a obtenu l'appui de l'INDH pour acheter le matériel de conditionnement ; elle "
        "emploie aujourd'hui six femmes.",
        "figures_ar": "تمويل تم الحصول عليه: 85\u202f000\u202fدرهم\nمناصب الشغل: 6، كلها لنساء",
        "figures_fr": "Financement obtenu : 85\u202f000\u202fMAD\nEmplois : 6, tous occupés par des femmes",
        "quote": "كنا كنصنعو الصابون غير للدار، ودابا ولات عندنا ماركة وكليان كيتسناونا كل سيمانة.",
        "quote_language": Story.Language.ARY,
    },
    {
        "sector": "figs_dried_fruits",
        "title_ar": "تين الجبل يجد طريقه إلى الأسواق",
        "title_fr": "Les figues de la montagne trouvent leur marché",
        "before_ar": "كانت صاحبة المشروع تجفف التين على سطوح البيوت كما تعلمت من أمها، ويذهب المحصول إلى الوسطاء "
        "بثمن زهيد في آخر الموسم. في القافلة، اشتغلت على نموذج عمل يجمع نساء الدوار حول التجفيف والتعبئة.",
        "before_fr": "La porteuse du projet séchait les figues sur les terrasses, comme sa mère le lui avait appris, "
        "et la récolte partait aux intermédiaires à bas prix en fin de saison. À la caravane, elle a travaillé un "
        "modèle d'activité qui réunit les femmes du douar autour du séchage et du conditionnement.",
        "after_ar": "اقتنت التعاونية مجففا شمسيا مغطى يحمي الثمار من الغبار والحشرات، وصارت تعبئ التين في أكياس "
        "تحمل اسمها وتبيعه مباشرة في معارض الاقتصاد الاجتماعي والتضامني.",
        "after_fr": "La coopérative a acquis un séchoir solaire couvert qui protège les fruits de la poussière et des "
        "insectes ; elle conditionne ses figues en sachets à son nom et les vend directement dans les foires de "
        "l'économie sociale et solidaire.",
        "facts_ar": "حصلت التعاونية على تمويل لاقتناء المجفف، وحققت أولى مبيعاتها المعبأة بعد ستة أشهر من القافلة.",
        "facts_fr": "La coopérative a obtenu un financement pour le séchoir et réalisé ses premières ventes "
        "conditionnées six mois après la caravane.",
        "figures_ar": "تمويل تم الحصول عليه: 60\u202f000\u202fدرهم\nمناصب الشغل: 5، منها 4 لنساء\nأولى المبيعات: غشت 2025",
        "figures_fr": "Financement obtenu : 60\u202f000\u202fMAD\nEmplois : 5, dont 4 occupés par des femmes\n"
        "Premières ventes : août 2025",
        "quote": "القافلة علماتنا نحسبو الثمن ديال الكيلو قبل ما نبيعو.",
        "quote_language": Story.Language.ARY,
    },
    {
        "sector": "mushrooms",
        "title_ar": "الفطر في الدوار: مشروع نسائي يخلق فرص الشغل",
        "title_fr": "Des champignons au douar : un projet de femmes qui crée des emplois",
        "before_ar": "كانت صاحبة المشروع تبحث عن نشاط لا يحتاج إلى أرض واسعة ولا إلى ماء كثير، فسمعت عن زراعة الفطر "
        "في غرف مظلمة، وجاءت إلى القافلة لتعرف هل تصلح الفكرة لدوارها وكيف تمولها.",
        "before_fr": "La porteuse du projet cherchait une activité qui ne demande ni grande terre ni beaucoup d'eau. "
        "Elle avait entendu parler de la culture de champignons en local sombre et est venue à la caravane savoir si "
        "l'idée convenait à son douar et comment la financer.",
        "after_ar": "أعدت في ورشة المخطط المالي حسابا لكلفة الإنتاج وأسعار البيع، ثم هيأت مع شريكاتها غرفتين "
        "للزراعة، وتستعد لبيع إنتاجها الطري للمطاعم والأسواق القريبة.",
        "after_fr": "En atelier de plan financier, elle a calculé ses coûts de production et ses prix de vente, puis "
        "aménagé avec ses associées deux salles de culture ; elle se prépare à vendre sa production fraîche aux "
        "restaurants et aux marchés voisins.",
        "facts_ar": "تأسست التعاونية وحصلت على تمويل لتجهيز غرف الزراعة، وتشغل اليوم خمس نساء.",
        "facts_fr": "La coopérative a été fondée et a obtenu un financement pour équiper les salles de culture ; elle "
        "emploie aujourd'hui cinq femmes.",
        "figures_ar": "تمويل تم الحصول عليه: 116\u202f000\u202fدرهم\nمناصب الشغل: 5",
        "figures_fr": "Financement obtenu : 116\u202f000\u202fMAD\nEmplois : 5",
        "quote": "ما كنتش عارفة بلي الفطر يقدر يعيش دار كاملة.",
        "quote_language": Story.Language.ARY,
    },
    {
        "sector": "olive_oil",
        "title_ar": "زيت الزيتون: تعاونية نسائية جديدة رأت النور بعد القافلة",
        "title_fr": "L'huile d'olive : une coopérative de femmes née après la caravane",
        "before_ar": "كانت صاحبة المشروع تعصر زيتون أسرتها في معصرة تقليدية بعيدة، وتبيع الزيت في قنينات مستعملة "
        "لمعارفها، ولم تكن تعرف من أين تبدأ لتأسيس تعاونية.",
        "before_fr": "La porteuse du projet faisait presser les olives de sa famille dans un moulin traditionnel "
        "éloigné et vendait l'huile dans des bouteilles de récupération à ses connaissances. Elle ne savait pas par "
        "où commencer pour fonder une coopérative.",
        "after_ar": "تعرفت في القافلة على مراحل تأسيس التعاونيات وفق القانون رقم 112.12، ثم جمعت نساء من الدوار حول "
        "مشروع لتعبئة الزيت في قنينات زجاجية تحمل بطاقة تعريف المنتوج.",
        "after_fr": "À la caravane, elle a découvert les étapes de création d'une coopérative selon la loi n° 112-12, "
        "puis réuni des femmes du douar autour d'un projet de conditionnement de l'huile en bouteilles de verre "
        "étiquetées.",
        "facts_ar": "سُجلت التعاونية لدى المحكمة بعد تسعة أشهر من القافلة، وهي اليوم بصدد إعداد طلب التمويل.",
        "facts_fr": "La coopérative a été immatriculée au tribunal neuf mois après la caravane ; elle prépare "
        "aujourd'hui sa demande de financement.",
        "figures_ar": "تأسيس التعاونية: نونبر 2025\nعدد المتعاونات: 7",
        "figures_fr": "Coopérative fondée : novembre 2025\nCoopératrices : 7",
        "quote": "تعلمت أن الفكرة وحدها لا تكفي، وأن الملف المنظم يفتح الأبواب.",
        "quote_language": Story.Language.AR,
    },
]


def _pick(caravan, sector, followed, taken):
    """The project of `sector` to tell: one the follow-up reached when it reached any (a story's figures are
    known, not guessed), a woman's first, the furthest along first."""
    projects = Project.objects.of_caravan(caravan).filter(sector=sector).exclude(pk__in=taken)
    if followed:
        projects = projects.filter(pk__in=followed)
    projects = list(projects.select_related("holder"))
    rank = {stage: position for position, stage in enumerate(STAGE_ORDER)}

    def key(project):
        woman = project.holder is not None and project.holder.sex == "female"
        return (not woman, rank.get(project.stage, len(rank)), project.pk)

    return min(projects, key=key, default=None)


def _first_word(name):
    return (name or "").split(" ")[0]


def load_demo_stories(caravan):
    """Three published stories of `caravan`'s projects (the caravan's earlier demo stories are replaced)."""
    Story.objects.filter(caravan=caravan).delete()
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=["organiser", "trainer"])
    }
    followed = set(
        FollowUp.objects.filter(caravan=caravan, status=FollowUp.Status.REACHED).values_list(
            "project_id", flat=True
        )
    )
    trainer = users.get("trainer")
    consent_on = months_after(caravan.end_date, 13)  # after the 12-month contact: the figures are the year's
    published = timezone.make_aware(
        datetime.datetime.combine(consent_on + datetime.timedelta(days=20), datetime.time(10))
    )
    stories, taken = [], set()
    for text in STORIES:
        project = _pick(caravan, text["sector"], followed, taken)
        if project is None or len(stories) == TOLD:
            continue
        taken.add(project.pk)
        known = outcome_texts(caravan, project) if project.pk in followed else {}
        fields = {}
        for language in ("ar", "fr"):
            facts = known.get(f"after_{language}") or text[f"facts_{language}"]
            fields[f"after_{language}"] = f"{text[f'after_{language}']} {facts}"
            fields[f"figures_{language}"] = known.get(f"figures_{language}") or text[f"figures_{language}"]
        holder = project.holder
        stories.append(
            Story(
                project=project,
                caravan=caravan,
                title_ar=text["title_ar"],
                title_fr=text["title_fr"],
                name_ar=_first_word(holder.full_name_ar) if holder else "",
                name_fr=_first_word(holder.full_name_latin) if holder else "",
                before_ar=text["before_ar"],
                before_fr=text["before_fr"],
                quote=text["quote"],
                quote_language=text["quote_language"],
                status=Story.Status.PUBLISHED,
                consent_on=consent_on,
                consent_collected_by=trainer.get_full_name() if trainer else "",
                consent_text=True,
                drafted_by=trainer,
                reviewed_by=users.get("organiser"),
                published_at=published + datetime.timedelta(days=7 * len(stories)),
                **fields,
            )
        )
    return Story.objects.bulk_create(stories)
