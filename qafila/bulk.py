"""An organiser's message to a filtered list of a caravan's people (e.g. every accepted person of a province).

The page composes three apps, which is why it lives here: registration filters the list, onsite knows who came,
messaging queues the messages (`outbox.queue_bulk`). Written in Arabic (and in French for the French readers),
previewed with the number of people and of SMS, then confirmed: the confirmation carries a new key per send, so a
second click (or a reload) of the same confirmation queues nothing twice. Only people who agreed to messages
receive one; the preview says how many are left out and why.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import RegexValidator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from caravans.access import caravan_for
from core import audit
from messaging import links, outbox, sms, texts
from messaging.models import ChannelKind, Kind, Message, NotSentReason, OptOut
from onsite.models import CheckIn
from people.models import Person, Sex
from places.models import Province
from registration import queries
from registration.models import Decision, Profile

CAME = [("yes", gettext_lazy("Checked in at least once")), ("no", gettext_lazy("Never checked in"))]
FILTERS = ("decision", "province", "profile", "sex", "came")
TEXT_LENGTH = 670  # ten SMS in Arabic: longer is a letter, not a message


def _all(choices):
    return [("", gettext_lazy("All")), *choices]


class BulkForm(forms.Form):
    """Who receives the message and what it says. Unlike the list's filters, a wrong value is an error here:
    ignored, it would widen the list."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"), required=False, choices=_all(Decision.choices), initial="accepted"
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("Prefecture or province"),
        queryset=Province.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=gettext_lazy("All"),
    )
    profile = forms.ChoiceField(label=gettext_lazy("Profile"), required=False, choices=_all(Profile.choices))
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), required=False, choices=_all(Sex.choices))
    came = forms.ChoiceField(label=gettext_lazy("Came to the caravan"), required=False, choices=_all(CAME))
    text_ar = forms.CharField(
        label=gettext_lazy("Message in Arabic"),
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "rtl", "lang": "ar"}),
    )
    text_fr = forms.CharField(
        label=gettext_lazy("Message in French"),
        max_length=TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "lang": "fr"}),
        help_text=gettext_lazy("Left empty, the people who read French receive the Arabic message."),
    )

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = (
            Province.objects.filter(person__registrations__caravan=caravan).distinct().order_by("name_fr")
        )

    def text_for(self, language):
        """What a reader of `language` is sent: French readers get the Arabic text when no French one is given."""
        data = self.cleaned_data
        return (data["text_fr"] if language == "fr" else "") or data["text_ar"]

    def filter_fields(self):
        return [self[name] for name in FILTERS]

    def used(self):
        """The filters in use, as plain values (for the audit log)."""
        data = self.cleaned_data
        return {name: getattr(data[name], "code", data[name]) for name in FILTERS if data[name]}


class ConfirmForm(BulkForm):
    """The previewed message, sent back as it was shown, with its key and the number of people it was shown for."""

    key = forms.CharField(widget=forms.HiddenInput, validators=[RegexValidator(r"^[0-9a-f]{32}$")])
    count = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@dataclass
class Audience:
    """The people a bulk message goes to, and how many of the list are left out, for each reason."""

    recipients: list = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)  # (channel, language) → people


LEFT_OUT = {
    "no_consent": NotSentReason.NO_CONSENT.label,
    "not_asked": gettext_lazy("Never asked whether they agree to messages (e.g. entered from a list)"),
    "no_address": NotSentReason.NO_ADDRESS.label,
    "opted_out": NotSentReason.OPTED_OUT.label,
}


def audience(caravan, form):
    """Who of the caravan's people matching `form`'s filters receives the message; the others by reason."""
    data = form.cleaned_data
    registrations = queries.filtered(
        queries.for_caravan(caravan),
        decision=data["decision"],
        province=data["province"],
        profile=data["profile"],
        sex=data["sex"],
    )
    if data["came"]:
        came = CheckIn.objects.active().filter(registration__caravan=caravan).values("registration")
        registrations = (
            registrations.filter(pk__in=came) if data["came"] == "yes" else registrations.exclude(pk__in=came)
        )
    people = Person.objects.filter(pk__in=registrations.values("person")).order_by("pk")
    found = Audience()
    addresses = {}
    for person in people.only("pk", "phone", "email", "language", "messages_consent"):
        if person.messages_consent is not True:
            found.left_out["not_asked" if person.messages_consent is None else "no_consent"] += 1
            continue
        channel, address = outbox.channel_and_address(person)
        if channel is None:
            found.left_out["no_address"] += 1
            continue
        addresses[person] = (channel, address)
    opted_out = set(
        OptOut.objects.filter(address__in=[a for _c, a in addresses.values()]).values_list(
            "address", flat=True
        )
    )
    for person, (channel, address) in addresses.items():
        if address in opted_out:
            found.left_out["opted_out"] += 1
        else:
            found.recipients.append(person)
            found.by_channel[channel, language_of(person)] += 1
    return found


