"""Writing the audit trail. Called inside the same transaction as the read or change it records,
so nothing is seen or changed without its trace."""

from typing import Any
from uuid import UUID

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db.models import Model

from familyhub.audit.models import AuditEvent


def _family_of(record: Model) -> UUID | None:
    if record._meta.label_lower == "families.family":
        return record.pk
    return getattr(record, "family_id", None)


def audit_record(
    *,
    actor: AbstractUser | AnonymousUser | None,
    action: AuditEvent.Action,
    record: Model,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who did what to which record (and so to which family), and why."""
    # Staff are users of AUTH_USER_MODEL (an AbstractUser); anyone else, such as somebody whose
    # sign-in failed, is recorded without an actor.
    user = actor if isinstance(actor, AbstractUser) else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user else None,
        actor_label=user.email if user else "",
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        family_id=_family_of(record),
        reason=reason,
        details=details or {},
    )


def audit_search_hits(*, actor: AbstractUser, records: list[Model], query: str) -> None:
    """Every record a staff search showed, one event each, in one insert."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_id=actor.pk,
            actor_label=actor.email,
            action=AuditEvent.Action.SEARCH_HIT,
            record_type=record._meta.label_lower,
            record_id=str(record.pk),
            family_id=_family_of(record),
            details={"query": query},
        )
        for record in records
    )
