"""Paper entry: staff type in the answers of paper forms, one participant after another, at the keyboard.

Find the participant by name (either script, any usual spelling) or badge code, pick them, fill the same form
as on the phone, save; the page comes back ready for the next paper. Everything about a person is POSTed:
nothing about a person goes into an address. The form is entered even when the survey is closed to phones
(papers come late).

A sheet that names no one (satisfaction forms are collected anonymously in the room) is entered without
choosing anyone (`?anonymous=1`); saved, the page comes back with the next blank sheet. Each blank form carries
a fresh key, so the same sheet saved twice is counted once.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caravans.access import caravan_for
from registration import search
from registration.models import Registration

from . import services
from .forms import AnswerForm, field_name
from .models import Response, Survey, new_token

ENTER = "survey.enter_answers"


def find(caravan, text):
    """The accepted registrations of `caravan` found by badge code, or else by name (best first)."""
    accepted = Registration.objects.accepted().filter(caravan=caravan).select_related("person__province")
    if search.could_be_code(text):
        by_code = list(accepted.by_badge_code(text))
        if by_code:
            return by_code
    found = search.find(caravan, text).registrations
    return [registration for registration in found if registration.decision == "accepted"]


def _picked(caravan, request):
    pk = request.POST.get("registration", "")
    if not pk.isdigit():
        return None
    return Registration.objects.accepted().select_related("person").filter(caravan=caravan, pk=pk).first()


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def paper(request, slug, pk):
    caravan = caravan_for(request.user, slug, ENTER)
    survey = get_object_or_404(Survey.objects.select_related("session"), pk=pk, caravan=caravan)
    answered = set(survey.responses.named().values_list("registration_id", flat=True))
    context = {"caravan": caravan, "survey": survey, "answered": answered, "count": survey.responses.count()}
    if request.GET.get("anonymous") == "1":
        return _entry(request, survey, context, None)
    registration = _picked(caravan, request) if request.method == "POST" else None
    typed = request.POST.get("q", "").strip() if request.method == "POST" else ""
    found = find(caravan, typed) if typed else None
    if found and len(found) == 1 and search.could_be_code(typed) and found[0].pk not in answered:
        registration = found[0]  # a badge code names one person: straight to their form
    if registration is None:
        context.update(typed=typed, found=found)
        return render(request, "surveys/staff/paper.html", context)
    return _entry(request, survey, context, registration)


def _entry(request, survey, context, registration):
    """The answer form of `registration`'s paper, or of a sheet that names no one (None); saved, back for the
    next paper. A refused answer (empty, a rating out of 1–5) is shown on the form; other refusals above it."""
    questions = survey.questions.prefetch_related("choices").order_by("order", "id")
    form = AnswerForm(questions, request.POST if "save" in request.POST else None)
    if form.questions and not form.is_bound:  # the keyboard starts on the first answer
        form.fields[field_name(form.questions[0])].widget.attrs["autofocus"] = True
    sheet = request.POST.get("sheet", "")[:32] or new_token()  # kept while the same sheet is corrected
    if form.is_bound and form.is_valid():
        following = reverse("surveys:paper", args=[context["caravan"].slug, survey.pk])
        following += "?anonymous=1" if registration is None else ""
        try:
            _save(request, survey, registration, form.values(), sheet)
        except services.SurveyError as refusal:
            if refusal.code not in services.ANSWER_ERRORS:
                messages.error(request, refusal.messages[0])
                return redirect(following)
            form.add_error(None, refusal)
        else:
            return redirect(following)
    name = _name(registration) if registration else None
    context.update(registration=registration, name=name, form=form, sheet=sheet)
    return render(request, "surveys/staff/paper.html", context)


def _save(request, survey, registration, values, sheet):
    if registration is None:
        services.submit_sheet(survey, values, sheet=sheet, actor=request.user)
        messages.success(request, _("Answers saved, without a name."))
    else:
        paper = Response.Channel.PAPER
        services.submit_response(survey, registration, values, channel=paper, actor=request.user)
        messages.success(request, _("Answers saved for %(name)s.") % {"name": _name(registration)})


def _name(registration):
    person = registration.person
    return person.full_name_ar or person.full_name_latin
