"""Demo surveys of a caravan: a knowledge test before and after the training (8 items over the training topics),
a satisfaction survey per training session and its trainer, one for the caravan as a whole, and plausible
answers from the accepted demo participants (fixed seed: the same figures on every run; the gain is positive
but differs by topic and person; a few people answered only one of the two tests).

Answers are inserted in bulk (a few thousand rows): the demo shows results, it does not replay each submission.
"""

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from caravans.models import Session
from registration.models import Registration

from .models import Answer, Choice, Question, Response, Survey, Topic

SEED = 20251
L, T = Question.Kind.LIKERT, Question.Kind.TEXT

# topic, question ar, question fr, [(choice ar, choice fr, correct)], several answers
KNOWLEDGE = [
    (
        Topic.FOUNDING,
        "ما هو الحد الأدنى لعدد الأعضاء لتأسيس تعاونية حسب القانون 112.12؟",
        "Combien de membres faut-il au minimum pour créer une coopérative selon la loi 112-12 ?",
        [("عضوان", "2 membres", False), ("5 أعضاء", "5 membres", True), ("10 أعضاء", "10 membres", False)],
        False,
    ),
    (
        Topic.FOUNDING,
        # Law 112-12 and decree 2-15-617 art. 1: the court registry keeps the local register; ODCO approves the
        # name and keeps the central register (projects/data/cooperative_procedure.yaml, steps 6 and 7).
        "أين يودع ملف تقييد التعاونية في السجل المحلي للتعاونيات؟",
        "Où dépose-t-on le dossier d'immatriculation de la coopérative au registre local ?",
        [
            (
                "لدى كتابة الضبط بالمحكمة الابتدائية لمقر التعاونية",
                "Au secrétariat-greffe du tribunal de première instance du siège",
                True,
            ),
            ("لدى البنك", "Auprès de la banque", False),
            ("لدى مكتب تنمية التعاون", "Auprès de l'ODCO", False),
        ],
        False,
    ),
    (
        Topic.MARKETING,
        "ما الذي يحدد ثمن بيع المنتوج؟ (اختاري كل الأجوبة الصحيحة)",
        "Qu'est-ce qui fixe le prix de vente d'un produit ? (toutes les bonnes réponses)",
        [
            ("كلفة الإنتاج", "Le coût de production", True),
            ("أثمنة المنافسين", "Les prix des concurrents", True),
            ("لون العلبة", "La couleur de l'emballage", False),
        ],
        True,
    ),
    (
        Topic.DIGITAL_MARKETING,
        "ما هي أفضل طريقة للتعريف بمنتوج التعاونية على الإنترنت بكلفة قليلة؟",
        "Quel est le moyen le moins cher de faire connaître le produit de la coopérative en ligne ?",
        [
            ("صفحة على شبكات التواصل الاجتماعي", "Une page sur les réseaux sociaux", True),
            ("إعلان في التلفزيون", "Une publicité à la télévision", False),
            ("ملصقات في الشارع", "Des affiches dans la rue", False),
        ],
        False,
    ),
    (
        Topic.DIGITAL_MARKETING,
        "ماذا يجب أن تتضمن صورة المنتوج المنشورة على الإنترنت؟",
        "Que doit montrer la photo d'un produit publiée en ligne ?",
        [
            (
                "المنتوج بوضوح مع الثمن وطريقة الطلب",
                "Le produit bien visible, son prix et comment commander",
                True,
            ),
            (
                "أكبر عدد من المنتوجات في صورة واحدة",
                "Le plus de produits possible sur une seule photo",
                False,
            ),
            ("صورة منقولة من تعاونية أخرى", "Une photo reprise d'une autre coopérative", False),
        ],
        False,
    ),
    (
        Topic.FINANCIAL_MANAGEMENT,
        "الربح هو:",
        "Le bénéfice, c'est :",
        [
            ("مجموع المبيعات", "Le total des ventes", False),
            ("المبيعات ناقص كل المصاريف", "Les ventes moins toutes les dépenses", True),
            ("المال الموجود في الصندوق", "L'argent qui est dans la caisse", False),
        ],
        False,
    ),
    (
        Topic.FINANCIAL_MANAGEMENT,
        "لماذا يجب على التعاونية مسك دفتر للمداخيل والمصاريف؟",
        "Pourquoi la coopérative doit-elle tenir un cahier des recettes et des dépenses ?",
        [
            (
                "لمعرفة وضعيتها المالية وتقديم الحسابات للجمع العام",
                "Pour connaître sa situation et rendre compte à l'assemblée générale",
                True,
            ),
            ("لأن البنك يطلبه فقط", "Seulement parce que la banque le demande", False),
            ("لا فائدة منه", "Cela ne sert à rien", False),
        ],
        False,
    ),
    (
        Topic.FINANCING,
        "أي مؤسسة تضمن القروض للمقاولات الصغيرة والتعاونيات؟",
        "Quelle institution garantit les crédits des petites entreprises et des coopératives ?",
        [
            ("تمويلكم", "Tamwilcom", True),
            ("مكتب الصرف", "L'Office des changes", False),
            ("المندوبية السامية للتخطيط", "Le Haut-Commissariat au Plan", False),
        ],
        False,
    ),
]
# How much more likely a right answer is after the training, per topic: the demo's gain differs by topic.
GAIN = {
    Topic.FOUNDING: 0.35,
    Topic.MARKETING: 0.15,
    Topic.DIGITAL_MARKETING: 0.4,
    Topic.FINANCIAL_MANAGEMENT: 0.2,
    Topic.FINANCING: 0.3,
}
COMMENTS = [
    "نريد وقتا أطول للورشات التطبيقية",
    "شكرا على التنظيم الجيد",
    "المرجو تقديم الوثائق باللغة العربية",
    "استفدت كثيرا من التجارب الناجحة",
    "نتمنى زيارة تعاونيات في عين المكان",
    "Plus d'exemples concrets de dossiers de financement, s'il vous plaît",
    "Très bonne formation, merci aux formateurs",
    "La salle était trop petite l'après-midi",
]


