"""The national coordinator's wording of each kind of message: saved or reset to the built-in texts, audited.

`texts.template_for` reads what is kept here; the built-in texts stay in `texts` and are never overwritten."""

from django.db import transaction

from core import audit

from . import texts
from .models import MessageTemplate


def _which(kind, variant):
    """What an audit entry says of the text: its kind, and its variant when the kind has several."""
    return {"kind": kind, "variant": variant} if variant else {"kind": kind}


@transaction.atomic
def save(kind, variant, wording, by):
    """Keep `wording` ({language: text}, each checked by the caller) as the texts of `kind` (its `variant`: the
    decision for the decision kind, else ""); the languages whose text changed, each audited."""
    found = MessageTemplate.objects.select_for_update().filter(kind=kind, variant=variant)
    own = {t.language: t for t in found}
    changed = []
    for language, text in wording.items():
        template = own.get(language)
        if text == (template.text if template else texts.built_in(kind, language, variant)):
            continue
        if template is None:
            MessageTemplate.objects.create(
                kind=kind, variant=variant, language=language, text=text, updated_by=by
            )
        else:
            template.text, template.updated_by = text, by
            template.save(update_fields=["text", "updated_by", "updated"])
        audit.record(
            by, "messages.template_changed", None, **_which(kind, variant), language=language, text=text
        )
        changed.append(language)
    return changed


@transaction.atomic
def reset(kind, variant, by):
    """Back to the built-in texts of `kind` (its `variant`) in every language; the languages that had their own
    wording."""
    own = MessageTemplate.objects.filter(kind=kind, variant=variant)
    languages = sorted(own.values_list("language", flat=True))
    if languages:
        own.delete()
        audit.record(by, "messages.template_reset", None, **_which(kind, variant), languages=languages)
    return languages
