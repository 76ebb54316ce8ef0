"""The opt-out link a message carries: a signed token naming the message, never its phone or address."""

import functools

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .models import NOT_TRANSACTIONAL, ChannelKind, Message

SALT = "messaging.opt_out"


def opt_out_token(message):
    return signing.dumps(message.pk, salt=SALT, compress=True)


def message_for(token):
    """The message an opt-out token was made for, or None when the token is not ours (tampered, truncated)."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return Message.objects.filter(pk=pk).first()


def opt_out_url(message):
    # Reversed in messaging's own public URLs, which the site mounts at its root (qafila/urls.py): a worker
    # writing links does not load the site's every view for it (seconds at each worker's start).
    path = reverse("opt_out", urlconf="messaging.public_urls", args=[opt_out_token(message)])
    return settings.SITE_URL + path


def body(message):
    """What the person reads: the message's text, and the way to stop messages where the law asks for it (every
    email, every SMS the person did not need for their own registration)."""
    if message.channel != ChannelKind.EMAIL and message.kind not in NOT_TRANSACTIONAL:
        return message.text
    return f"{message.text}\n{_no_more(message.language)} {opt_out_url(message)}"


@functools.cache
def _no_more(language):
    """The opt-out link's words in `language`: read once per process (switching languages for each message of
    a batch cost more than its signed token)."""
    with translation.override(language):
        return gettext("No more messages:")
