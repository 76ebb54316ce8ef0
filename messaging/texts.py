"""What each kind of message says: built-in Arabic and French texts, a coordinator's own wording, placeholders.

A text is short and asks one thing. Placeholders are written `{name}`; each kind may use only its own
(`PLACEHOLDERS`), and a coordinator's text is checked against them when edited (`check_placeholders`).
"""

import re

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Kind, MessageTemplate

PLACEHOLDERS: dict[str, frozenset[str]] = {
    Kind.REGISTRATION_RECEIVED: frozenset({"name", "caravan", "reference", "status_url"}),
    Kind.DECISION: frozenset(
        {"name", "caravan", "decision", "badge_code", "status_url", "position", "reason", "contact"}
    ),
    Kind.WAITLIST_PROMOTED: frozenset({"name", "caravan", "badge_code", "status_url"}),
    Kind.CONVOCATION: frozenset({"name", "caravan", "place", "date", "time", "bring"}),
    Kind.REMINDER: frozenset({"name", "caravan", "place", "date", "time"}),
    Kind.SURVEY: frozenset({"name", "caravan", "url"}),
    Kind.CERTIFICATE: frozenset({"name", "caravan", "url"}),
    Kind.PROJECT_LINK: frozenset({"name", "url"}),
    Kind.FOLLOW_UP: frozenset({"name", "url"}),
    Kind.INVITATION: frozenset({"caravan", "url", "until"}),
    Kind.BULK: frozenset({"text"}),
}

# The one thing each message is for: a coordinator's wording may not leave it out.
REQUIRED: dict[str, frozenset[str]] = {
    Kind.REGISTRATION_RECEIVED: frozenset({"reference"}),
    Kind.DECISION: frozenset({"status_url"}),
    Kind.WAITLIST_PROMOTED: frozenset({"status_url"}),
    Kind.CONVOCATION: frozenset({"place", "date", "time"}),
    Kind.REMINDER: frozenset({"date", "time"}),
    Kind.SURVEY: frozenset({"url"}),
    Kind.CERTIFICATE: frozenset({"url"}),
    Kind.PROJECT_LINK: frozenset({"url"}),
    Kind.FOLLOW_UP: frozenset({"url"}),
    Kind.INVITATION: frozenset({"url"}),
    Kind.BULK: frozenset({"text"}),
}

BUILT_IN = {
    Kind.REGISTRATION_RECEIVED: _(
        "{name}, your registration for {caravan} is received. Reference: {reference}. "
        "Follow it here: {status_url}"
    ),
    Kind.WAITLIST_PROMOTED: _(
        "{name}, a place is free: you are accepted in {caravan}. Badge code: {badge_code}. "
        "Details: {status_url}"
    ),
    Kind.CONVOCATION: _("{name}, {caravan} starts on {date} at {time}, {place}. Please bring: {bring}"),
    Kind.REMINDER: _("{name}, see you tomorrow {date} at {time}, {place}, for {caravan}."),
    Kind.SURVEY: _("{name}, give us your opinion on {caravan}: {url}"),
    Kind.CERTIFICATE: _("{name}, your certificate of {caravan} is ready: {url}"),
    Kind.PROJECT_LINK: _("{name}, work on your project here: {url}"),
    Kind.FOLLOW_UP: _("{name}, tell us how your project is going: {url}"),
    Kind.INVITATION: _("{caravan}: a free study caravan for cooperatives. Register before {until}: {url}"),
    Kind.BULK: "{text}",
}

# The decision kind says one of four things, chosen by context["decision"] (registration's Decision codes).
DECISIONS = {
    "accepted": _("{name}, you are accepted in {caravan}. Badge code: {badge_code}. Details: {status_url}"),
    "waitlisted": _(
        "{name}, you are number {position} on the waiting list of {caravan}. "
        "We will write if a place frees up: {status_url}"
    ),
    "ineligible": _(
        "{name}, your registration for {caravan} is not accepted: {reason}. Questions: {contact}"
    ),
    "needs_review": _(
        "{name}, your registration for {caravan} is being reviewed. Follow it here: {status_url}"
    ),
}

# `{word}` is a placeholder; a lone brace left once they are taken out is a typing mistake.
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def built_in(kind, language, decision=""):
    """The built-in text of `kind` in `language` (for the decision kind, the one of that decision)."""
    text = DECISIONS.get(decision, DECISIONS["needs_review"]) if kind == Kind.DECISION else BUILT_IN[kind]
    with translation.override(language):
        return str(text)


def template_for(kind, language, decision=""):
    """The coordinator's wording of `kind` in `language` if there is one, else the built-in text."""
    own = MessageTemplate.objects.filter(kind=kind, language=language).values_list("text", flat=True).first()
    return own or built_in(kind, language, decision)


def fill(text, context):
    """`text` with each `{placeholder}` replaced by its value in `context` ("" when missing)."""
    return _PLACEHOLDER.sub(lambda match: str(context.get(match[1].strip(), "") or ""), text).strip()


def render(kind, language, context):
    """The message of `kind` for a reader of `language`, its placeholders filled from `context`."""
    return fill(template_for(kind, language, context.get("decision", "")), context)


def check_placeholders(kind, text):
    """What is wrong with a coordinator's `text` for `kind`, as sentences; empty when it is fine."""
    allowed = PLACEHOLDERS[kind]
    errors = []
    used = set()
    for match in _PLACEHOLDER.finditer(text):
        name = match[1].strip()
        if name in allowed:
            used.add(name)
        else:
            errors.append(
                gettext("Unknown placeholder {%(name)s}: this message may use %(allowed)s.")
                % {"name": name, "allowed": " ".join(f"{{{p}}}" for p in sorted(allowed))}
            )
    if "{" in _PLACEHOLDER.sub("", text) or "}" in _PLACEHOLDER.sub("", text):
        errors.append(gettext("A brace is not closed: write each placeholder as {name}."))
    for name in sorted(REQUIRED[kind] - used):
        errors.append(
            gettext("The placeholder {%(name)s} is missing: this message is for it.") % {"name": name}
        )
    return errors
