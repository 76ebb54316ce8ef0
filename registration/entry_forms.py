"""The two forms that enter one person: the public self-registration form and the staff quick-entry form.

Both read their fields the same way (`people.identifiers`: a CIN of unusual shape is accepted and left to the
rules, `cin_unusual`), give each error next to its field in the active language (the reading reasons'
sentences of `registration.reasons` where one exists), offer the caravan's workshops to rank
(`workshop_forms`), and hand an `entry.Entry` to `entry.enter`.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.i18n import active_language
from core.sectors import sectors
from core.text import has_arabic
from people import identifiers
from people.models import Sex, SoulaliyateCommunity
from people.services import PersonFacts
from places.models import Commune, Province

from .eligibility import Rules
from .entry import Entry, commune_named, community_named
from .importing import match_sector
from .models import Profile
from .reasons import message
from .workshop_forms import WorkshopChoices


def region_provinces(caravan):
    """The provinces of the regions a caravan is for (its own region unless its rules name others)."""
    regions = Rules.for_caravan(caravan).region_codes or (caravan.region.code,)
    return Province.objects.filter(region__code__in=regions).select_related("region")


def place_defaults(caravan):
    """A first entry's defaults: the province, when the caravan is for a single one."""
    provinces = list(region_provinces(caravan)[:2])
    return {"province": provinces[0].name} if len(provinces) == 1 else {}


def place_pickers(caravan):
    """The suggestions of an entry form's place fields (datalists): the region's provinces, communes,
    communities, and the sectors."""
    provinces = list(region_provinces(caravan))
    return {
        "provinces": provinces,
        "communes": Commune.objects.filter(province__in=provinces),
        "communities": SoulaliyateCommunity.objects.filter(province__in=provinces),
        "sectors": sectors(),
    }


class ProvinceChoiceField(forms.ModelChoiceField):
    """A province shown by both its names, the active language's first: «طنجة أصيلة — Tanger-Assilah»."""

    def label_from_instance(self, province):
        other = province.name_fr if province.name == province.name_ar else province.name_ar
        return f"{province.name} — {other}" if other and other != province.name else province.name


def email_field():
    return forms.EmailField(
        label=_("Email address (optional)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email", "spellcheck": "false"}),
    )


def _reading_error(code):
    return ValidationError(message(code), code=code)


