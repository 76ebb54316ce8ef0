"""Forms of the project pages: small ones, each a screen on a phone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE
from core.sectors import sector_label, sectors
from registration.models import Decision

from . import canvas
from .models import FoundingStep, Stage


def sector_choices():
    return [("", "—"), *((sector["key"], sector_label(sector["key"])) for sector in sectors())]


class ProjectFilterForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [("", _("All stages")), *Stage.choices]
        self.fields["sector"].choices = [("", _("All sectors")), *sector_choices()[1:]]

    def filter(self, projects):
        if not self.is_valid():
            return projects
        for name in ("stage", "sector"):
            if self.cleaned_data.get(name):
                projects = projects.filter(**{name: self.cleaned_data[name]})
        return projects


class RegistrationChoice(forms.ModelChoiceField):
    def label_from_instance(self, registration):
        person = registration.person
        return " — ".join(filter(None, [person.full_name_ar, person.full_name_latin]))


class ProjectCreateForm(forms.Form):
    registration = RegistrationChoice(label=_("Participant"), queryset=None)
    title = forms.CharField(
        label=_("Project title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to start from the project idea given at registration."),
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration"].queryset = (
            registrations.exclude(decision=Decision.CANCELLED)
            .select_related("person", "caravan", "cooperative")
            .order_by("person__full_name_ar", "person__full_name_latin")
        )


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = sector_choices()


class CanvasBlockForm(forms.Form):
    text = forms.CharField(
        required=False,
        max_length=canvas.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 7, "dir": "auto"}),
    )

    def __init__(self, *args, block, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = block.question
        self.fields["text"].help_text = block.examples


class FoundingStepForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=FoundingStep.Status.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DATE["widget"],  # a date input takes ISO dates, whatever the language's format
        help_text=_("When the step was started or done."),
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents gathered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = documents
        if not documents:
            del self.fields["documents"]
