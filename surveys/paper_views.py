"""Paper entry: staff type in the answers of paper forms, one participant after another, at the keyboard.

Find the participant by name (either script, any usual spelling) or badge code, pick them, fill the same form
as on the phone, save; the page comes back ready for the next paper. Everything is POSTed: nothing about a
person goes into an address. The form is entered even when the survey is closed to phones (papers come late).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from caravans.access import caravan_for
from registration import search
from registration.models import Registration, clean_code

from . import services
from .forms import AnswerForm, field_name
from .models import Response, Survey

ENTER = "survey.enter_answers"


def find(caravan, text):
    """The accepted registrations of `caravan` found by badge code, or else by name (best first)."""
    accepted = Registration.objects.accepted().filter(caravan=caravan).select_related("person__province")
    if search.could_be_code(text):
        by_code = list(accepted.filter(badge_code=clean_code(text)))
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
    questions = survey.questions.prefetch_related("choices").order_by("order", "id")
    answered = set(survey.responses.values_list("registration_id", flat=True))
    context = {"caravan": caravan, "survey": survey, "answered": answered, "count": len(answered)}
    registration = _picked(caravan, request) if request.method == "POST" else None
    typed = request.POST.get("q", "").strip() if request.method == "POST" else ""
    found = find(caravan, typed) if typed else None
    if found and len(found) == 1 and search.could_be_code(typed) and found[0].pk not in answered:
        registration = found[0]  # a badge code names one person: straight to their form
    if registration is None:
        context.update(typed=typed, found=found)
        return render(request, "surveys/staff/paper.html", context)
    form = AnswerForm(questions, request.POST if "save" in request.POST else None)
    if form.questions and not form.is_bound:  # the keyboard starts on the first answer
        form.fields[field_name(form.questions[0])].widget.attrs["autofocus"] = True
    if form.is_bound and form.is_valid():
        try:
            services.submit_response(
                survey, registration, form.values(), channel=Response.Channel.PAPER, actor=request.user
            )
        except services.SurveyError as refusal:
            messages.error(request, refusal.messages[0])
        else:
            messages.success(request, _("Answers saved for %(name)s.") % {"name": _name(registration)})
        return redirect("surveys:paper", caravan.slug, survey.pk)
    context.update(registration=registration, name=_name(registration), form=form)
    return render(request, "surveys/staff/paper.html", context)


def _name(registration):
    person = registration.person
    return person.full_name_ar or person.full_name_latin
