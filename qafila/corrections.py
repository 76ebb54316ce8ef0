"""Correcting a registered person's identity from their registration's page (issue #11).

The page composes three apps, which is why it lives here: `registration.corrections` corrects the person
(`people.corrections`) and the registration and decides it again; then `certificates.services.reissue_for`
puts the corrected name on the person's certificates under their own numbers, in the same transaction
(certificates sit above registration: the caller calls the next step). Badges, sign-in sheets and lists read
the person, so a reprint shows the corrected name.

The form is registration's entry form, prefilled: every value is read as a new entry reads it. It shows CIN, phone
and birth date, so each look at it is audited (`personal_data.viewed`); they travel in the POST body only.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from caravans.access import caravan_for
from certificates.models import Certificate
from certificates.services import reissue_for
from core import audit
from core.sectors import sector_label
from people.corrections import CORRECTED, CorrectionError, review_same_cin
from people.identifiers import display_phone
from people.models import Person, Sex
from places.models import Province
from registration import corrections, reasons
from registration.entry import commune_named
from registration.entry_forms import EntryForm, ProvinceChoiceField, place_pickers
from registration.models import Decision, Registration

PLACE_CHOICES = [
    (corrections.KEEP, gettext_lazy("They keep their place: a staff decision against the rules")),
    (
        corrections.RELEASE,
        gettext_lazy("Apply the rules: the first person on the waiting list takes the place"),
    ),
]


class CorrectionForm(EntryForm):
    """The entry form for someone already registered: no workshops, no consent (given when they registered)."""

    province = ProvinceChoiceField(
        queryset=Province.objects.select_related("region").order_by("name_fr"),
        label=gettext_lazy("Prefecture or province"),
        required=False,
        empty_label="—",
    )
    place = forms.ChoiceField(
        label=gettext_lazy("Their place"), choices=PLACE_CHOICES, required=False, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=gettext_lazy("Why they keep it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
        help_text=gettext_lazy("Kept in the history of the registration, with your name."),
    )

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(caravan, *args, **kwargs)
        self.fields["sex"].choices = [("", "—"), *Sex.choices]
        self.fields["project_idea"].widget = forms.Textarea(attrs={"rows": 3, "dir": "auto"})
        for name, datalist in [("commune", "communes"), ("community", "communities")]:
            self.fields[name].widget.attrs.update(list=datalist, autocomplete="off")

    def add_workshop_fields(self, caravan):
        self._workshop_days = []  # a participant's wishes are their own business, not a correction's

    def clean(self):
        data = super().clean()
        if data.get("commune") and commune_named(data.get("province"), data["commune"]) is None:
            self.add_error("commune", _("No commune of this prefecture or province has this name."))
        return data

    def choice(self):
        """What the staff member said of a place at stake (`corrections.correct`'s `place`, `justification`)."""
        return {
            "place": self.cleaned_data["place"] or None,
            "justification": self.cleaned_data["justification"],
        }


def initial(registration):
    """The form's values: what the registry holds, as a person would write it."""
    person, cooperative = registration.person, registration.cooperative
    sector = registration.sector_text or (sector_label(registration.sector) if registration.sector else "")
    founded = _as_written(cooperative.founded_on, cooperative.founded_year) if cooperative else ""
    return {
        "full_name_ar": person.full_name_ar,
        "full_name_latin": person.full_name_latin,
        "cin": person.cin,
        "sex": person.sex,
        "birth_date": _as_written(person.birth_date, person.birth_year),
        "phone": display_phone(person.phone),
        "province": person.province_id,
        "commune": person.commune.name if person.commune else "",
        "community": person.community.name if person.community else person.community_declared,
        "profile": registration.profile,
        "cooperative_name": cooperative.name if cooperative else "",
        "cooperative_founded": founded,
        "project_idea": registration.project_idea,
        "sector": sector,
    }


def _as_written(date, year):
    """A date as the form reads it back (day/month/year), else the year alone."""
    return date.strftime("%d/%m/%Y") if date else year or ""


def correct(registration, entry, *, actor, place=None, justification=""):
    """Correct the registration's person and details, then the names on their certificates, all or nothing;
    returns (`registration.corrections.Corrected`, the certificates renamed). A CIN refused because another
    record holds it leaves that pair queued in the review of likely duplicates, where the two are merged."""
    try:
        with transaction.atomic():
            corrected = corrections.correct(
                registration, entry, actor=actor, place=place, justification=justification
            )
            reissued = reissue_for(corrected.registration.person, actor) if corrected.changes else []
    except CorrectionError as refusal:
        if refusal.code == "cin_taken":
            review_same_cin(registration.person, refusal.context["holder"])
        raise
    return corrected, reissued


def _registration(caravan, pk):
    related = ("person__province", "person__commune", "person__community", "cooperative")
    return get_object_or_404(Registration.objects.select_related(*related), caravan=caravan, pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def correct_person(request, slug, pk):
    caravan = caravan_for(request.user, slug, "person.correct")
    registration = _registration(caravan, pk)
    refusal = None
    if request.method == "POST":
        form = CorrectionForm(caravan, request.POST)
        if form.is_valid():
            try:
                done = correct(registration, form.entry(), actor=request.user, **form.choice())
            except CorrectionError as refused:
                form.add_error(refused.field, refused)
                refusal = refused
            else:
                _tell(request, *done)
                return redirect("correct_person", caravan.slug, registration.pk)
    else:
        form = CorrectionForm(caravan, initial=initial(registration))
    return _page(request, caravan, registration, form, refusal)


def _page(request, caravan, registration, form, refusal=None):
    """The form (with the rules' verdict when a place is at stake) and what may be printed again."""
    audit.record(request.user, "personal_data.viewed", registration.person, page="correct_person")
    context = {
        "caravan": caravan,
        "registration": registration,
        "reasons": reasons.messages(registration.reasons),
        "form": form.focus(),
        "verdict": _shown(refusal.context.get("verdict")) if refusal else None,
        "cin_taken": refusal is not None and refusal.code == "cin_taken",
        "badge": registration.decision == Decision.ACCEPTED and registration.badge_code,
        "certificates": Certificate.objects.valid().filter(registration=registration),
        **place_pickers(caravan),
    }
    return render(request, "qafila/correct_person.html", context)


def _shown(verdict):
    """The rules' verdict on a place at stake, as the page shows it (None: no place at stake)."""
    if verdict is None:
        return None
    label = Decision(verdict.decision).label
    return {"decision": verdict.decision, "label": label, "reasons": reasons.messages(verdict.reasons)}


def _tell(request, corrected, reissued):
    """Say what the correction did: the fields, the decision, a place given, a duplicate, the certificates."""
    if not corrected.changes:
        messages.info(request, _("Nothing to correct: the record already says this."))
        return
    labels = dict.fromkeys(_label(name) for name in corrected.changes)
    messages.success(request, _("Corrected: %(fields)s.") % {"fields": ", ".join(labels)})
    registration, verdict = corrected.registration, corrected.verdict
    if registration.decision != corrected.previous:
        label = registration.get_decision_display()
        messages.success(request, _("The decision is now: %(decision)s.") % {"decision": label})
    if corrected.staff_decided and verdict.decision != registration.decision:
        messages.warning(
            request,
            _(
                "A staff decision stands on this registration; with the corrected facts the rules would say: %(verdict)s."
            )
            % {"verdict": Decision(verdict.decision).label},
        )
    if corrected.promoted:
        messages.info(
            request,
            _("%(name)s was promoted from the waiting list and takes the freed place.")
            % {"name": corrected.promoted.person},
        )
    if corrected.likely:
        messages.warning(
            request,
            _(
                "This record now looks like another one: %(names)s. The review of likely duplicates has the pair."
            )
            % {"names": ", ".join(str(match.person) for match in corrected.likely)},
        )
    for certificate in reissued:
        messages.info(
            request,
            _("Certificate %(number)s now carries the corrected name: print it again.")
            % {"number": certificate.number},
        )


# Fields told under another one's name: a birth year is the birth date's, a sector as written the sector's.
TOLD_AS = {"birth_year": "birth_date", "community_declared": "community", "sector_text": "sector"}


def _label(name):
    """A corrected field's name, as the registry's records call it."""
    model = Person if name in CORRECTED else Registration
    return str(capfirst(model._meta.get_field(TOLD_AS.get(name, name)).verbose_name))
