"""The channels a message leaves by: an SMS gateway, SMTP, WhatsApp's Cloud API. Each says one of three things:
accepted (with the provider's id), try again later (`RetryLater`), or failed for good (`Failed`).

An SMS provider is a small class with `send(to, text, reference)` and `close()`; `ContractGateway` speaks the
HTTP contract of the README (a provider whose API differs gets its own class beside it). A batch of messages goes
through one `Session`: each provider's HTTP connection is opened once and kept alive to the batch's last message.
"""

import http.client
import json
import select
import smtplib
import urllib.parse

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


class JsonPoster:
    """POSTs of JSON with a bearer token to one URL over one kept-alive HTTP connection.

    Keep-alive spares a TCP (and TLS) handshake per message; a connection the provider closed while idle is
    reopened before the next request rather than failing it."""

    def __init__(self, url, token):
        parts = urllib.parse.urlsplit(url)
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self.connection = kind(parts.hostname, parts.port, timeout=TIMEOUT)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=utf-8"}

    def post(self, body):
        """The JSON answer to a POST of `body`; RetryLater or Failed as the status says."""
        data = json.dumps(body, ensure_ascii=False).encode()
        if self._closed_by_peer():
            self.connection.close()  # reopened by the request
        try:
            self.connection.request("POST", self.path, body=data, headers=self.headers)
            response = self.connection.getresponse()
            answer = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise RetryLater(str(error) or type(error).__name__) from error
        if not 200 <= response.status < 300:
            detail = f"HTTP {response.status}: {answer[:200].decode(errors='replace')}"
            if response.status == 429 or response.status >= 500:
                raise RetryLater(detail)
            raise Failed(detail)
        try:
            return json.loads(answer or b"{}")
        except ValueError:
            return {}  # accepted all the same: the status said so, the body is a courtesy

    def _closed_by_peer(self):
        """Whether the idle kept-alive connection was closed by the provider (its socket reads as ready: EOF)."""
        sock = self.connection.sock
        return sock is not None and bool(select.select([sock], [], [], 0)[0])

    def close(self):
        self.connection.close()


class ContractGateway:
    """The SMS gateway of the contract: POST {to, text, reference} as JSON; a 2xx may carry the gateway's "id"."""

    def __init__(self, url, token):
        self.poster = JsonPoster(url, token)

    def send(self, to, text, reference):
        answer = self.poster.post({"to": to, "text": text, "reference": reference})
        return str(answer.get("id", "")) if isinstance(answer, dict) else ""

    def close(self):
        self.poster.close()


class WhatsApp:
    """WhatsApp Business Cloud API: only templates Meta approved may start a conversation.

    Each kind is a template named `qafila_<kind>` with one body parameter, the message's text, approved in
    Arabic (`ar`) and French (`fr`)."""

    def __init__(self, url, phone_number_id, token):
        self.poster = JsonPoster(f"{url.rstrip('/')}/{phone_number_id}/messages", token)

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
        answer = self.poster.post(body)
        messages = answer.get("messages") if isinstance(answer, dict) else None
        return str(messages[0].get("id", "")) if messages else ""

    def close(self):
        self.poster.close()


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


class Session:
    """The channels of one batch of messages: each provider made at its first message and closed at the end."""

    def __init__(self):
        self.providers = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for provider in self.providers.values():
            if provider is not None:
                provider.close()

    def _provider(self, channel, make):
        if channel not in self.providers:
            self.providers[channel] = make()
        return self.providers[channel]

    def send(self, message, text):
        """Hand `message` (its body `text`) to its channel; the provider's id. RetryLater or Failed otherwise."""
        if message.channel == ChannelKind.EMAIL:
            return send_email(message.to, subject(message), text)
        if message.channel == ChannelKind.WHATSAPP:
            cloud_api = self._provider(ChannelKind.WHATSAPP, whatsapp)
            return cloud_api.send(message.to, text, message.kind, message.language)
        gateway = self._provider(ChannelKind.SMS, sms_gateway)
        if gateway is None:
            raise Failed("QAFILA_SMS_GATEWAY_URL is not set")
        return gateway.send(message.to, text, str(message.pk))


def subject(message):
    """An email's subject: the kind of message, in the reader's language."""
    with translation.override(message.language):
        return f"Qafila · {message.get_kind_display()}"