@transaction.atomic
def load_demo_surveys(caravan):
    """Create the demo surveys of `caravan` with answers from its accepted registrations; returns the surveys."""
    rng = random.Random(SEED)
    caravan.surveys.all().delete()
    people = list(Registration.objects.accepted().filter(caravan=caravan).order_by("pk"))
    entered_by = get_user_model().objects.filter(username="organiser").first()
    pre, post = _knowledge_tests(caravan)
    ability = {r.pk: rng.uniform(0.2, 0.6) for r in people}
    answered_pre = [r for r in people if rng.random() < 0.9]
    answered_post = [r for r in answered_pre if rng.random() < 0.85] + [
        r for r in people if r not in answered_pre and rng.random() < 0.5
    ]
    for survey, group, after in ((pre, answered_pre, False), (post, answered_post, True)):
        questions = list(survey.questions.prefetch_related("choices"))
        rows = {r.pk: _knowledge_answers(rng, questions, ability[r.pk], after) for r in group}
        _insert(rng, survey, group, rows, entered_by)
    surveys = [pre, post]
    for session in Session.objects.filter(
        day__caravan=caravan, kind__in=[Session.Kind.TRAINING, Session.Kind.WORKSHOP]
    ):
        survey = _session_survey(caravan, session)
        group = [r for r in people if rng.random() < 0.55]
        base = rng.uniform(3.4, 4.6)
        questions = list(survey.questions.all())
        rows = {r.pk: _satisfaction_answers(rng, questions, base) for r in group}
        _insert(rng, survey, group, rows, entered_by)
        surveys.append(survey)
    return surveys


def _knowledge_tests(caravan):
    pre = Survey.objects.create(
        caravan=caravan,
        kind=Survey.Kind.KNOWLEDGE_PRE,
        title_ar="اختبار المعارف قبل التكوين",
        title_fr="Test de connaissances avant la formation",
    )
    post = Survey.objects.create(
        caravan=caravan,
        kind=Survey.Kind.KNOWLEDGE_POST,
        title_ar="اختبار المعارف بعد التكوين",
        title_fr="Test de connaissances après la formation",
        is_open=True,
    )
    for survey in (pre, post):
        for order, (topic, text_ar, text_fr, choices, several) in enumerate(KNOWLEDGE, start=1):
            kind = Question.Kind.MULTIPLE if several else Question.Kind.SINGLE
            question = Question.objects.create(
                survey=survey, order=order, kind=kind, topic=topic, text_ar=text_ar, text_fr=text_fr
            )
            Choice.objects.bulk_create(
                Choice(question=question, order=n, text_ar=ar, text_fr=fr, correct=correct)
                for n, (ar, fr, correct) in enumerate(choices, start=1)
            )
    return pre, post


def _session_survey(caravan, session):
    survey = Survey.objects.create(
        caravan=caravan,
        kind=Survey.Kind.SATISFACTION,
        session=session,
        title_ar=f"تقييم: {session.title_ar}",
        title_fr=f"Évaluation : {session.title_fr}",
        is_open=True,
    )
    speaker = session.speakers.first()
    Question.objects.create(
        survey=survey,
        order=1,
        kind=L,
        text_ar="إلى أي حد كانت هذه الحصة مفيدة لك؟",
        text_fr="Cette séance vous a-t-elle été utile ?",
    )
    if speaker is not None:
        Question.objects.create(
            survey=survey,
            order=2,
            kind=L,
            speaker=speaker,
            text_ar="هل كانت شروحات المؤطر واضحة؟",
            text_fr="Les explications du formateur étaient-elles claires ?",
        )
    Question.objects.create(
        survey=survey,
        order=3,
        kind=T,
        required=False,
        text_ar="ما الذي يمكن تحسينه؟",
        text_fr="Que pourrait-on améliorer ?",
    )
    return survey


def _knowledge_answers(rng, questions, ability, after):
    values = []
    for question in questions:
        choices = list(question.choices.all())
        right = [c for c in choices if c.correct]
        chance = min(0.95, ability + (GAIN[question.topic] if after else 0))
        if rng.random() < chance:
            values += [(question, {"choice": c}) for c in right]
        elif question.kind == Question.Kind.MULTIPLE:
            values.append((question, {"choice": right[0]}))  # half the right set: wrong
        else:
            values.append((question, {"choice": rng.choice([c for c in choices if not c.correct])}))
    return values


def _satisfaction_answers(rng, questions, base):
    values = []
    for question in questions:
        if question.kind == L:
            values.append((question, {"number": max(1, min(5, round(rng.gauss(base, 0.8))))}))
        elif rng.random() < 0.25:
            values.append((question, {"text": rng.choice(COMMENTS)}))
    return values


def _insert(rng, survey, group, rows, entered_by):
    """One response per person of `group` (a fifth of them from paper), and their answers, in bulk."""
    paper = {r.pk: rng.random() < 0.2 for r in group}
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            registration=r,
            channel=Response.Channel.PAPER if paper[r.pk] else Response.Channel.PHONE,
            entered_by=entered_by if paper[r.pk] else None,
        )
        for r in group
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **value)
        for response in responses
        for question, value in rows[response.registration_id]
    )
