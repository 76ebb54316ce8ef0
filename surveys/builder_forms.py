"""Forms of the survey builder: a survey, and a question with its choices typed one per line in each language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caravans.models import Session, Speaker

from .models import Question, Survey


def _sessions(caravan):
    return Session.objects.filter(day__caravan=caravan).exclude(kind__in=Session.NO_ATTENDANCE).select_related("day")


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["kind", "title_ar", "title_fr", "session"]
        widgets = {"title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"})}

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(caravan)


class CopyForm(forms.Form):
    """Reuse a survey of another caravan the user may build surveys for."""

    source = forms.ModelChoiceField(label=_("Survey to copy"), queryset=Survey.objects.none())

    def __init__(self, sources, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources
        self.fields["source"].label_from_instance = lambda s: f"{s.caravan.title} — {s.title}"


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    choices_ar = forms.CharField(
        label=_("Choices in Arabic"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
        help_text=_("One choice per line."),
    )
    choices_fr = forms.CharField(
        label=_("Choices in French"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "fr"}),
        help_text=_("One choice per line, in the same order as in Arabic."),
    )
    correct = forms.CharField(
        label=_("Correct choices"),
        required=False,
        max_length=40,
        help_text=_("For a knowledge test: the numbers of the correct choices, e.g. 2 or 1, 3."),
    )

    class Meta:
        model = Question
        fields = ["kind", "text_ar", "text_fr", "required", "topic", "session", "speaker"]
        widgets = {
            "text_ar": forms.Textarea(attrs={"rows": 2, "dir": "rtl", "lang": "ar"}),
            "text_fr": forms.Textarea(attrs={"rows": 2, "dir": "ltr", "lang": "fr"}),
        }

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = _sessions(caravan)
        self.fields["speaker"].queryset = Speaker.objects.filter(caravan=caravan)
        if self.instance.pk and not self.is_bound:
            choices = list(self.instance.choices.all())
            self.initial["choices_ar"] = "\n".join(c.text_ar for c in choices)
            self.initial["choices_fr"] = "\n".join(c.text_fr for c in choices)
            self.initial["correct"] = ", ".join(str(i) for i, c in enumerate(choices, start=1) if c.correct)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        arabic, french = _lines(data.get("choices_ar")), _lines(data.get("choices_fr"))
        self.choices = []
        if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if arabic or french:
                self.add_error("choices_ar", _("Only questions with choices take choices."))
            return data
        if len(arabic) < 2:
            self.add_error("choices_ar", _("Give at least two choices."))
            return data
        if french and len(french) != len(arabic):
            self.add_error("choices_fr", _("Give as many choices in French as in Arabic."))
            return data
        correct = self._correct(data.get("correct", ""), len(arabic))
        if correct is None:
            return data
        if kind == Question.Kind.SINGLE and len(correct) > 1:
            self.add_error("correct", _("A question with one choice has at most one correct choice."))
        french = french or arabic
        self.choices = [
            (ar, fr, n in correct) for n, (ar, fr) in enumerate(zip(arabic, french, strict=True), start=1)
        ]
        return data

    def _correct(self, text, count):
        numbers = [
            part.strip() for part in text.replace("،", ",").replace(" ", ",").split(",") if part.strip()
        ]
        if not all(n.isdigit() and 1 <= int(n) <= count for n in numbers):
            self.add_error("correct", _("Give numbers between 1 and the number of choices."))
            return None
        return {int(n) for n in numbers}

    def fields_to_save(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}
