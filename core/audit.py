"""The audit log: every write that matters, and every look at personal data, leaves one entry."""

from . import rows
from .models import AuditEntry


def entry(actor, action, obj=None, **details):
    """An unsaved audit entry: `action` is dotted (`caravan.copied`), `details` plain JSON. Bulk writers insert
    many at once (`rows.insert_many`, `AuditEntry.objects.bulk_create`); everyone else calls `record`."""
    return rows.build(
        AuditEntry,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details,
    )


def record(actor, action, obj=None, **details):
    """Write one audit entry."""
    # rows.insert: the log is written inside other writes' transactions, so it is kept short (core.rows).
    return rows.insert(entry(actor, action, obj, **details))
