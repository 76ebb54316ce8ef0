"""The public finder: a few questions one screen at a time, then every programme grouped by how it fits.

No account, no JavaScript, no cookie: each screen is a GET form whose answers so far ride in the link's code
(`finder.encode`), so nothing is stored and a link reopens the same answers. The coordinator's freshness list
(`stale`) sits here too: it is about the same public information.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe

from . import describe, finder
from .finder_forms import STEPS, FinderForm, asked
from .matching import ELIGIBLE
from .models import SupportProgramme
from .services import mark_checked
from .views import require_catalogue

# Answers that are numbers or dates: None when skipped (the others: "").
UNANSWERED_IS_NONE = {"age", "amount", "own", "founded"}


def _initial(answers):
    return {name: getattr(answers, name) for name in STEPS if getattr(answers, name) not in (None, "")}


def _step_url(step, answers):
    return f"{reverse('programmes:finder')}?{urlencode({'q': step, 'a': finder.encode(answers)})}"


def _ask(request, answers, step, form):
    steps = asked(answers)
    position = steps.index(step)
    context = {
        "form": form,
        "field": form[step],
        "step": step,
        "code": finder.encode(answers),
        "number": position + 1,
        "count": len(steps),
        "back": _step_url(steps[position - 1], answers) if position else "",
    }
    return render(request, "programmes/finder/ask.html", context)


# Compressed: Arabic text weighs two bytes a letter, and cheap phones on rural networks pay for each one. The
# pages reflect only answers read back from known values, and Django masks its CSRF token per response (BREACH).
@require_safe
@gzip_page
def ask(request):
    """One question (`?q=`), with the answers so far (`?a=`); the first question by default."""
    answers = finder.decode(request.GET.get("a", ""))
    steps = asked(answers)
    step = request.GET.get("q")
    return _ask(request, answers, step if step in steps else steps[0], FinderForm(initial=_initial(answers)))


@require_safe
@gzip_page
def answer(request):
    """Read one answer (or its skipping), then go to the next question, or to the result after the last one."""
    answers = finder.decode(request.GET.get("a", ""))
    step = request.GET.get("q")
    if step not in asked(answers):
        return redirect(_step_url(asked(answers)[0], answers))
    value = None if step in UNANSWERED_IS_NONE else ""
    if "skip" not in request.GET:
        form = FinderForm(request.GET)
        form.is_valid()
        if step in form.errors:
            return _ask(request, answers, step, form)
        value = form.cleaned_data[step]
    answers = finder.with_answer(answers, **{step: value})
    steps = asked(answers)
    later = steps[steps.index(step) + 1 :] if step in steps else []
    if later:
        return redirect(_step_url(later[0], answers))
    return redirect("programmes:finder_result", code=finder.encode(answers))


def entries(pairs, language=None):
    """What the result page and its PDF show of each programme: what it gives, whom to ask, the reasons."""
    return [
        {
            "programme": programme,
            "match": match,
            "amounts": describe.amounts(programme, language),
            "documents": describe.documents(programme, language),
            # Why a programme fits: its conditions, all met (a programme to check or that does not fit says why).
            "conditions": describe.conditions(programme, language) if match.status == ELIGIBLE else [],
            "sources": describe.sources(programme),
        }
        for programme, match in pairs
    ]


def result_context(code, language=None):
    """The result of a code's answers, for the page and the PDF alike."""
    answers = finder.decode(code)
    groups = finder.results(answers)
    return {
        "answers": answers,
        "code": finder.encode(answers),
        "province": answers.province_obj() if answers.province else None,
        "fits": entries(groups["eligible"], language),
        "to_check": entries(groups["missing"], language),
        "no_fit": entries(groups["not_eligible"], language),
        "closed": finder.closed(),
        "today": timezone.localdate(),
    }


def catalogue_version():
    """Changes the moment a person edits, checks or closes a programme (one small query); a reload of the research
    file shows within `QAFILA_CACHE_SECONDS`."""
    # A fixed statement: compiling the ORM's aggregate cost more than the cached page it guards (profiled).
    with connection.cursor() as cursor:
        cursor.execute(CATALOGUE_VERSION)
        return ":".join(map(str, cursor.fetchone()))


CATALOGUE_VERSION = (
    "SELECT COUNT(*), MAX(edited_at), MAX(checked_on), MAX(closed_on) FROM " + SupportProgramme._meta.db_table
)


@require_safe
@gzip_page
def result(request, code):
    """For anonymous visitors the same answers give the same page, on a given day and catalogue: rendered once
    per process and served from the cache (matching and laying out every programme is most of its cost)."""
    if request.user.is_authenticated:
        return _result(request, code)
    parts = [catalogue_version(), str(timezone.localdate()), get_language(), request.build_absolute_uri()]
    # Hashed: a key with spaces or longer than 250 characters would break a memcached cache.
    key = "finder:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        response = _result(request, code)
        if response.status_code != 200:
            return response
        html = response.content
        cache.set(key, html, settings.QAFILA_CACHE_SECONDS)
    return HttpResponse(html)


def _result(request, code):
    context = result_context(code)
    if context["code"] != code:  # an edited or old link: show it under the answers it was read as
        return redirect("programmes:finder_result", code=context["code"])
    context["link"] = request.build_absolute_uri()
    context["steps"] = [(step, _step_url(step, context["answers"])) for step in asked(context["answers"])]
    return render(request, "programmes/finder/result.html", context)


@require_safe
@login_required
def stale(request):
    """The programmes whose information was last checked more than a year ago, for the coordinator to check."""
    require_catalogue(request.user, "programmes.edit")
    today = timezone.localdate()
    context = {
        "programmes": SupportProgramme.objects.stale(today),
        "closed": finder.closed(),
        "today": today,
    }
    return render(request, "programmes/stale.html", context)


@require_POST
@login_required
def checked(request, pk):
    require_catalogue(request.user, "programmes.edit")
    programme = mark_checked(request.user, get_object_or_404(SupportProgramme, pk=pk))
    messages.success(request, _("Marked as checked today: %(name)s.") % {"name": programme.name})
    return redirect("programmes:stale")