class EntryForm(WorkshopChoices, forms.Form):
    """The fields and checks both forms share; the subclasses say what is required and how it looks."""

    full_name_ar = forms.CharField(label=_("Full name in Arabic letters"), max_length=200, required=False)
    full_name_latin = forms.CharField(label=_("Full name in Latin letters"), max_length=200, required=False)
    cin = forms.CharField(
        label=_("National identity card number (CIN)"),
        max_length=30,
        required=False,
        help_text=_("For example: AB123456"),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth_date = forms.CharField(
        label=_("Date of birth"),
        max_length=30,
        required=False,
        help_text=_("Day/month/year, for example 12/03/1990"),
    )
    phone = forms.CharField(
        label=_("Phone number"), max_length=40, required=False, help_text=_("For example: 06 12 34 56 78")
    )
    commune = forms.CharField(label=_("Commune"), max_length=120, required=False)
    community = forms.CharField(
        label=_("Soulaliyate community"),
        max_length=200,
        required=False,
        help_text=_("The soulaliyate (collective land) community you belong to"),
    )
    profile = forms.ChoiceField(label=_("Profile"), choices=Profile.choices)
    cooperative_name = forms.CharField(label=_("Name of the cooperative"), max_length=200, required=False)
    cooperative_founded = forms.CharField(
        label=_("Date the cooperative was founded"),
        max_length=30,
        required=False,
        help_text=_("Day/month/year, or the year alone"),
    )
    project_idea = forms.CharField(label=_("Project idea, in a few words"), max_length=1000, required=False)
    sector = forms.CharField(
        label=_("Sector of activity"),
        max_length=200,
        required=False,
        help_text=_("For example: olive oil, honey, weaving, goat breeding"),
    )

    def __init__(self, caravan, *args, **kwargs):
        self.caravan = caravan
        super().__init__(*args, **kwargs)
        ltr = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}
        self.fields["full_name_ar"].widget.attrs.update(dir="rtl", lang="ar")
        self.fields["full_name_latin"].widget.attrs.update(dir="ltr", lang="fr")
        self.fields["cin"].widget.attrs.update(ltr, autocapitalize="characters")
        self.fields["birth_date"].widget.attrs.update(ltr)
        self.fields["phone"].widget = forms.TextInput(attrs={**ltr, "type": "tel", "inputmode": "tel"})
        self.fields["cooperative_founded"].widget.attrs.update(ltr)
        for name in ("commune", "community", "cooperative_name", "sector"):
            self.fields[name].widget.attrs.update(dir="auto")
        self.fields["sector"].widget.attrs["list"] = "sectors"
        self.add_workshop_fields(caravan)

    @property
    def about(self):
        """The fields about the person themselves, in order."""
        return [
            self[name] for name in ("full_name_ar", "full_name_latin", "cin", "sex", "birth_date", "phone")
        ]

    @property
    def messages_fields(self):
        """How the person is reached, where the form asks: an email, the language, their answer about messages.
        After the consent, out of the keyboard's way from one person of a list to the next."""
        names = ("email", "language", "messages_consent")
        return [self[name] for name in names if name in self.fields]

    # --- Reading each field -------------------------------------------------------------------------

    def clean_cin(self):
        cin = identifiers.normalise_cin(self.cleaned_data["cin"])
        if cin.status == identifiers.INVALID:
            raise _reading_error("invalid_cin")
        if cin.status == identifiers.MISSING and self.fields["cin"].required:
            raise ValidationError(self.fields["cin"].error_messages["required"], code="required")
        return cin.value

    def clean_phone(self):
        phone = identifiers.normalise_phone(self.cleaned_data["phone"])
        if phone.status == identifiers.INVALID:
            raise _reading_error("invalid_phone")
        return phone.value

    def _date(self, name, future_message):
        parsed = identifiers.parse_date(self.cleaned_data[name])
        if parsed.status == identifiers.INVALID:
            raise _reading_error("invalid_date")
        today = datetime.date.today()
        if (parsed.date and parsed.date > today) or (parsed.year and parsed.year > today.year):
            raise ValidationError(future_message, code="future_date")
        return parsed

    def clean_birth_date(self):
        return self._date("birth_date", _("A date of birth cannot be in the future."))

    def clean_cooperative_founded(self):
        return self._date("cooperative_founded", _("A founding date cannot be in the future."))

    def clean(self):
        data = super().clean()
        arabic, latin = data.get("full_name_ar", ""), data.get("full_name_latin", "")
        # A name typed in the other script's box is moved there when that box is empty.
        if arabic and not latin and not has_arabic(arabic):
            arabic, latin = "", arabic
        elif latin and not arabic and has_arabic(latin):
            arabic, latin = latin, ""
        data["full_name_ar"], data["full_name_latin"] = arabic, latin
        if not (arabic or latin) and "full_name_ar" not in self.errors:
            self.add_error("full_name_ar", _reading_error("missing_name"))
        data["workshops"] = self.clean_workshops()
        return data

    # --- The result ---------------------------------------------------------------------------------

    def province(self):
        return self.cleaned_data.get("province")

    def entry(self):
        """The validated form as an `entry.Entry`."""
        data = self.cleaned_data
        province = self.province()
        born, founded = data["birth_date"], data["cooperative_founded"]
        community = community_named(province, data["community"])
        facts = PersonFacts(
            full_name_ar=data["full_name_ar"],
            full_name_latin=data["full_name_latin"],
            cin=data["cin"],
            sex=data["sex"],
            birth_date=born.date,
            birth_year=born.year,
            phone=data["phone"],
            province=province,
            community=community,
            community_declared="" if community else data["community"],
        )
        return Entry(
            facts=facts,
            profile=data["profile"],
            commune=commune_named(province, data["commune"]),
            cooperative_name=data["cooperative_name"],
            cooperative_founded=founded.date,
            cooperative_founded_year=founded.year if founded.date is None else None,
            project_idea=data["project_idea"],
            sector=match_sector(data["sector"]),
            sector_text=data["sector"],
            workshop_choices=data["workshops"],
            email=data.get("email", ""),
            language=self.language(),
            messages_consent=data.get("messages_consent"),
        )

    def language(self):
        """The language the person reads their messages in: "" where the form does not ask (kept as it is)."""
        return self.cleaned_data.get("language", "")

    def focus(self):
        """Put the keyboard focus on the first field in error (or on `first` when there is none)."""
        name = next((n for n in self.fields if n in self.errors), getattr(self, "first", None))
        if name:
            self.fields[name].widget.attrs["autofocus"] = True
        return self


