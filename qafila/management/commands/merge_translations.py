"""Fill the catalogues' missing translations from the drafts in locale_drafts/ (`make messages` runs it).

A draft file maps each msgid to its translations; a plural entry gives every form the catalogue's
Plural-Forms asks for (six in Arabic, two in French), a `context` field matches a msgctxt:

    {"Check-in": {"ar": "…", "fr": "…"},
     "%(counter)s row": {"plural": "%(counter)s rows", "ar_plural": ["…", …], "fr_plural": ["…", "…"]},
     "May": {"context": "month", "ar": "…", "fr": "…"}}

A translation already in a catalogue (not empty, not fuzzy) has been reviewed: it stays unless --force.
"""

import json
import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

WRAP = 78  # the width the catalogues are written at: a catalogue with nothing to fill is saved byte for byte


def load_drafts(folder):
    """Every draft by (msgctxt, msgid), and the keys that two drafts translate differently."""
    drafts, conflicts = {}, set()
    for path in sorted(Path(folder).glob("*.json")):
        for msgid, draft in json.loads(path.read_text(encoding="utf-8")).items():
            key = (draft.get("context"), msgid)
            if drafts.setdefault(key, draft) != draft:
                conflicts.add(key)
    return drafts, conflicts


def catalogues(root, languages):
    """The django.po of each language in each top-level */locale folder of the project."""
    return [
        path
        for path in sorted(Path(root).glob("*/locale/*/LC_MESSAGES/django.po"))
        if path.parent.parent.name in languages
    ]


def merge(catalogue, language, drafts, conflicts, force=False):
    """Fill `catalogue` (a polib.POFile) from the drafts; say what was filled and what could not be."""
    nplurals = int(
        re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", "nplurals=2"))[1]
    )
    outcome = {"filled": [], "matched": set(), "no_draft": [], "conflicts": [], "mismatched": []}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        draft = drafts.get(key, {})
        if key in drafts:
            outcome["matched"].add(key)
        reviewed = entry.translated()
        if reviewed and not force:
            continue
        if language not in draft and f"{language}_plural" not in draft:
            if not reviewed:
                outcome["no_draft"].append(key)
            continue
        if key in conflicts:
            outcome["conflicts"].append(key)
            continue
        translation = fitting(draft, entry, language, nplurals)
        if translation is None:
            outcome["mismatched"].append(key)
            continue
        current = entry.msgstr_plural if entry.msgid_plural else entry.msgstr
        if translation == current and not entry.fuzzy:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = translation
        else:
            entry.msgstr = translation
        # A fuzzy entry held msgmerge's guess from an older msgid; the draft was written for this one.
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        outcome["filled"].append(key)
    return outcome


def fitting(draft, entry, language, nplurals):
    """The draft's translation in the shape of the catalogue's entry, or None if it does not fit."""
    if not entry.msgid_plural:
        translation = draft.get(language)
        return translation if isinstance(translation, str) and translation else None
    forms = draft.get(f"{language}_plural")
    if (
        not isinstance(forms, list)
        or len(forms) != nplurals
        or not all(forms)
        or draft.get("plural", entry.msgid_plural) != entry.msgid_plural
    ):
        return None
    return dict(enumerate(forms))


def label(key):
    context, msgid = key
    return f"[{context}] {msgid}" if context else msgid


class Command(BaseCommand):
    help = "Fill empty or fuzzy translations of the catalogues from locale_drafts/*.json and report the gaps."

    def add_arguments(self, parser):
        parser.add_argument(
            "catalogues", nargs="*", type=Path, help="django.po files (default: the project's)"
        )
        parser.add_argument("--drafts", type=Path, default=settings.BASE_DIR / "locale_drafts")
        parser.add_argument(
            "--force", action="store_true", help="replace reviewed translations with the drafts'"
        )
        parser.add_argument("--dry-run", action="store_true", help="report without writing")

    def handle(self, *args, **options):
        drafts, conflicts = load_drafts(options["drafts"])
        languages = [code for code, _name in settings.LANGUAGES]
        paths = options["catalogues"] or catalogues(settings.BASE_DIR, languages)
        matched, gaps = set(), {"no_draft": set(), "conflicts": set(), "mismatched": set()}
        for path in paths:
            language = path.parent.parent.name
            catalogue = polib.pofile(str(path), wrapwidth=WRAP)
            outcome = merge(catalogue, language, drafts, conflicts, options["force"])
            matched |= outcome["matched"]
            for gap, keys in gaps.items():
                keys.update((language, key) for key in outcome[gap])
            if outcome["filled"] and not options["dry_run"]:
                catalogue.save()
            shown = path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path
            done = "to fill" if options["dry_run"] else "filled"
            self.stdout.write(f"{shown}: {len(outcome['filled'])} translations {done}")
        self.report(
            "Drafts for a msgid that no catalogue has", [(None, key) for key in drafts.keys() - matched]
        )
        self.report("Untranslated, and no draft for them", gaps["no_draft"])
        self.report("Drafts that disagree with each other, left as they were", gaps["conflicts"])
        self.report("Drafts whose forms do not fit the catalogue's entry", gaps["mismatched"])

    def report(self, title, keys):
        if keys:
            self.stdout.write(f"{title} ({len(keys)}):")
            for language, key in sorted(keys, key=lambda item: (item[1][1], item[0] or "")):
                self.stdout.write(f"  {language + ': ' if language else ''}{label(key)}")
