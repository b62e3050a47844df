"""Writing the audit trail. Called inside the same transaction as the read or change it records,
so nothing is seen or changed without its trace."""

from typing import Any
from uuid import UUID

from django.db.models import Model

from familyhub.audit.models import AuditEvent


def _family_of(record: Model) -> UUID | None:
    if record._meta.label_lower == "families.family":
        return record.pk
    return getattr(record, "family_id", None)


def audit_record(
    *,
    actor,
    action: AuditEvent.Action,
    record: Model,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who did what to which record (and so to which family), and why."""
    authenticated = actor is not None and actor.is_authenticated
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        family_id=_family_of(record),
        reason=reason,
        details=details or {},
    )


def audit_search_hits(*, actor, records: list[Model], query: str) -> None:
    """Every record a staff search showed, one event each, in one insert."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            actor_label=actor.email,
            action=AuditEvent.Action.SEARCH_HIT,
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            family_id=_family_of(record),
            details={"query": query},
        )
        for record in records
    )
