"""The audit log: every write that matters, and every look at personal data, leaves one entry."""

from .models import AuditEntry


def entry(actor, action, obj=None, **details):
    """An unsaved audit entry: `action` is dotted (`caravan.copied`), `details` plain JSON. Bulk writers insert
    many with `AuditEntry.objects.bulk_create`; everyone else calls `record`."""
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details,
    )


def record(actor, action, obj=None, **details):
    """Write one audit entry."""
    audit_entry = entry(actor, action, obj, **details)
    audit_entry.save()
    return audit_entry
