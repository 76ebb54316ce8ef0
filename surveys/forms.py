"""The answer form (the same on a participant's phone and for paper entry) and the badge code box."""

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SCORES, Question

# A face per score, drawn (emoji fonts are missing on many cheap phones and browsers): the mouth and colour.
MOUTHS = {
    1: ("M7.5 17 Q12 12 16.5 17", "#e8a39b"),
    2: ("M8 16.5 Q12 14 16 16.5", "#f2c28f"),
    3: ("M8 15.5 H16", "#efe0a0"),
    4: ("M8 14.5 Q12 17 16 14.5", "#bfdca8"),
    5: ("M7.5 14 Q12 19.5 16.5 14", "#8fcb9b"),
}


def face(score):
    """A face for a 1–5 rating, as inline SVG, then the number (what a screen reader reads)."""
    mouth, colour = MOUTHS[score]
    return mark_safe(
        f'<svg class="face" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f'<circle cx="12" cy="12" r="10.5" fill="{colour}" stroke="#1d2327" stroke-width="1.2"/>'
        f'<circle cx="8.5" cy="9.5" r="1.3" fill="#1d2327"/><circle cx="15.5" cy="9.5" r="1.3" fill="#1d2327"/>'
        f'<path d="{mouth}" fill="none" stroke="#1d2327" stroke-width="1.4" stroke-linecap="round"/></svg>'
        f'<span class="score">{score}</span>'
    )


def field_name(question):
    return f"q{question.pk}"


def _field(question):
    """The form field for one question, labelled in the active language."""
    common = {"label": question.text, "required": question.required}
    choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if question.kind == Question.Kind.LIKERT:
        scale = [(str(n), face(n)) for n in SCORES]
        return forms.TypedChoiceField(
            choices=scale,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("A rating is a whole number from 1 to 5.")},
            **common,
        )
    if question.kind == Question.Kind.NUMBER:
        widget = forms.NumberInput(attrs={"inputmode": "decimal"})
        return forms.DecimalField(max_digits=12, decimal_places=2, widget=widget, **common)
    return forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), **common)


class AnswerForm(forms.Form):
    """One field per question of the survey; `values()` gives them as `services.submit_response` takes them."""

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            field = _field(question)
            field.question = question
            self.fields[field_name(question)] = field

    def answer_fields(self):
        return [self[field_name(question)] for question in self.questions]

    def values(self):
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question))
            if question.has_choices:
                wanted = {int(pk) for pk in ([value] if isinstance(value, str) else value or []) if pk}
                value = [choice for choice in question.choices.all() if choice.pk in wanted]
            elif value in ("", None):
                value = None
            values[question] = value
        return values


class BadgeForm(AnswerForm):
    """A participant's phone: the code printed on the badge first, then the answers."""

    code = forms.CharField(
        label=_("Your badge code"),
        max_length=30,
        help_text=_("The code printed on your badge, under the QR code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    field_order = ["code"]
