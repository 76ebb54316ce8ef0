"""The public questionnaire page a follow-up SMS links to: no login, the secret in the address, one answer.

The page speaks the holder's language unless the visitor chose the other one. It sends no Referer and is never
stored by a browser or a proxy. There is no CSRF token: the secret in the address is what a forged form would
need, and a refused token would be logged with the address (the secret) by Django's CSRF check."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .questionnaire import (
    QuestionnaireError,
    answer_questionnaire,
    financing_programmes,
    open_questionnaire,
)
from .questionnaire_forms import QuestionnaireForm
from .services import FollowUpError

PAGE = "projects/followup/questionnaire.html"
DONE = "projects/followup/questionnaire_done.html"
STATUS = {"link_invalid": 404, "link_expired": 410, "link_used": 200}


def _language(request, holder):
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return (holder.language if holder is not None else "") or settings.LANGUAGE_CODE


def _private(response):
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def questionnaire(request, secret):
    """GET shows the questions and changes nothing (a link preview opens it too); POST records the answers."""
    try:
        follow_up = open_questionnaire(secret)
    except QuestionnaireError as refusal:
        return _private(_refused(request, refusal))
    with translation.override(_language(request, follow_up.project.holder)):
        form = QuestionnaireForm(financing_programmes(), request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                answer_questionnaire(secret, form.cleaned_data)
            except QuestionnaireError as refusal:  # a double tap: the first answer is kept
                return _private(_refused(request, refusal))
            except FollowUpError as refusal:
                form.add_error(refusal.field if refusal.field in form.fields else None, refusal.messages)
            else:
                return _private(redirect("projects:questionnaire", secret))
        context = {"form": form, "project": follow_up.project}
        return _private(render(request, PAGE, context))


def _refused(request, refusal):
    holder = refusal.follow_up.project.holder if refusal.follow_up else None
    context = {"refused": refusal.code, "message": refusal.message}
    with translation.override(_language(request, holder) if holder else translation.get_language()):
        return render(request, DONE, context, status=STATUS[refusal.code])