def language_of(person):
    return person.language if person.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Preview:
    language: str
    text: str
    segments: sms.Segments
    people: int  # who receive this language's message
    by_sms: int  # of them, by SMS


def preview(form, found):
    """One message per language as a person's phone shows it (with the opt-out link the law asks for), what it
    costs in SMS, and the total of SMS parts to be sent."""
    # The link names the message: the largest id of this send gives the longest link, so the count is never short.
    last = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    sample = {"pk": last + max(len(found.recipients), 1), "channel": ChannelKind.SMS, "kind": Kind.BULK}
    shown = []
    for language, _name in settings.LANGUAGES:
        text = texts.render(Kind.BULK, language, {"text": form.text_for(language)})
        read = links.body(Message(**sample, language=language, text=text))
        people = sum(n for (_channel, lang), n in found.by_channel.items() if lang == language)
        by_sms = found.by_channel[ChannelKind.SMS, language]
        shown.append(Preview(language, read, sms.segments(read), people, by_sms))
    return shown, sum(p.by_sms * p.segments.parts for p in shown)


def _page(request, caravan, form, confirm=None, changed=False):
    context = {"caravan": caravan, "form": form, "changed": changed}
    if confirm is not None:
        found = confirm["audience"]
        previews, parts = preview(form, found)
        context |= {
            "audience": found,
            "previews": previews,
            "parts": parts,
            "by_sms": sum(p.by_sms for p in previews),
            "left_out": [(LEFT_OUT[reason], n) for reason, n in found.left_out.items() if n],
            "left_out_total": sum(found.left_out.values()),
            "no_gateway": not settings.QAFILA_SMS_GATEWAY_URL,
            "confirm": confirm["form"],
        }
    template = "qafila/_bulk_preview.html" if request.htmx else "qafila/bulk.html"
    return render(request, template, context)


def _confirmation(caravan, form, found):
    """The hidden form that sends exactly what was previewed, once: a new key for this send."""
    initial = {**form.cleaned_data, "key": uuid.uuid4().hex, "count": len(found.recipients)}
    initial["province"] = getattr(initial["province"], "code", "")
    return ConfirmForm(caravan, initial=initial) if found.recipients else None


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def bulk_message(request, slug):
    """GET: the form; POST: the preview (the people, the messages, the SMS) with its confirmation."""
    caravan = caravan_for(request.user, slug, "messages.send")
    if request.method != "POST":
        return _page(request, caravan, BulkForm(caravan))
    form = BulkForm(caravan, request.POST)
    if not form.is_valid():
        return _page(request, caravan, form)
    found = audience(caravan, form)
    return _page(request, caravan, form, {"audience": found, "form": _confirmation(caravan, form, found)})


@require_http_methods(["POST"])
@login_required
def bulk_message_send(request, slug):
    """Queue the previewed message to its people, once per key; refused when the list changed since."""
    caravan = caravan_for(request.user, slug, "messages.send")
    form = ConfirmForm(caravan, request.POST)
    if not form.is_valid():
        return _page(request, caravan, BulkForm(caravan, request.POST))
    found = audience(caravan, form)
    key = form.cleaned_data["key"]
    if len(found.recipients) != form.cleaned_data["count"]:
        confirm = {"audience": found, "form": _confirmation(caravan, form, found)}
        return _page(request, caravan, form, confirm, changed=True)
    created = outbox.queue_bulk(
        Kind.BULK,
        found.recipients,
        caravan=caravan,
        key=key,
        context_for=lambda person: {"text": form.text_for(language_of(person))},
        by=request.user,
    )
    if created:
        audit.record(
            request.user, "messages.bulk_queued", caravan, key=key, queued=created, filters=form.used()
        )
        messages.success(
            request,
            ngettext("%(count)s message is queued.", "%(count)s messages are queued.", created)
            % {"count": created},
        )
    elif Message.objects.filter(caravan=caravan, kind=Kind.BULK, key=key).exists():
        messages.info(request, _("This message was already queued: nothing was sent twice."))
    return redirect(reverse("messaging:outbox", args=[caravan.slug]) + f"?kind={Kind.BULK}")
