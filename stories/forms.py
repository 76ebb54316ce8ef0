from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, StaffForm

from .models import Story
from .services import TEXT_FIELDS

SHORT = {"rows": 4}


class StoryForm(StaffForm):
    class Meta:
        model = Story
        fields = list(TEXT_FIELDS)
        widgets = {
            **{
                f"{name}_{language}": forms.Textarea(attrs=SHORT)
                for name in ("before", "after", "figures")
                for language in ("ar", "fr")
            },
            "quote": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_ar"].widget.attrs.pop(
            "autofocus", None
        )  # the page opens on the story, not a field


class ConsentForm(forms.Form):
    on = forms.DateField(label=_("Signed on"), widget=DATE["widget"])
    collected_by = forms.CharField(label=_("Collected by"), max_length=150)
    covers_text = forms.BooleanField(label=_("The story and the holder's words"), required=False)
    covers_photos = forms.BooleanField(label=_("Photos"), required=False)
    scan = forms.FileField(label=_("Scan of the signed form (PDF, JPEG or PNG; optional)"), required=False)


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG, at most 10 MB)"))
    caption_ar = forms.CharField(label=_("Caption (Arabic)"), max_length=200, required=False)
    caption_fr = forms.CharField(label=_("Caption (French)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].widget.attrs["accept"] = "image/jpeg,image/png"
        self.fields["caption_ar"].widget.attrs.update(dir="rtl", lang="ar")
        self.fields["caption_fr"].widget.attrs.update(dir="ltr", lang="fr")


class WithdrawForm(forms.Form):
    prefix = "withdraw"  # its date shares the consent form's name, on the same page: each needs its own id

    on = forms.DateField(label=_("Withdrawn on"), widget=DATE["widget"])
    note = forms.CharField(label=_("How the holder said so"), max_length=300, required=False)


class FeatureForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=None)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda session: (
            f"{session.day.caravan.title} · {session.day.date:%Y-%m-%d} {session.starts_at:%H:%M} · {session.title}"
        )
