"""The page where a participant answers a survey on their phone, reached by the survey's link or QR code.

No account: the person types the code printed on their badge, then answers, all on one page that works without
JavaScript. The page shows nothing of anyone: an unknown code is refused without saying whose codes exist, and
a second response is turned away kindly. Wrong codes are counted per connection (a keyed hash of the address,
as for self-registration) to stop anyone trying codes in bulk; a whole room shares one Wi-Fi address, so only
refused codes count, never answers.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from registration import ratelimit
from registration.models import Decision, Registration

from . import services
from .forms import BadgeForm
from .models import Response, Survey

require_get_or_post = require_http_methods(["GET", "HEAD", "POST"])
REFUSED_CODE = "survey.code_refused"
WRONG_CODES_PER_HOUR = 20


def _survey(token):
    return get_object_or_404(Survey.objects.select_related("caravan", "session"), token=token)


def _questions(survey):
    return survey.questions.prefetch_related("choices").order_by("order", "id")


def _page(request, survey, form, status=200):
    return render(request, "surveys/public/answer.html", {"survey": survey, "form": form}, status=status)


@require_get_or_post
def answer(request, token):
    survey = _survey(token)
    if not survey.is_open:
        return render(request, "surveys/public/closed.html", {"survey": survey})
    if request.method != "POST":
        return _page(request, survey, BadgeForm(_questions(survey)))
    if ratelimit.exceeded(request, REFUSED_CODE, WRONG_CODES_PER_HOUR):
        return render(request, "surveys/public/too_many.html", {"survey": survey}, status=429)
    form = BadgeForm(_questions(survey), request.POST)
    if not form.is_valid():
        return _page(request, survey, form)
    registration = (
        Registration.objects.filter(caravan=survey.caravan_id, decision=Decision.ACCEPTED)
        .by_badge_code(form.cleaned_data["code"])
        .first()
    )
    if registration is None:
        ratelimit.count(request, survey, REFUSED_CODE)
        form.add_error(
            "code", _("No participant of this caravan has this code. Check the code on your badge.")
        )
        return _page(request, survey, form)
    try:
        services.submit_response(survey, registration, form.values(), channel=Response.Channel.PHONE)
    except services.SurveyError as refusal:
        if refusal.code == services.CLOSED:
            return render(request, "surveys/public/closed.html", {"survey": survey})
        if refusal.code in services.ANSWER_ERRORS:
            form.add_error(None, refusal)
            return _page(request, survey, form)
        # Already answered (or a double tap): thank them, and keep the first answers.
        return render(request, "surveys/public/thanks.html", {"survey": survey, "already": True})
    return redirect("surveys:thanks", survey.token)


@require_safe
def thanks(request, token):
    return render(request, "surveys/public/thanks.html", {"survey": _survey(token)})
