"""The channels a message leaves by: an SMS gateway, SMTP, WhatsApp's Cloud API. Each says one of three things:
accepted (with the provider's id), try again later (`RetryLater`), or failed for good (`Failed`).

An SMS provider is a small class with `send(to, text, reference)`; `ContractGateway` speaks the HTTP contract
of the README (a provider whose API differs gets its own class beside it).
"""

import json
import smtplib
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from .models import ChannelKind

# Seconds a provider has to answer; a slower answer is tried again later (with the same reference).
TIMEOUT = 10


class RetryLater(Exception):
    """The provider may take the message later: 429, 5xx, a timeout, no connection."""


class Failed(Exception):
    """The provider refused the message for good (an invalid number, a bad request)."""


def _post_json(url, token, body):
    """The JSON answer to a POST of `body` with a bearer token; RetryLater or Failed as the status says."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read()
    except urllib.error.HTTPError as error:
        detail = f"HTTP {error.code}: {error.read(200).decode(errors='replace')}"
        if error.code == 429 or error.code >= 500:
            raise RetryLater(detail) from error
        raise Failed(detail) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise RetryLater(str(getattr(error, "reason", error))) from error
    try:
        return json.loads(answer or b"{}")
    except ValueError:
        return {}  # accepted all the same: the status said so, the body is a courtesy


class ContractGateway:
    """The SMS gateway of the contract: POST {to, text, reference} as JSON; a 2xx may carry the gateway's "id"."""

    def __init__(self, url, token):
        self.url, self.token = url, token

    def send(self, to, text, reference):
        answer = _post_json(self.url, self.token, {"to": to, "text": text, "reference": reference})
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""


class WhatsApp:
    """WhatsApp Business Cloud API: only templates Meta approved may start a conversation.

    Each kind is a template named `qafila_<kind>` with one body parameter, the message's text, approved in
    Arabic (`ar`) and French (`fr`)."""

    def __init__(self, url, phone_number_id, token):
        self.endpoint, self.token = f"{url.rstrip('/')}/{phone_number_id}/messages", token

    def send(self, to, text, kind, language):
        body = {
            "messaging_product": "whatsapp",
            "to": to.lstrip("+"),
            "type": "template",
            "template": {
                "name": f"qafila_{kind}",
                "language": {"code": language},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": text}]}],
            },
        }
        answer = _post_json(self.endpoint, self.token, body)
        messages = answer.get("messages") if isinstance(answer, dict) else None
        return str(messages[0].get("id", "")) if messages else ""


def send_email(to, subject, text):
    """Hand an email to the SMTP server of Django's settings; 4xx answers and lost connections retry later."""
    try:
        EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [to]).send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if all(400 <= code < 500 for code in codes):
            raise RetryLater(str(error.recipients)) from error
        raise Failed(str(error.recipients)) from error
    except smtplib.SMTPResponseException as error:
        if 400 <= error.smtp_code < 500:
            raise RetryLater(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
        raise Failed(f"SMTP {error.smtp_code}: {error.smtp_error!r}") from error
    except (smtplib.SMTPException, OSError) as error:
        raise RetryLater(str(error) or type(error).__name__) from error
    return ""


def sms_gateway():
    """The configured SMS gateway, or None when there is none."""
    if not settings.QAFILA_SMS_GATEWAY_URL:
        return None
    return ContractGateway(settings.QAFILA_SMS_GATEWAY_URL, settings.QAFILA_SMS_GATEWAY_TOKEN)


def whatsapp():
    return WhatsApp(
        settings.QAFILA_WHATSAPP_URL, settings.QAFILA_WHATSAPP_PHONE_NUMBER_ID, settings.QAFILA_WHATSAPP_TOKEN
    )


def send(message, text):
    """Hand `message` (its body `text`) to its channel; the provider's id. RetryLater or Failed otherwise."""
    if message.channel == ChannelKind.EMAIL:
        return send_email(message.to, subject(message), text)
    if message.channel == ChannelKind.WHATSAPP:
        return whatsapp().send(message.to, text, message.kind, message.language)
    gateway = sms_gateway()
    if gateway is None:
        raise Failed("QAFILA_SMS_GATEWAY_URL is not set")
    return gateway.send(message.to, text, str(message.pk))


def subject(message):
    """An email's subject: the kind of message, in the reader's language."""
    with translation.override(message.language):
        return f"Qafila · {message.get_kind_display()}"
