"""Writes on the catalogue: loading it from the reference file, and a coordinator's edits, each audited.

The loader and people share the catalogue: a programme a person has edited (`edited_by` set) is left alone by
`load_catalogue`, which reports it as `kept`, because a coordinator's later knowledge (a new call, a closed
programme) beats our research file; `force=True` overwrites it all the same. Programmes no longer in the file
are left in place: they may be referred to, and the coordinator can mark them ended.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from core.audit import record

from .models import SupportProgramme

DATA = Path(__file__).resolve().parent / "data"
# The file's `marketing` is what the issue calls marketing support.
KIND_ALIASES = {"marketing": "marketing_support"}


@cache
def reference_data():
    """The research file and Qafila's Arabic/French texts for it."""
    catalogue = yaml.safe_load((DATA / "support_programmes.yaml").read_text(encoding="utf-8"))
    texts = yaml.safe_load((DATA / "support_programmes_texts.yaml").read_text(encoding="utf-8"))
    return catalogue, texts


def _amount(value):
    return None if value is None else Decimal(str(value))


def _any(value):
    """The file writes "any" (or nothing) for "no rule": stored as an empty list."""
    return [] if value in (None, "any") else list(value)


def _pair(texts, name, fallback=""):
    pair = texts.get(name) or {}
    return {f"{name}_ar": pair.get("ar", ""), f"{name}_fr": pair.get("fr", fallback)}


def fields_from_file(entry, texts, source_urls, checked_on):
    """The model fields of one programme of the reference file."""
    key = entry["id"]
    eligibility = entry.get("eligibility") or {}
    amounts = entry.get("amounts") or {}
    status = entry.get("status") or {}
    own = texts.get("amounts") or {}
    if eligibility.get("other") and not texts.get("other"):
        raise ImproperlyConfigured(f"{key}: its other conditions have no Arabic/French text")
    zones = eligibility.get("zones")
    fields = {
        "name_ar": entry["name_ar"],
        "name_fr": entry["name_fr"],
        **_pair(texts, "operator", entry.get("operator", "")),
        **_pair(texts, "summary"),
        **_pair(texts, "amounts_note"),
        **_pair(texts, "status_note"),
        "kinds": [KIND_ALIASES.get(k, k) for k in entry.get("kind", [])],
        "max_grant_mad": _amount(amounts.get("max_grant_mad") or amounts.get("grant_part_max_mad")),
        "max_share_of_investment": _amount(amounts.get("max_share_of_investment")),
        "max_loan_mad": _amount(own.get("max_loan_mad") or amounts.get("max_loan_mad")),
        "rate": own.get("rate", ""),
        "repayment_years": amounts.get("repayment_years"),
        "grace_years": amounts.get("grace_years"),
        "applicant_forms": list(eligibility.get("applicant_forms", [])),
        "age_min": eligibility.get("age_min"),
        "age_max": eligibility.get("age_max"),
        "holder_sex": "",
        "cooperative_max_age_years": eligibility.get("cooperative_max_age_years"),
        "requires_soulaliyate_member": bool(eligibility.get("requires_soulaliyate_member")),
        "max_turnover_mad": _amount(eligibility.get("max_turnover_mad")),
        "sectors": _any(eligibility.get("sectors")),
        "excluded_sectors": [],
        "zone": "" if zones in (None, "any") else zones,
        "regions": _any(eligibility.get("regions")),
        "min_project_cost_mad": None,
        "max_project_cost_mad": None,
        "min_own_contribution_share": None,
        "stages": [],
        "local_rules": [dict(r) for r in texts.get("local_rules", [])],
        "other_conditions": [dict(c) for c in texts.get("other", [])],
        "documents": [dict(d) for d in texts.get("documents", [])],
        "sources": [{"key": s, "url": source_urls.get(s, "")} for s in entry.get("sources", [])],
        "sources_as_of": str(status.get("as_of", "")),
        "checked_on": checked_on,
        "confidence": entry.get("confidence", "medium"),
        "state": status.get("state", "unclear"),
    }
    for name, value in (texts.get("conditions") or {}).items():
        fields[name] = (
            _amount(value) if isinstance(value, float | int) and not isinstance(value, bool) else value
        )
    return fields


def _fingerprint(fields):
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def load_catalogue(*, force=False, actor=None):
    """Create or update every programme of the reference file; idempotent. Returns the keys by outcome:
    `created`, `updated`, `unchanged`, and `kept` (edited by a person since, left alone unless `force`)."""
    catalogue, texts = reference_data()
    checked_on = datetime.date.fromisoformat(str(texts["checked_on"]))
    outcome = {"created": [], "updated": [], "unchanged": [], "kept": []}
    existing = {p.key: p for p in SupportProgramme.objects.select_for_update()}
    for entry in catalogue["programmes"]:
        key = entry["id"]
        fields = fields_from_file(entry, texts["programmes"].get(key, {}), texts["source_urls"], checked_on)
        fingerprint = _fingerprint(fields)
        programme = existing.get(key)
        edited = programme is not None and programme.edited_at is not None
        if edited and not force:
            outcome["kept"].append(key)
            continue
        if programme is not None and not edited and programme.loaded_hash == fingerprint:
            outcome["unchanged"].append(key)
            continue
        created = programme is None
        programme = programme or SupportProgramme(key=key)
        for name, value in fields.items():
            setattr(programme, name, value)
        programme.loaded_hash, programme.edited_by, programme.edited_at = fingerprint, None, None
        programme.full_clean()
        programme.save()
        outcome["created" if created else "updated"].append(key)
    if outcome["created"] or outcome["updated"]:
        record(actor, "programmes.catalogue_loaded", None, **{k: v for k, v in outcome.items() if v})
    return outcome


@transaction.atomic
def create_programme(actor, programme):
    """Add a programme to the catalogue (a coordinator's own entry: the loader will never overwrite it)."""
    programme.edited_by, programme.edited_at = actor, timezone.now()
    programme.full_clean()
    programme.save()
    record(actor, "programmes.created", programme, key=programme.key)
    return programme


@transaction.atomic
def change_programme(actor, programme, changed=()):
    """Save a coordinator's edit; `changed` names the fields, kept in the audit entry."""
    programme.edited_by, programme.edited_at = actor, timezone.now()
    programme.full_clean()
    programme.save()
    record(actor, "programmes.changed", programme, key=programme.key, fields=sorted(changed))
    return programme


@transaction.atomic
def mark_checked(actor, programme):
    """Record that a person checked the programme at its sources today (the freshness list forgets it)."""
    programme = SupportProgramme.objects.select_for_update().get(pk=programme.pk)
    previous = programme.checked_on
    programme.checked_on = timezone.localdate()
    programme.edited_by, programme.edited_at = actor, timezone.now()
    programme.save(update_fields=["checked_on", "edited_by", "edited_at"])
    record(actor, "programmes.checked", programme, key=programme.key, previous=str(previous))
    return programme


@transaction.atomic
def end_programme(actor, programme):
    """Mark a programme ended: it leaves the matching, stays in the catalogue. Quiet when already ended."""
    programme = SupportProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.state == SupportProgramme.State.ENDED:
        return programme
    previous = programme.state
    programme.state = SupportProgramme.State.ENDED
    programme.closed_on = timezone.localdate()
    programme.edited_by, programme.edited_at = actor, timezone.now()
    programme.save(update_fields=["state", "closed_on", "edited_by", "edited_at"])
    record(actor, "programmes.ended", programme, key=programme.key, previous=previous)
    return programme
