"""Forms of the staff pages: built for speed (defaults taken from the caravan, keyboard first, no JavaScript)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, StaffForm
from core.permissions import Role
from places.models import Region

from . import programme
from .models import (
    Caravan,
    Day,
    Organisation,
    Partnership,
    Room,
    Session,
    Speaker,
    Venue,
    default_eligibility,
)

TIME = {"widget": forms.TimeInput(format="%H:%M", attrs={"type": "time"})}
MOMENT = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


ELIGIBILITY_FIELDS = [
    "cooperative_max_age_years",
    "min_age",
    "require_cin",
    "require_community",
    "require_project_idea",
    "women_only",
    "region_codes",
]


class CaravanForm(StaffForm):
    """A caravan's settings. A capacity below the number of people already accepted (`places_taken`) is saved
    only once the organiser has read what it means and confirmed it (the button `capacity_confirmed`, sending
    that same number)."""

    cooperative_max_age_years = forms.IntegerField(
        label=_("Cooperatives founded less than … years ago"), min_value=1, max_value=50
    )
    min_age = forms.IntegerField(label=_("Minimum age of participants"), min_value=0, max_value=100)
    require_cin = forms.BooleanField(label=_("National identity card (CIN) required"), required=False)
    require_community = forms.BooleanField(label=_("Member of a soulaliyate community"), required=False)
    require_project_idea = forms.BooleanField(
        label=_("Project holders must describe their idea"), required=False
    )
    women_only = forms.BooleanField(label=_("Women only"), required=False)
    region_codes = forms.MultipleChoiceField(
        label=_("Regions whose participants are accepted"),
        help_text=_("None ticked: the caravan's own region."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Caravan
        fields = [
            "slug",
            "title_ar",
            "title_fr",
            "slogan_ar",
            "slogan_fr",
            "region",
            "city_ar",
            "city_fr",
            "start_date",
            "end_date",
            "audience_ar",
            "audience_fr",
            "capacity",
            "registration_opens",
            "registration_closes",
        ]
        widgets = {
            "start_date": DATE["widget"],
            "end_date": DATE["widget"],
            "registration_opens": MOMENT,
            "registration_closes": MOMENT,
            "audience_ar": forms.Textarea(attrs={"rows": 3}),
            "audience_fr": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, places_taken=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.places_taken = places_taken
        self.capacity_to_confirm = None  # set when the capacity asks for the organiser's confirmation
        self.fields["region_codes"].choices = [(r.code, r.name) for r in Region.objects.all()]
        rules = {**default_eligibility(), **(self.instance.eligibility or {})}
        for key in ELIGIBILITY_FIELDS:
            self.initial.setdefault(key, rules[key])
        if self.instance.pk and self.instance.is_public:
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = _(
                "Fixed once the caravan is published: its addresses are shared."
            )

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        confirmed = self.data.get("capacity_confirmed", "")
        if capacity < self.places_taken and confirmed != str(capacity):
            self.capacity_to_confirm = capacity
            raise ValidationError(
                _("Fewer places than people already accepted: read below what it means, then confirm."),
                code="capacity_below_accepted",
            )
        return capacity

    def cancellations_needed(self):
        """How many accepted people must cancel before the next one is accepted, at the capacity to confirm."""
        return self.places_taken - self.capacity_to_confirm + 1

    def clean(self):
        data = super().clean()
        rules = {key: data[key] for key in ELIGIBILITY_FIELDS if key in data}
        self.instance.eligibility = {**default_eligibility(), **(self.instance.eligibility or {}), **rules}
        return data

    def fieldsets(self):
        fields = self._meta.fields
        groups = [
            (_("The caravan"), fields[:5]),
            (_("Place, dates and audience"), fields[5:12]),
            (_("Places and public registration"), fields[12:]),
            (_("Who may register"), ELIGIBILITY_FIELDS),
        ]
        return [(legend, [self[name] for name in names]) for legend, names in groups]


class CopyForm(forms.Form):
    slug = forms.SlugField(label=_("Short name of the new caravan"), max_length=60)
    start_date = forms.DateField(label=_("First day of the new caravan"), **DATE)
    capacity = forms.IntegerField(label=_("Capacity (participants)"), min_value=1)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Caravan.objects.filter(slug=slug).exists():
            raise ValidationError(_("A caravan with this short name already exists."), code="slug_taken")
        return slug


class ProgrammeForm(StaffForm):
    """A form on one part of a caravan's programme; `caravan` limits its choices to that caravan."""

    def __init__(self, *args, caravan, **kwargs):
        self.caravan = caravan
        super().__init__(*args, **kwargs)


