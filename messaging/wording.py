"""The national coordinator's wording of each kind of message: saved or reset to the built-in texts, audited.

`texts.template_for` reads what is kept here; the built-in texts stay in `texts` and are never overwritten."""

from django.db import transaction

from core import audit

from . import texts
from .models import MessageTemplate


@transaction.atomic
def save(kind, wording, by):
    """Keep `wording` ({language: text}, each checked by the caller) as the texts of `kind`; the languages whose
    text changed, each audited."""
    own = {t.language: t for t in MessageTemplate.objects.select_for_update().filter(kind=kind)}
    changed = []
    for language, text in wording.items():
        template = own.get(language)
        if text == (template.text if template else texts.built_in(kind, language)):
            continue
        if template is None:
            MessageTemplate.objects.create(kind=kind, language=language, text=text, updated_by=by)
        else:
            template.text, template.updated_by = text, by
            template.save(update_fields=["text", "updated_by", "updated"])
        audit.record(by, "messages.template_changed", None, kind=kind, language=language, text=text)
        changed.append(language)
    return changed


@transaction.atomic
def reset(kind, by):
    """Back to the built-in texts of `kind` in every language; the languages that had their own wording."""
    languages = sorted(MessageTemplate.objects.filter(kind=kind).values_list("language", flat=True))
    if languages:
        MessageTemplate.objects.filter(kind=kind).delete()
        audit.record(by, "messages.template_reset", None, kind=kind, languages=languages)
    return languages
