"""The audit log: every write that matters, and every look at personal data, leaves one entry."""

from .models import AuditEntry


def record(actor, action, obj=None, **details):
    """Write one audit entry; `action` is dotted (`caravan.copied`), `details` plain JSON."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        details=details,
    )
