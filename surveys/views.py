"""The survey builder: a caravan's surveys, each with its questions and choices, its link and QR code to
project on a screen, opening and closing, and copies (the test after the training from the test before, or a
survey of another caravan)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from caravans.models import Caravan
from core.permissions import allowed
from core.qr import qr_svg

from . import services
from .builder_forms import CopyForm, QuestionForm, SurveyForm
from .models import Question, Survey

EDIT, ENTER = "survey.edit", "survey.enter_answers"
require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _survey(caravan, pk):
    return get_object_or_404(Survey.objects.select_related("session"), pk=pk, caravan=caravan)


def _question(caravan, pk):
    return get_object_or_404(Question.objects.select_related("survey"), pk=pk, survey__caravan=caravan)


@require_safe
@login_required
def index(request, slug):
    caravan = caravan_for(request.user, slug, ENTER)
    surveys = caravan.surveys.select_related("session").order_by("created", "id")
    roles = roles_for(request.user, caravan)
    context = {"caravan": caravan, "surveys": surveys, "can_edit": allowed(roles, EDIT)}
    context["can_see_results"] = allowed(roles, "survey.results")
    return render(request, "surveys/staff/index.html", context)


@require_get_or_post
@login_required
def create(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = SurveyForm(caravan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.create_survey(caravan, request.user, **form.cleaned_data)
        return redirect("surveys:detail", caravan.slug, survey.pk)
    return _form_page(request, caravan, form, _("New survey"))


@require_get_or_post
@login_required
def edit(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    survey = _survey(caravan, pk)
    form = SurveyForm(caravan, request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.update_survey(Survey.objects.get(pk=survey.pk), request.user, **form.cleaned_data)
        return redirect("surveys:detail", caravan.slug, survey.pk)
    return _form_page(request, caravan, form, survey.title)


def _form_page(request, caravan, form, title, survey=None):
    back = reverse("surveys:detail", args=[caravan.slug, survey.pk]) if survey else None
    back = back or reverse("surveys:index", args=[caravan.slug])
    context = {"caravan": caravan, "form": form, "title": title, "back": back, "survey": survey}
    return render(request, "surveys/staff/form.html", context)


@require_safe
@login_required
def detail(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    survey = _survey(caravan, pk)
    questions = survey.questions.prefetch_related("choices").select_related("session", "speaker")
    context = {
        "caravan": caravan,
        "survey": survey,
        "questions": questions,
        "answers": survey.responses.count(),
    }
    context["link"] = request.build_absolute_uri(reverse("surveys:answer", args=[survey.token]))
    return render(request, "surveys/staff/detail.html", context)


@require_safe
@login_required
def qr(request, slug, pk):
    """The link as a large QR code, to project on the screen of the room."""
    caravan = caravan_for(request.user, slug, EDIT)
    survey = _survey(caravan, pk)
    link = request.build_absolute_uri(reverse("surveys:answer", args=[survey.token]))
    context = {"caravan": caravan, "survey": survey, "link": link, "qr": qr_svg(link)}
    return render(request, "surveys/staff/qr.html", context)


@require_POST
@login_required
def state(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    survey = _survey(caravan, pk)
    services.set_open(survey, request.POST.get("open") == "1", request.user)
    return redirect("surveys:detail", caravan.slug, survey.pk)


@require_get_or_post
@login_required
def question_create(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    survey = _survey(caravan, pk)
    return _question_page(request, caravan, survey, QuestionForm(caravan, request.POST or None))


@require_get_or_post
@login_required
def question_edit(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    question = _question(caravan, pk)
    form = QuestionForm(caravan, request.POST or None, instance=question)
    return _question_page(request, caravan, question.survey, form, question)


def _question_page(request, caravan, survey, form, question=None):
    if request.method == "POST" and form.is_valid():
        try:
            services.save_question(survey, request.user, form.fields_to_save(), form.choices, question)
        except services.SurveyError as refusal:
            form.add_error("choices_ar", refusal)
        else:
            if request.POST.get("another"):
                return redirect("surveys:question_create", caravan.slug, survey.pk)
            return redirect("surveys:detail", caravan.slug, survey.pk)
    title = _("Edit the question") if question else _("New question")
    context = {"caravan": caravan, "survey": survey, "form": form, "title": title, "question": question}
    return render(request, "surveys/staff/question_form.html", context)


@require_POST
@login_required
def send_link(request, slug, pk):
    """Send the link by SMS (or email) to the caravan's accepted participants, each once."""
    caravan = caravan_for(request.user, slug, "messages.send")
    survey = _survey(caravan, pk)
    try:
        written = services.send_link(survey, request.user)
    except services.SurveyError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d message was written to the outbox.",
                "%(count)d messages were written to the outbox.",
                written,
            )
            % {"count": written},
        )
    return redirect("surveys:detail", caravan.slug, survey.pk)


@require_POST
@login_required
def question_move(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    question = _question(caravan, pk)
    services.move_question(question, -1 if request.POST.get("step") == "up" else 1, request.user)
    return redirect(reverse("surveys:detail", args=[caravan.slug, question.survey_id]) + f"#q{question.pk}")


@require_POST
@login_required
def question_delete(request, slug, pk):
    caravan = caravan_for(request.user, slug, EDIT)
    question = _question(caravan, pk)
    try:
        services.delete_question(question, request.user)
    except services.SurveyError as refusal:
        messages.error(request, refusal.messages[0])
    return redirect("surveys:detail", caravan.slug, question.survey_id)


@require_POST
@login_required
def copy(request, slug, pk):
    """A copy in the same caravan; from a test before the training, the test after it."""
    caravan = caravan_for(request.user, slug, EDIT)
    source = _survey(caravan, pk)
    kind = Survey.Kind.KNOWLEDGE_POST if source.kind == Survey.Kind.KNOWLEDGE_PRE else source.kind
    titles = {}
    if kind != source.kind:
        titles = {f"title_{lang}": _after(getattr(source, f"title_{lang}"), lang) for lang in ("ar", "fr")}
    survey = services.copy_survey(source, caravan, request.user, kind=kind, **titles)
    messages.success(request, _("Copy made. It is closed until you open it."))
    return redirect("surveys:detail", caravan.slug, survey.pk)


def _after(title, language):
    with translation.override(language):
        return f"{title} — {_('after the training')}"


def _other_surveys(user, caravan):
    """Surveys of the other caravans where `user` may build surveys."""
    mine = [
        c.pk
        for c in Caravan.objects.for_user(user).exclude(pk=caravan.pk)
        if allowed(roles_for(user, c), EDIT)
    ]
    return (
        Survey.objects.filter(caravan__in=mine)
        .select_related("caravan")
        .order_by("-caravan__start_date", "id")
    )


@require_get_or_post
@login_required
def reuse(request, slug):
    caravan = caravan_for(request.user, slug, EDIT)
    form = CopyForm(_other_surveys(request.user, caravan), request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.copy_survey(form.cleaned_data["source"], caravan, request.user)
        messages.success(request, _("Copy made. It is closed until you open it."))
        return redirect("surveys:detail", caravan.slug, survey.pk)
    return _form_page(request, caravan, form, _("Copy a survey of another caravan"))