class SelfRegistrationForm(EntryForm):
    """What a person fills in on their phone: every fact the rules need, in plain words."""

    REQUIRED = ("cin", "sex", "birth_date", "phone", "community")

    consent = forms.BooleanField(
        label=_(
            "I have read this notice and I agree that my information is kept and used for this caravan "
            "as it says."
        ),
        error_messages={"required": _("Without your agreement we cannot register you.")},
    )
    email = email_field()
    # Not required, never ticked in advance: a person who leaves it empty is sent nothing (Law 09-08).
    messages_consent = forms.BooleanField(
        label=_(
            "I agree to receive SMS about this caravan: my registration, the decision, the convocation. "
            "I can stop them at any time by replying STOP."
        ),
        required=False,
    )

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(caravan, *args, **kwargs)
        self.fields["province"] = ProvinceChoiceField(
            queryset=region_provinces(caravan),
            label=_("Prefecture or province where you live"),
            empty_label=_("Choose…"),
        )
        self.order_fields([*self.fields][:6] + ["province"])
        for name in self.REQUIRED:
            self.fields[name].required = True
        self.fields["sex"].widget = forms.RadioSelect(choices=Sex.choices)
        self.fields["profile"].widget = forms.RadioSelect(choices=Profile.choices)
        self.fields["profile"].label = _("You are")
        self.fields["project_idea"].widget = forms.Textarea(attrs={"rows": 3, "dir": "auto"})
        self.fields["full_name_ar"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def language(self):
        """The language the person filled in the form in."""
        return active_language()

    def clean(self):
        data = super().clean()
        profile = data.get("profile")
        if profile == Profile.COOPERATIVE_MEMBER and not data.get("cooperative_name"):
            self.add_error(
                "cooperative_name",
                ValidationError(_("Write the name of your cooperative."), code="missing_cooperative_name"),
            )
        if profile == Profile.PROJECT_HOLDER and not data.get("project_idea"):
            self.add_error(
                "project_idea",
                ValidationError(_("Write your project idea in a few words."), code="missing_project_idea"),
            )
        return data


class QuickEntryForm(EntryForm):
    """What a staff member types from a paper list: the list's place and profile once, then person after
    person; only a name, the profile and consent are required (the rules flag what is missing)."""

    KEPT = ("province", "commune", "community", "profile", "cooperative_name", "cooperative_founded")
    first = "full_name_ar"  # the view sets "province" for a list's first person

    province = forms.CharField(label=_("Prefecture or province"), max_length=120, required=False)
    consent = forms.BooleanField(
        label=_("The person agreed (I read the notice to them)"),
        error_messages={"required": _("Read the notice to the person and tick this box when they agree.")},
    )
    email = email_field()
    language = forms.ChoiceField(
        label=_("Language of the person's messages"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,  # not asked (the walk-in's API twin, an older page): the person's language is kept
        widget=forms.RadioSelect,
    )
    messages_consent = forms.BooleanField(
        label=_("The person agrees to receive SMS about this caravan (I asked them)"), required=False
    )

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(caravan, *args, **kwargs)
        self.order_fields([*self.KEPT, "full_name_ar", "full_name_latin", "cin", "sex", "birth_date"])
        self.fields["community"].help_text = ""
        self.fields["sex"].choices = [("", "—"), *Sex.choices]
        self.fields["profile"].choices = [("", "—"), *Profile.choices]
        for name, datalist in [
            ("province", "provinces"),
            ("commune", "communes"),
            ("community", "communities"),
        ]:
            self.fields[name].widget.attrs.update(list=datalist, autocomplete="off")
        for name in ("full_name_ar", "full_name_latin"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    @property
    def list_fields(self):
        return [self[name] for name in self.KEPT]

    def clean_province(self):
        text = self.cleaned_data["province"].strip()
        if not text:
            return None
        found = list(Province.objects.matching(text).select_related("region")[:2])
        if len(found) != 1:
            raise _reading_error("unknown_province")
        return found[0]

    def kept(self):
        """The list's details, as typed, for the next person of the same list."""
        return {name: self.data.get(name, "") for name in self.KEPT}
