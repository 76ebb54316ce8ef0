"""The results of a caravan's surveys as plain data (numbers, strings, lists, dicts): the results page and the
caravan report (`reports`) both read `caravan_results(caravan)`.

Knowledge: an item is a one- or several-choice question with at least one correct choice; a person's score on a
topic is the share of its items they got right (several choices: exactly the correct set), in percent; an item
left blank counts as wrong. Knowledge gain is paired: only people who answered both a test before and a test
after count, and the mean before, mean after and mean gain of a topic are over those pairs (so that
before + gain = after). A paper sheet that names no one cannot be paired: comparing the means of unpaired
sheets would mix what the training taught with who happened to hand in a sheet (late arrivals, early leavers),
so such sheets count in each question's answers and in the respondents, are counted apart (`anonymous`), and
stay out of the gain. Satisfaction: the 1–5 ratings of each session and trainer; a question tied to a session
(its own or its survey's) and to a trainer counts for both, one tied to neither rates the caravan; `all` counts
every rating once, whatever it rates. Free text is listed without names, sorted so that its order says nothing
of who answered when.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from .models import SCORES, Answer, Question, Response, Survey, Topic

OVERALL = "overall"


def caravan_results(caravan):
    """Every survey result of `caravan`, as plain data:

    {"respondents": {"knowledge_pre": n, "knowledge_post": n, "satisfaction": n},   # people and unnamed sheets
     "anonymous": {same kinds: n},                                                   # sheets naming no one
     "knowledge": {"topics": [{"topic", "label_ar", "label_fr", "items", "mean_pre", "mean_post",
                               "mean_gain", "pairs"}, ...],                          # percent, 1 decimal
                   "overall": {same keys, topic "overall"},
                   "pre_only": n, "post_only": n},                                  # people not paired
     "satisfaction": {"sessions": [{"session_id", "title_ar", "title_fr", "mean", "n", "respondents",
                                    "distribution": [count of 1, …, count of 5]}, ...],
                      "trainers": [{"speaker_id", "name_ar", "name_fr", ...same figures}, ...],
                      "caravan": {"mean", "n", "respondents", "distribution"},      # ratings of neither
                      "all": {same figures}},                                       # each rating once
     "surveys": [{"id", "kind", "title_ar", "title_fr", "session_id", "is_open", "respondents",
                  "questions": [{"id", "kind", "text_ar", "text_fr", "topic", "answered",
                                 "choices": [{"id", "text_ar", "text_fr", "correct", "count"}],  # choices
                                 "distribution", "mean", "n",                                    # likert
                                 "numbers": {"n", "mean", "min", "max"},                         # number
                                 "texts": [...]}]}, ...]}                                        # free text
    Means are None when nobody answered; `n` counts ratings, `respondents` the people who gave them."""
    surveys = list(Survey.objects.filter(caravan=caravan).select_related("session").order_by("created", "id"))
    questions = list(
        Question.objects.filter(survey__caravan=caravan)
        .select_related("survey__session", "session", "speaker__organisation")
        .prefetch_related("choices")
        .order_by("survey_id", "order", "id")
    )
    rows = list(
        Answer.objects.filter(response__survey__caravan=caravan).values_list(
            "response__survey_id",
            "response_id",
            "response__registration_id",
            "question_id",
            "choice_id",
            "number",
            "text",
        )
    )
    people, sheets = _respondents(surveys, caravan)
    return {
        "respondents": {kind: len(people[kind]) + sheets[kind] for kind in Survey.Kind.values},
        "anonymous": {kind: sheets[kind] for kind in Survey.Kind.values},
        "knowledge": knowledge_gain(surveys, questions, rows, people),
        "satisfaction": satisfaction(questions, rows),
        "surveys": [_survey(survey, questions, rows, people, sheets) for survey in surveys],
    }


def _respondents(surveys, caravan):
    """{kind or survey id: the people who answered, by registration} and {kind or survey id: sheets that name
    no one} (each such sheet is one person, who may not be told apart from the named ones)."""
    kinds = {survey.pk: survey.kind for survey in surveys}
    people = {kind: set() for kind in Survey.Kind.values}
    sheets = defaultdict(int)
    for survey_id, registration_id in Response.objects.filter(survey__caravan=caravan).values_list(
        "survey_id", "registration_id"
    ):
        if registration_id is None:
            sheets[kinds[survey_id]] += 1
            sheets[survey_id] += 1
        else:
            people[kinds[survey_id]].add(registration_id)
            people.setdefault(survey_id, set()).add(registration_id)
    return people, sheets


# --- Knowledge -------------------------------------------------------------------------------------------


def knowledge_gain(surveys, questions, rows, people):
    """Per topic and overall: mean score before, after, mean paired gain and number of pairs."""
    kinds = {survey.pk: survey.kind for survey in surveys}
    items = [q for q in questions if kinds[q.survey_id] != Survey.Kind.SATISFACTION and q.is_scored]
    chosen = defaultdict(set)  # (registration, question) -> choice ids
    for _survey_id, _response, registration, question, choice, _number, _text in rows:
        if choice is not None and registration is not None:  # a sheet naming no one has no pair
            chosen[registration, question].add(choice)
    # (kind, registration) -> topic -> [right, asked]
    tally = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    item_counts = defaultdict(lambda: defaultdict(int))
    for question in items:
        kind, topic = kinds[question.survey_id], question.topic or Topic.OTHER
        item_counts[kind][topic] += 1
        correct = {choice.pk for choice in question.choices.all() if choice.correct}
        for registration in people.get(question.survey_id, ()):  # a blank item counts as wrong
            right = chosen.get((registration, question.pk), set()) == correct
            for key in (topic, OVERALL):
                tally[kind, registration][key][0] += right
                tally[kind, registration][key][1] += 1
    pre_people, post_people = people[Survey.Kind.KNOWLEDGE_PRE], people[Survey.Kind.KNOWLEDGE_POST]
    topics = [
        t
        for t in Topic.values
        if t in item_counts[Survey.Kind.KNOWLEDGE_PRE] or t in item_counts[Survey.Kind.KNOWLEDGE_POST]
    ]
    labels = {**dict(Topic.choices), OVERALL: _("All topics")}
    result = {
        "topics": [],
        "overall": None,
        "pre_only": len(pre_people - post_people),
        "post_only": len(post_people - pre_people),
    }
    for topic in [*topics, OVERALL]:
        figures = _paired(tally, topic, pre_people & post_people)
        items_asked = (
            sum(item_counts[Survey.Kind.KNOWLEDGE_POST].values())
            if topic == OVERALL
            else item_counts[Survey.Kind.KNOWLEDGE_POST][topic]
        )
        entry = {"topic": topic, **_both(labels.get(topic, "")), "items": items_asked, **figures}
        if topic == OVERALL:
            result["overall"] = entry
        else:
            result["topics"].append(entry)
    return result


def _paired(tally, topic, pairs):
    before, after = [], []
    for registration in pairs:
        pre = tally[Survey.Kind.KNOWLEDGE_PRE, registration].get(topic)
        post = tally[Survey.Kind.KNOWLEDGE_POST, registration].get(topic)
        if pre and post and pre[1] and post[1]:
            before.append(100 * pre[0] / pre[1])
            after.append(100 * post[0] / post[1])
    if not before:
        return {"mean_pre": None, "mean_post": None, "mean_gain": None, "pairs": 0}
    mean_pre, mean_post = sum(before) / len(before), sum(after) / len(after)
    return {
        "mean_pre": round(mean_pre, 1),
        "mean_post": round(mean_post, 1),
        "mean_gain": round(mean_post - mean_pre, 1),
        "pairs": len(before),
    }


# --- Satisfaction ----------------------------------------------------------------------------------------


def satisfaction(questions, rows):
    """Ratings (1–5) per session, per trainer, of the caravan as a whole (ratings of neither), and all of them.

    A rating of a trainer in a session counts in the session's figures and in the trainer's, so neither misses
    it; `all` counts it once. A session's rating that names no trainer is not the trainer's: a session may have
    several speakers, and the question may be about the room or the timing."""
    ratings = defaultdict(list)  # question -> [(response, value)]
    for _survey, response, _registration, question, _choice, number, _text in rows:
        if number is not None:
            ratings[question].append((response, int(number)))
    sessions, trainers, whole, every = {}, {}, [], []
    for question in questions:
        if question.kind != Question.Kind.LIKERT:
            continue
        given = ratings.get(question.pk, [])
        every.extend(given)
        session = question.rated_session
        if question.speaker_id:
            trainers.setdefault(question.speaker, []).extend(given)
        if session is not None:
            sessions.setdefault(session, []).extend(given)
        if session is None and not question.speaker_id:
            whole.extend(given)
    return {
        "sessions": [
            {"session_id": s.pk, "title_ar": s.title_ar, "title_fr": s.title_fr, **_rating(given)}
            for s, given in sorted(
                sessions.items(), key=lambda item: (item[0].day_id, item[0].starts_at, item[0].pk)
            )
        ],
        "trainers": [
            {"speaker_id": s.pk, "name_ar": _speaker(s, "ar"), "name_fr": _speaker(s, "fr"), **_rating(given)}
            for s, given in sorted(trainers.items(), key=lambda item: item[0].pk)
        ],
        "caravan": _rating(whole),
        "all": _rating(every),
    }


def _speaker(speaker, language):
    parts = [getattr(speaker, f"name_{language}"), getattr(speaker, f"role_{language}")]
    return " — ".join(part for part in parts if part)


def _rating(given):
    values = [value for _response, value in given]
    distribution = [values.count(score) for score in SCORES]
    return {
        "mean": round(sum(values) / len(values), 2) if values else None,
        "n": len(values),
        "respondents": len({response for response, _value in given}),
        "distribution": distribution,
    }


# --- Each survey, question by question -------------------------------------------------------------------


def _survey(survey, questions, rows, people, sheets):
    mine = [q for q in questions if q.survey_id == survey.pk]
    by_question = defaultdict(list)
    for survey_id, response, _registration, question, choice, number, text in rows:
        if survey_id == survey.pk:
            by_question[question].append((response, choice, number, text))
    return {
        "id": survey.pk,
        "kind": survey.kind,
        "title_ar": survey.title_ar,
        "title_fr": survey.title_fr,
        "session_id": survey.session_id,
        "is_open": survey.is_open,
        "respondents": len(people.get(survey.pk, ())) + sheets[survey.pk],
        "questions": [_question(q, by_question.get(q.pk, [])) for q in mine],
    }


def _question(question, given):
    entry = {
        "id": question.pk,
        "kind": question.kind,
        "text_ar": question.text_ar,
        "text_fr": question.text_fr,
        "topic": question.topic,
        "answered": len({response for response, *_rest in given}),
    }
    if question.has_choices:
        counts = defaultdict(int)
        for _response, choice, _number, _text in given:
            counts[choice] += 1
        entry["choices"] = [
            {
                "id": c.pk,
                "text_ar": c.text_ar,
                "text_fr": c.text_fr,
                "correct": c.correct,
                "count": counts[c.pk],
            }
            for c in question.choices.all()
        ]
    elif question.kind == Question.Kind.LIKERT:
        rating = _rating(
            [(response, int(number)) for response, _c, number, _t in given if number is not None]
        )
        entry.update(distribution=rating["distribution"], mean=rating["mean"], n=rating["n"])
    elif question.kind == Question.Kind.NUMBER:
        values = [float(number) for _r, _c, number, _t in given if number is not None]
        entry["numbers"] = {
            "n": len(values),
            "mean": round(sum(values) / len(values), 2) if values else None,
            "min": min(values, default=None),
            "max": max(values, default=None),
        }
    else:
        entry["texts"] = sorted(text.strip() for _r, _c, _n, text in given if text.strip())
    return entry


def _both(label):
    from django.utils import translation

    texts = {}
    for language in ("ar", "fr"):
        with translation.override(language):
            texts[f"label_{language}"] = str(label)
    return texts
