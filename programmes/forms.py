"""The coordinator's form for a programme: lists as checkboxes, texts as one line per item in each language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, StaffForm
from core.i18n import active_language
from core.sectors import sectors

from . import reasons
from .models import ApplicantForm, Kind, Stage, SupportProgramme

CHECKBOXES = {"widget": forms.CheckboxSelectMultiple, "required": False}
LINES = {"widget": forms.Textarea(attrs={"rows": 4}), "required": False}


def sector_choices():
    language = active_language()
    return [(s["key"], s[language]) for s in sectors()]


def region_choices():
    index = 0 if active_language() == "ar" else 1
    return [(code, names[index]) for code, names in reasons._region_names().items()]


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProgrammeForm(StaffForm):
    kinds = forms.MultipleChoiceField(label=_("Kinds of support"), choices=Kind.choices, **CHECKBOXES)
    applicant_forms = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=ApplicantForm.choices,
        help_text=_("None ticked: no rule known."),
        **CHECKBOXES,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), help_text=_("None ticked: every sector."), **CHECKBOXES
    )
    excluded_sectors = forms.MultipleChoiceField(label=_("Excluded sectors"), **CHECKBOXES)
    regions = forms.MultipleChoiceField(
        label=_("Regions"), help_text=_("None ticked: every region."), **CHECKBOXES
    )
    stages = forms.MultipleChoiceField(
        label=_("Project stages"),
        choices=Stage.choices,
        help_text=_("None ticked: every stage."),
        **CHECKBOXES,
    )
    other_ar = forms.CharField(
        label=_("Other conditions (Arabic)"),
        help_text=_(
            "One condition per line, in the same order in both languages. A person confirms them per project."
        ),
        **LINES,
    )
    other_fr = forms.CharField(label=_("Other conditions (French)"), **LINES)
    documents_ar = forms.CharField(
        label=_("Documents required (Arabic)"), help_text=_("One document per line."), **LINES
    )
    documents_fr = forms.CharField(label=_("Documents required (French)"), **LINES)
    source_lines = forms.CharField(
        label=_("Sources"),
        help_text=_("One per line: the address (https://…), optionally after a short name."),
        **LINES,
    )

    class Meta:
        model = SupportProgramme
        fields = [
            "key",
            "name_ar",
            "name_fr",
            "operator_ar",
            "operator_fr",
            "kinds",
            "summary_ar",
            "summary_fr",
            "max_grant_mad",
            "max_share_of_investment",
            "max_loan_mad",
            "rate",
            "repayment_years",
            "grace_years",
            "amounts_note_ar",
            "amounts_note_fr",
            "applicant_forms",
            "age_min",
            "age_max",
            "holder_sex",
            "cooperative_max_age_years",
            "requires_soulaliyate_member",
            "max_turnover_mad",
            "sectors",
            "excluded_sectors",
            "zone",
            "regions",
            "min_project_cost_mad",
            "max_project_cost_mad",
            "min_own_contribution_share",
            "stages",
            "sources_as_of",
            "checked_on",
            "confidence",
            "state",
            "status_note_ar",
            "status_note_fr",
        ]
        widgets = {
            "checked_on": DATE["widget"],
            **{
                f"{name}_{lang}": forms.Textarea(attrs={"rows": 3})
                for name in ["operator"]
                for lang in ["ar", "fr"]
            },
        }

    FIELDSETS = [
        (
            _("The programme"),
            ["key", "name_ar", "name_fr", "operator_ar", "operator_fr", "kinds", "summary_ar", "summary_fr"],
        ),
        (
            _("Amounts"),
            [
                "max_grant_mad",
                "max_share_of_investment",
                "max_loan_mad",
                "rate",
                "repayment_years",
                "grace_years",
            ]
            + ["amounts_note_ar", "amounts_note_fr"],
        ),
        (
            _("Conditions"),
            ["applicant_forms", "age_min", "age_max", "holder_sex", "cooperative_max_age_years"]
            + [
                "requires_soulaliyate_member",
                "max_turnover_mad",
                "sectors",
                "excluded_sectors",
                "zone",
                "regions",
            ]
            + ["min_project_cost_mad", "max_project_cost_mad", "min_own_contribution_share", "stages"],
        ),
        (_("Other conditions and documents"), ["other_ar", "other_fr", "documents_ar", "documents_fr"]),
        (
            _("Sources and status"),
            [
                "source_lines",
                "sources_as_of",
                "checked_on",
                "confidence",
                "state",
                "status_note_ar",
                "status_note_fr",
            ],
        ),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["sectors", "excluded_sectors"]:
            self.fields[name].choices = sector_choices()
        self.fields["regions"].choices = region_choices()
        programme = self.instance
        if programme.pk:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _("The key never changes: projects' confirmations refer to it.")
        if not self.is_bound:
            for lang in ["ar", "fr"]:
                self.initial[f"other_{lang}"] = "\n".join(c[lang] for c in programme.other_conditions)
                self.initial[f"documents_{lang}"] = "\n".join(d[lang] for d in programme.documents)
            self.initial["source_lines"] = "\n".join(
                f"{s.get('key', '')} {s.get('url', '')}".strip() for s in programme.sources
            )

    @property
    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def clean(self):
        data = super().clean()
        pairs = {}
        for name in ["other", "documents"]:
            ar, fr = _lines(data.get(f"{name}_ar")), _lines(data.get(f"{name}_fr"))
            if len(ar) != len(fr):
                message = _("Write as many lines in Arabic (%(ar)s) as in French (%(fr)s), one per item.")
                self.add_error(f"{name}_fr", message % {"ar": len(ar), "fr": len(fr)})
            pairs[name] = list(zip(ar, fr, strict=False))
        # A reader sees only their language: a text in one language only would show in the other's pages.
        for name in ["operator", "summary", "amounts_note", "status_note"]:
            written = {
                language: bool((data.get(f"{name}_{language}") or "").strip()) for language in ("ar", "fr")
            }
            if written["ar"] != written["fr"]:
                missing = "ar" if not written["ar"] else "fr"
                self.add_error(
                    f"{name}_{missing}", _("Write this text in Arabic and in French, or in neither.")
                )
        self.instance.other_conditions = self._keyed(pairs["other"])
        self.instance.documents = [{"ar": ar, "fr": fr} for ar, fr in pairs["documents"]]
        self.instance.sources = [_source(line) for line in _lines(data.get("source_lines"))]
        return data

    def _keyed(self, pairs):
        """Conditions keep their key by position, so that projects' confirmations survive a rewording."""
        before = self.instance.other_conditions
        old = [c["key"] for c in before]
        keys, taken = [], set(old)
        for index in range(len(pairs)):
            if index < len(old):
                keys.append(old[index])
                continue
            number = index + 1
            while f"c{number}" in taken:
                number += 1
            taken.add(f"c{number}")
            keys.append(f"c{number}")
        # What else a condition carries (its `met_when`) stays with its key.
        kept = {c["key"]: c for c in before}
        return [
            {**kept.get(key, {}), "key": key, "ar": ar, "fr": fr}
            for key, (ar, fr) in zip(keys, pairs, strict=True)
        ]


def _source(line):
    words = line.split()
    url = next((w for w in words if w.startswith(("http://", "https://"))), "")
    return {"key": " ".join(w for w in words if w != url), "url": url}


class CatalogueFilter(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Still open (active or unclear)")),
            ("all", _("All, ended included")),
            *SupportProgramme.State.choices,
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Kind.choices]

    def apply(self, programmes):
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state", "")
        if not state:
            programmes = programmes.current()
        elif state != "all":
            programmes = programmes.filter(state=state)
        if data.get("kind"):
            programmes = programmes.of_kind(data["kind"])
        return programmes
