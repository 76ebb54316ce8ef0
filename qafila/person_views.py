"""A person's data page (Law 09-08): everything held about them, exported as JSON or PDF, their objection and
their erasure, reached from their registration's page.

Organisers see what their caravan holds about the person and record an objection told to them; the national
coordinator (`personal_data.manage`) sees everything across caravans, exports it and erases it. Every look and
every act leaves an audit entry. CIN and phone never enter a URL: the page is found by the registration's id.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_for
from core import audit
from core.i18n import asked_language
from core.permissions import allowed
from documents.render import pdf_response, render_pdf
from messaging.models import Kind, Status
from people.models import Sex
from registration.models import Decision, Profile, Registration

from .rights import erase_person, export_person, oppose_person


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the person is erased"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=gettext_lazy("Kept in the audit log, with your name. Write no personal data here."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that the person's identity is deleted for good, in every caravan.")
    )


def _registration(caravan, pk):
    return get_object_or_404(Registration.objects.select_related("person"), caravan=caravan, pk=pk)


def _held(user, caravan, person):
    """What the page shows: everything for those who manage personal data, what `caravan` holds otherwise."""
    everything = allowed(roles_for(user, caravan), "personal_data.manage")
    return labelled(export_person(person, caravan=None if everything else caravan)), everything


def labelled(held):
    """The export with the words its codes stand for, in the active language, beside them."""
    consent = {True: _("Yes"), False: _("No"), None: _("Not asked")}
    person = held["person"]
    person["sex_label"] = Sex(person["sex"]).label if person["sex"] else ""
    person["consent_label"] = consent[person["messages_consent"]]
    for registration in held["registrations"]:
        registration["decision_label"] = Decision(registration["decision"]).label
        registration["profile_label"] = Profile(registration["profile"]).label
    for message in held["messages"]:
        message["kind_label"] = Kind(message["kind"]).label
        message["status_label"] = Status(message["status"]).label
    return held


@require_safe
@login_required
def person_data(request, slug, pk):
    caravan = caravan_for(request.user, slug, "personal_data.view")
    registration = _registration(caravan, pk)
    held, everything = _held(request.user, caravan, registration.person)
    audit.record(request.user, "personal_data.viewed", registration.person, page="person_data")
    roles = roles_for(request.user, caravan)
    context = {
        "caravan": caravan,
        "registration": registration,
        "held": held,
        "everything": everything,
        "can_oppose": allowed(roles, "personal_data.oppose"),
    }
    return render(request, "qafila/person_data.html", context)


@require_safe
@login_required
def person_data_json(request, slug, pk):
    caravan = caravan_for(request.user, slug, "personal_data.manage")
    person = _registration(caravan, pk).person
    audit.record(request.user, "personal_data.exported", person, format="json")
    response = HttpResponse(
        json.dumps(export_person(person), ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_safe
@login_required
def person_data_pdf(request, slug, pk):
    caravan = caravan_for(request.user, slug, "personal_data.manage")
    person = _registration(caravan, pk).person
    language = asked_language(request)
    audit.record(request.user, "personal_data.exported", person, format="pdf", language=language)
    with translation.override(language):
        context = {"caravan": caravan, "held": labelled(export_person(person)), "everything": True}
    pdf = render_pdf("documents/person_data.html", context, language=language)
    return pdf_response(pdf, f"person-{person.pk}-{language}.pdf")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def person_erase(request, slug, pk):
    caravan = caravan_for(request.user, slug, "personal_data.manage")
    registration = _registration(caravan, pk)
    form = EraseForm(request.POST or None)
    if registration.person.erased_at is None and form.is_valid():
        erase_person(registration.person, form.cleaned_data["reason"], request.user)
        messages.success(
            request, _("The person is anonymised: their rows stay in the figures, without a name.")
        )
        return redirect("person_data", caravan.slug, registration.pk)
    context = {"caravan": caravan, "registration": registration, "form": form}
    return render(request, "qafila/person_erase.html", context)


@require_POST
@login_required
def person_oppose(request, slug, pk):
    caravan = caravan_for(request.user, slug, "personal_data.oppose")
    registration = _registration(caravan, pk)
    if oppose_person(registration.person, request.user):
        messages.success(request, _("Recorded: no more messages and no follow-up for this person."))
    else:
        messages.info(request, _("This person had already objected."))
    return redirect("person_data", caravan.slug, registration.pk)
