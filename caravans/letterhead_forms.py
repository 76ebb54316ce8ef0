"""The letterhead page's forms: the authorities' lines, a signatory, a partner's logo."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import StaffForm

from .models import Letterhead, Signatory


class LetterheadForm(StaffForm):
    class Meta:
        model = Letterhead
        fields = [
            "ministry_ar",
            "ministry_fr",
            "directorate_ar",
            "directorate_fr",
            "territory_ar",
            "territory_fr",
        ]
        help_texts = {"territory_ar": _("For example: عمالة طنجة-أصيلة")}


class SignatoryForm(StaffForm):
    class Meta:
        model = Signatory
        fields = ["document", "title_ar", "title_fr", "name_ar", "name_fr", "order"]
        help_texts = {"title_ar": _("For example: عامل عمالة طنجة-أصيلة")}


class LogoForm(forms.Form):
    logo = forms.FileField(label=_("Logo (PNG or JPEG, at most 2 MB)"))
