"""What each kind of message says: built-in Arabic and French texts, a coordinator's own wording, placeholders.

A text is short and asks one thing. Placeholders are written `{name}`; each kind may use only its own
(`placeholders`), and a coordinator's text is checked against them when edited (`check_placeholders`). The
decision kind has one text per decision (its variants); the other kinds one text each (variant "").
"""

import re

from django.utils import translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import Kind, MessageTemplate

PLACEHOLDERS: dict[str, frozenset[str]] = {
    Kind.REGISTRATION_RECEIVED: frozenset({"name", "caravan", "reference", "status_url"}),
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

# The decision kind says one of four things, chosen by context["decision"] (registration's Decision codes): its
# variants, each a text of its own with its own placeholders and the ones it is for.
DECISION_LABELS = {
    "accepted": pgettext_lazy("decision message", "Accepted"),
    "waitlisted": pgettext_lazy("decision message", "On the waiting list"),
    "ineligible": pgettext_lazy("decision message", "Not eligible"),
    "needs_review": pgettext_lazy("decision message", "Being reviewed"),
}
DECISION_PLACEHOLDERS = {
    "accepted": frozenset({"name", "caravan", "badge_code", "status_url"}),
    "waitlisted": frozenset({"name", "caravan", "position", "status_url"}),
    "ineligible": frozenset({"name", "caravan", "reason", "contact", "status_url"}),
    "needs_review": frozenset({"name", "caravan", "status_url"}),
}
DECISION_REQUIRED = {
    "accepted": frozenset({"badge_code", "status_url"}),
    "waitlisted": frozenset({"position"}),
    "ineligible": frozenset({"reason", "contact"}),
    "needs_review": frozenset({"status_url"}),
}
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


def variants(kind):
    """The texts of `kind`: the four decisions for the decision kind, one ("") for the others."""
    return list(DECISIONS) if kind == Kind.DECISION else [""]


def variant_of(kind, decision):
    """The text of `kind` a message says: the decision's own for the decision kind ("needs_review" for a decision
    with no text of its own), "" for the others."""
    if kind != Kind.DECISION:
        return ""
    return decision if decision in DECISIONS else "needs_review"


def placeholders(kind, variant=""):
    """The placeholders a text of `kind` (its `variant`) may use."""
    return DECISION_PLACEHOLDERS[variant] if kind == Kind.DECISION else PLACEHOLDERS[kind]


def required(kind, variant=""):
    """The placeholders a text of `kind` (its `variant`) is for: it may not leave them out."""
    return DECISION_REQUIRED[variant] if kind == Kind.DECISION else REQUIRED[kind]


def built_in(kind, language, decision=""):
    """The built-in text of `kind` in `language` (for the decision kind, the one of that decision)."""
    variant = variant_of(kind, decision)
    text = DECISIONS[variant] if variant else BUILT_IN[kind]
    with translation.override(language):
        return str(text)


def template_for(kind, language, decision=""):
    """The coordinator's wording of `kind` in `language` (of that decision for the decision kind) if there is
    one, else the built-in text."""
    own = MessageTemplate.objects.filter(kind=kind, variant=variant_of(kind, decision), language=language)
    return own.values_list("text", flat=True).first() or built_in(kind, language, decision)


def fill(text, context):
    """`text` with each `{placeholder}` replaced by its value in `context` ("" when missing)."""
    return _PLACEHOLDER.sub(lambda match: str(context.get(match[1].strip(), "") or ""), text).strip()


def render(kind, language, context):
    """The message of `kind` for a reader of `language`, its placeholders filled from `context`."""
    return fill(template_for(kind, language, context.get("decision", "")), context)


def check_placeholders(kind, text, variant=""):
    """What is wrong with a coordinator's `text` for `kind` (its `variant`), as sentences; empty when it is
    fine."""
    allowed = placeholders(kind, variant)
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
    for name in sorted(required(kind, variant) - used):
        errors.append(
            gettext("The placeholder {%(name)s} is missing: this message is for it.") % {"name": name}
        )
    return errors
