"""The staff pages of messages: a caravan's outbox (filters, counts, retry), and the national coordinator's wording
of each kind of message in Arabic and French.

The phone or address a message went to is personal data: masked for roles without "personal_data.view", and a
page that shows it unmasked leaves one `personal_data.viewed` audit entry (Law 09-08), as the registration list.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, require_global, roles_for
from core import audit
from core.permissions import allowed
from people.identifiers import display_phone
from people.models import mask_phone

from . import links, outbox, sms, texts
from . import wording as wording_service
from .forms import OutboxFilterForm, TemplateForm
from .models import ChannelKind, Kind, Message, MessageTemplate, NotSentReason, Status

PAGE_SIZE = 50
REASONS = dict(NotSentReason.choices)


def shown_to(address, personal_data):
    """Where a message went, as the current user may see it: a phone or an email address, masked unless allowed."""
    if "@" in address:
        if personal_data:
            return address
        user, _at, domain = address.partition("@")
        return f"{user[:1]}•••@{domain}"
    return display_phone(address) if personal_data else mask_phone(address)


def why(message):
    """The reason in words of a message that was not sent or failed ("" for the others)."""
    if message.status == Status.NOT_SENT:
        return REASONS.get(message.reason, message.reason)
    if message.status == Status.FAILED:
        if message.error:
            return _("Last error: %(error)s") % {"error": message.error}
        return _("The gateway reported that it could not deliver it.")
    return ""


def rows(found, personal_data):
    return [(message, shown_to(message.to, personal_data), why(message)) for message in found]


@require_safe
@login_required
def outbox_page(request, slug):
    caravan = caravan_for(request.user, slug, "messages.view")
    roles = roles_for(request.user, caravan)
    personal_data = allowed(roles, "personal_data.view")
    form = OutboxFilterForm(request.GET)
    used = form.filters()
    found = Message.objects.filter(caravan=caravan, **used).select_related("person")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        Message.objects.filter(caravan=caravan).values_list("status").annotate(n=Count("id")).order_by()
    )
    if personal_data and page.object_list:
        audit.record(request.user, "personal_data.viewed", caravan, page="outbox", filters=used)
    context = {
        "caravan": caravan,
        "form": form,
        "page": page,
        "rows": rows(page.object_list, personal_data),
        "counts": [(status, counts.get(status.value, 0)) for status in Status],
        "total": sum(counts.values()),
        "failed": counts.get(Status.FAILED, 0),
        "query": urlencode(used),
        "can_send": allowed(roles, "messages.send"),
        "can_edit_texts": allowed(roles, "messages.templates"),
    }
    return render(request, "messaging/staff/outbox.html", context)


@require_POST
@login_required
def retry_failed(request, slug):
    """Queue again one failed message (`message`) or every failed message of the caravan (`all`)."""
    caravan = caravan_for(request.user, slug, "messages.send")
    failed = Message.objects.filter(caravan=caravan, status=Status.FAILED)
    if "all" not in request.POST:
        chosen = request.POST.get("message", "")
        failed = failed.filter(pk=int(chosen) if chosen.isdigit() else None)
    retried = [outbox.retry(message, by=request.user) for message in failed]
    if retried:
        count = len(retried)
        messages.success(
            request,
            ngettext("%(count)s message is queued again.", "%(count)s messages are queued again.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("No failed message to send again."))
    # Back to the list as it was filtered, read again through the filters (nothing else goes in the address).
    back = OutboxFilterForm(QueryDict(request.POST.get("back", ""))).filters()
    return redirect(
        reverse("messaging:outbox", args=[caravan.slug]) + (f"?{urlencode(back)}" if back else "")
    )


# The national coordinator's texts -------------------------------------------------------------------------

LANGUAGES = [code for code, _name in settings.LANGUAGES]

SAMPLE_ID = 123456  # an outbox of a few years: the opt-out link's length

# Values of the length a real message carries, so that the segments shown are those people will receive.
SAMPLES = {
    "ar": {
        "name": "فاطمة الزهراء العلمي",
        "caravan": "قافلة التعاونيات السلالية بطنجة",
        "reference": "QF-7K4M-2P9X",
        "status_url": "https://qafila.ma/s/7K4M2P9X",
        "badge_code": "K4M72P9X",
        "position": "12",
        "reason": "السن أقل من 18 سنة",
        "contact": "0612345678",
        "place": "دار الجمعيات، شارع محمد الخامس",
        "date": "الاثنين 17 فبراير",
        "time": "09:00",
        "bring": "البطاقة الوطنية",
        "url": "https://qafila.ma/p/7K4M2P9X",
        "until": "10 فبراير",
        "text": "نذكركم بإحضار البطاقة الوطنية.",
    },
    "fr": {
        "name": "Fatima Zahra El Alami",
        "caravan": "Caravane des coopératives soulaliyates de Tanger",
        "reference": "QF-7K4M-2P9X",
        "status_url": "https://qafila.ma/s/7K4M2P9X",
        "badge_code": "K4M72P9X",
        "position": "12",
        "reason": "moins de 18 ans",
        "contact": "0612345678",
        "place": "Maison des associations, avenue Mohammed V",
        "date": "lundi 17 février",
        "time": "09:00",
        "bring": "la carte nationale",
        "url": "https://qafila.ma/p/7K4M2P9X",
        "until": "10 février",
        "text": "N'oubliez pas votre carte nationale.",
    },
}


def example(kind, language, text):
    """(`text` filled with sample values as a phone shows it, with its opt-out link if it has one; its SMS
    segments)."""
    filled = texts.fill(text, SAMPLES[language])
    read = links.body(
        Message(pk=SAMPLE_ID, channel=ChannelKind.SMS, kind=kind, language=language, text=filled)
    )
    return read, sms.segments(read)


def _text_of(kind, variant=""):
    """The kind (a Kind) and variant of the text a URL names (the decision kind: one text per decision), or 404."""
    if kind not in Kind.values or variant not in texts.variants(kind):
        raise Http404(kind)
    return Kind(kind), variant


def _url(name, kind, variant):
    if variant:
        return reverse(f"messaging:{name}", kwargs={"kind": kind, "variant": variant})
    return reverse(f"messaging:{name}", args=[kind])


@require_safe
@login_required
def templates_page(request):
    require_global(request.user, "messages.templates")
    own = {(t.kind, t.variant, t.language): t for t in MessageTemplate.objects.select_related("updated_by")}
    entries = []
    for kind in Kind:
        for variant in texts.variants(kind):
            versions = []
            for language in LANGUAGES:
                template = own.get((kind, variant, language))
                wording = template.text if template else texts.built_in(kind, language, variant)
                versions.append((language, template, wording))
            label = texts.DECISION_LABELS.get(variant, "")
            entries.append((kind, label, _url("template_edit", kind, variant), versions))
    return render(request, "messaging/staff/templates.html", {"entries": entries})


def _template_page(request, kind, variant, form, wording):
    context = {
        "kind": kind,
        "variant": texts.DECISION_LABELS.get(variant, ""),
        "form": form,
        "own": MessageTemplate.objects.filter(kind=kind, variant=variant).exists(),
        "reset_url": _url("template_reset", kind, variant),
        "placeholders": sorted(texts.placeholders(kind, variant)),
        "required": sorted(texts.required(kind, variant)),
        # What a message looks like once filled, and what it costs, for each text that can be sent as it is.
        "examples": [(language, *example(kind, language, text)) for language, text in wording.items()],
    }
    return render(request, "messaging/staff/template_edit.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def template_edit(request, kind, variant=""):
    require_global(request.user, "messages.templates")
    kind, variant = _text_of(kind, variant)
    current = {language: texts.template_for(kind, language, variant) for language in LANGUAGES}
    if request.method != "POST":
        initial = {f"text_{language}": text for language, text in current.items()}
        form = TemplateForm(kind, variant, initial=initial)
        return _template_page(request, kind, variant, form, current)
    form = TemplateForm(kind, variant, request.POST)
    if not form.is_valid():
        return _template_page(request, kind, variant, form, {})
    wording = {language: form.cleaned_data[f"text_{language}"] for language in LANGUAGES}
    if wording_service.save(kind, variant, wording, request.user):
        messages.success(request, _("Saved: the next messages of this kind use these texts."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect(_url("template_edit", kind, variant))


@require_POST
@login_required
def template_reset(request, kind, variant=""):
    """Back to the built-in texts of `kind` (its `variant`), in both languages."""
    require_global(request.user, "messages.templates")
    kind, variant = _text_of(kind, variant)
    if wording_service.reset(kind, variant, request.user):
        messages.success(request, _("The built-in texts are used again for this kind of message."))
    return redirect(_url("template_edit", kind, variant))