class DayForm(ProgrammeForm):
    class Meta:
        model = Day
        fields = ["date", "kind", "theme_ar", "theme_fr"]
        widgets = {"date": DATE["widget"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs.update(
            min=self.caravan.start_date.isoformat(), max=self.caravan.end_date.isoformat()
        )
        if not self.instance.pk:
            # The instance's own empty values are in `initial` already: set, not setdefault.
            self.initial["date"] = programme.next_free_date(self.caravan)
            previous = self.caravan.days.last()
            if previous:
                self.initial["kind"] = previous.kind


class SessionForm(ProgrammeForm):
    class Meta:
        model = Session
        fields = [
            "day",
            "kind",
            "title_ar",
            "title_fr",
            "starts_at",
            "ends_at",
            "room",
            "capacity",
            "speakers",
        ]
        widgets = {
            "starts_at": TIME["widget"],
            "ends_at": TIME["widget"],
            "speakers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = self.caravan.days.all()
        self.fields["day"].queryset = days
        self.fields["day"].label_from_instance = lambda d: " — ".join(filter(None, [str(d), d.theme]))
        self.fields["room"].queryset = Room.objects.filter(venue__caravan=self.caravan)
        self.fields["speakers"].queryset = self.caravan.speakers.select_related("organisation")
        if not self.instance.pk and not self.is_bound:
            self._suggest(days)

    def _suggest(self, days):
        """Default to the day asked for (or the last one with sessions), right after its last session."""
        asked = str(self.initial.get("day", ""))
        day = days.filter(pk=asked).first() if asked.isdigit() else None
        day = day or days.filter(sessions__isnull=False).last() or days.first()
        previous = day.sessions.order_by("-ends_at").first() if day else None
        starts, ends = programme.next_session_times(day)
        self.initial.update(day=day.pk if day else None, starts_at=starts, ends_at=ends)
        if previous:
            self.initial.update(kind=previous.kind, room=previous.room_id)

    def service_kwargs(self):
        return {"speakers": list(self.cleaned_data["speakers"])}

    def again(self):
        return {"day": self.instance.day_id}


class SpeakerForm(ProgrammeForm):
    class Meta:
        model = Speaker
        fields = ["role_ar", "role_fr", "name_ar", "name_fr", "organisation", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        trainers = get_user_model().objects.filter(
            staff_assignments__caravan=self.caravan, staff_assignments__role=Role.TRAINER, is_active=True
        )
        current = get_user_model().objects.filter(pk=self.instance.user_id or 0)
        self.fields["user"].queryset = (trainers | current).distinct().order_by("username")
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["user"].help_text = _(
            "Trainers of this caravan; their account shows them their sessions."
        )


class PartnerForm(ProgrammeForm):
    new_acronym = forms.CharField(label=_("Acronym of the new organisation"), max_length=30, required=False)
    new_name_ar = forms.CharField(
        label=_("Name of the new organisation (Arabic)"), max_length=200, required=False
    )
    new_name_fr = forms.CharField(
        label=_("Name of the new organisation (French)"), max_length=200, required=False
    )
    new_kind = forms.ChoiceField(
        label=_("Kind of the new organisation"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.OTHER,
        required=False,
    )

    class Meta:
        model = Partnership
        fields = ["organisation", "role", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _("Not in the list? Leave it empty and describe it below.")
        if not self.instance.pk:
            last = self.caravan.partnerships.order_by("-order").first()
            self.initial["order"] = last.order + 1 if last else 0

    def clean(self):
        data = super().clean()
        new = any(data.get(key) for key in ("new_acronym", "new_name_ar", "new_name_fr"))
        if data.get("organisation") and new:
            raise ValidationError(_("Choose an organisation in the list or describe a new one, not both."))
        if not data.get("organisation") and not new:
            self.add_error("organisation", _("Choose an organisation or describe a new one."))
        if new:
            for key in ("new_name_ar", "new_name_fr"):
                if not data.get(key):
                    self.add_error(key, _("Give the new organisation's name in Arabic and in French."))
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        if not data.get("new_name_fr"):
            return {"new_organisation": None}
        organisation = Organisation(
            acronym=data["new_acronym"],
            name_ar=data["new_name_ar"],
            name_fr=data["new_name_fr"],
            kind=data["new_kind"] or Organisation.Kind.OTHER,
        )
        return {"new_organisation": organisation}


class VenueForm(ProgrammeForm):
    class Meta:
        model = Venue
        fields = ["name_ar", "name_fr", "address_ar", "address_fr"]


class RoomForm(ProgrammeForm):
    class Meta:
        model = Room
        fields = ["venue", "name_ar", "name_fr", "capacity"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        venues = self.caravan.venues.all()
        self.fields["venue"].queryset = venues
        if not self.instance.pk and not self.initial.get("venue"):
            first = venues.first()
            self.initial["venue"] = first.pk if first else None

    def again(self):
        return {"venue": self.instance.venue_id}
