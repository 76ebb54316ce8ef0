"""Forms of the follow-up pages: the contact's outcome (one screen on a phone, each section optional), sharing
contacts out, and the caravan's follow-up months."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DATE
from programmes.models import SupportProgramme
from projects.models import FoundingStep

from .models import FollowUp, Outcome
from .services import FollowUpError, build_outcome
from .worklist import FOLLOWED_STEPS, step_labels

NUMBER = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}
AMOUNT = {"inputmode": "decimal", "autocomplete": "off", "dir": "ltr"}
# Where build_outcome's refusal of one field of a kind shows on this form (the kinds share field names).
ERROR_FIELDS = {
    (Outcome.Kind.FOUNDING_STEP, "on"): "step_on",
    (Outcome.Kind.FINANCING, "on"): "financing_on",
    (Outcome.Kind.FINANCING, "amount_mad"): "financing_amount",
    (Outcome.Kind.FIRST_SALE, "on"): "sale_on",
    (Outcome.Kind.FIRST_SALE, "amount_mad"): "sale_amount",
}
MAX_MILESTONES = 6
MAX_MONTHS = 60


class ProgrammeChoice(forms.ModelChoiceField):
    def label_from_instance(self, programme):
        return programme.name


class OutcomeForm(forms.Form):
    """A contact: reached or not, how, and what changed; each section is kept only when filled.

    "Not reached" is its own button (`NOT_REACHED` in the data): one tap, and the sections are left aside."""

    NOT_REACHED = "not_reached"

    contacted_on = forms.DateField(label=_("Date of the contact"), widget=DATE["widget"])
    channel = forms.ChoiceField(
        label=_("How"),
        choices=[(FollowUp.Channel.PHONE, _("Phone call")), (FollowUp.Channel.VISIT, _("Visit"))],
        widget=forms.RadioSelect,
        initial=FollowUp.Channel.PHONE,
    )
    step = forms.ChoiceField(label=_("Step"), required=False)
    step_status = forms.ChoiceField(
        label=_("Where it stands"),
        choices=[(status, FoundingStep.Status(status).label) for status in ("done", "in_progress")],
        widget=forms.RadioSelect,
        initial="done",
        required=False,
    )
    reference = forms.CharField(
        label=pgettext_lazy("a document's number", "Number"),
        max_length=60,
        required=False,
        help_text=_("The court register number, the ICE…"),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    step_on = forms.DateField(label=_("Date of the step"), required=False, widget=DATE["widget"])
    programme = ProgrammeChoice(
        label=_("Support programme"), queryset=SupportProgramme.objects.none(), required=False
    )
    financing = forms.ChoiceField(
        label=_("Application"), choices=Outcome.Financing.choices, widget=forms.RadioSelect, required=False
    )
    financing_amount = forms.CharField(
        label=_("Amount (MAD)"), required=False, widget=forms.TextInput(attrs=AMOUNT)
    )
    financing_on = forms.DateField(label=_("Date of the answer"), required=False, widget=DATE["widget"])
    jobs_women = forms.CharField(label=_("Women"), required=False, widget=forms.TextInput(attrs=NUMBER))
    jobs_men = forms.CharField(label=_("Men"), required=False, widget=forms.TextInput(attrs=NUMBER))
    jobs_under_35 = forms.CharField(
        label=_("Of whom under 35"), required=False, widget=forms.TextInput(attrs=NUMBER)
    )
    first_sale = forms.BooleanField(label=_("The project made its first sales"), required=False)
    sale_amount = forms.CharField(
        label=_("Sales so far (MAD)"), required=False, widget=forms.TextInput(attrs=AMOUNT)
    )
    sale_on = forms.DateField(label=_("Date of the first sale"), required=False, widget=DATE["widget"])
    active = forms.ChoiceField(
        label=_("Still active?"),
        choices=[("", _("Not asked")), ("yes", _("Still active")), ("no", _("Stopped"))],
        widget=forms.RadioSelect,
        required=False,
    )
    blocker = forms.ChoiceField(label=_("What blocks the project"), required=False)
    support_asked = forms.CharField(
        label=_("Support asked for"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=300,
        required=False,
        help_text=_("What shows it: a document seen, a receipt, a photo…"),
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.outcomes = []
        labels = step_labels(get_language())
        self.fields["step"].choices = [("", "—"), *((step, labels[step]) for step in FOLLOWED_STEPS)]
        self.fields["programme"].queryset = SupportProgramme.objects.order_by("key")
        self.fields["blocker"].choices = [("", "—"), *Outcome.Blocker.choices]
        self.fields["contacted_on"].initial = timezone.localdate()

    @property
    def reached(self):
        return self.NOT_REACHED not in self.data

    def clean(self):
        data = super().clean()
        if self.errors or not self.reached:
            return data  # a contact that reached nobody brings back no outcome
        for kind, on, fields in self._filled(data):
            try:
                self.outcomes.append(build_outcome(self.project, kind, on or data["contacted_on"], **fields))
            except FollowUpError as error:
                name = ERROR_FIELDS.get((kind, error.field), error.field)
                self.add_error(name if name in self.fields else "contacted_on", error)
        return data

    def _filled(self, data):
        """(kind, date, fields) of each section that was filled in."""
        shared = {"evidence": data["evidence"]}
        if data["step"]:
            step = {"step": data["step"], "step_status": data["step_status"], "reference": data["reference"]}
            yield Outcome.Kind.FOUNDING_STEP, data["step_on"], {**step, **shared}
        if data["programme"] or data["financing"]:
            money = {"programme": data["programme"], "financing": data["financing"]}
            yield (
                Outcome.Kind.FINANCING,
                data["financing_on"],
                {
                    **money,
                    "amount_mad": data["financing_amount"],
                    **shared,
                },
            )
        jobs = {name: data[name] for name in ("jobs_women", "jobs_men", "jobs_under_35")}
        if any(value.strip() for value in jobs.values()):
            yield Outcome.Kind.JOBS, None, {**jobs, **shared}
        if data["first_sale"] or data["sale_amount"].strip():
            yield Outcome.Kind.FIRST_SALE, data["sale_on"], {"amount_mad": data["sale_amount"], **shared}
        if data["active"]:
            yield Outcome.Kind.ACTIVITY, None, {"active": data["active"] == "yes", **shared}
        if data["blocker"]:
            yield (
                Outcome.Kind.BLOCKER,
                None,
                {
                    "blocker": data["blocker"],
                    "support_asked": data["support_asked"],
                    **shared,
                },
            )


class AssignForm(forms.Form):
    """Put the ticked contacts (or every contact of the tab shown) in a trainer's or an agent's charge."""

    contacts = forms.ModelMultipleChoiceField(queryset=FollowUp.objects.none(), required=False)
    user = forms.ModelChoiceField(
        label=_("In the charge of"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, caravan, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = FollowUp.objects.filter(caravan=caravan)
        self.fields["user"].queryset = team
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class MonthsForm(forms.Form):
    """The caravan's follow-up milestones, typed as they are said: "3, 6, 12"."""

    months = forms.CharField(
        label=_("Follow-up contacts, in months after the last day"),
        max_length=40,
        help_text=_("For example: 3, 6, 12"),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_months(self):
        parts = [part.strip() for part in self.cleaned_data["months"].replace("،", ",").split(",")]
        try:
            months = sorted({int(part) for part in parts if part})
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers of months separated by commas, for example: 3, 6, 12."), code="invalid"
            ) from None
        if not months or len(months) > MAX_MILESTONES or not all(1 <= n <= MAX_MONTHS for n in months):
            raise forms.ValidationError(
                _("Between one and %(count)s contacts, each between 1 and %(max)s months after the last day.")
                % {"count": MAX_MILESTONES, "max": MAX_MONTHS},
                code="out_of_range",
            )
        return months
