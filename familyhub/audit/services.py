"""Writing the audit trail. Called inside the same transaction as the read or change it records,
so nothing is seen or changed without its trace.

Every event enters the trail through `audit_append`, which chains it to the event before: the
append is serialised (one transaction at a time reads the last hash and writes after it), so two
requests at once can never fork the chain.

`audit_trail_purge` is the one write that removes events: the oldest ones, behind a checkpoint,
as an operator runs it with someone's approval (retention's `purge_audit_trail` command, which
keeps to the retention period).
"""

import datetime as dt
from collections.abc import Sequence
from itertools import islice
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.db.models import Model

from familyhub.audit.chain import chain
from familyhub.audit.models import AuditCheckpoint, AuditEvent
from familyhub.audit.selectors import audit_chain_problems, chain_start
from familyhub.audit.triggers import TABLE, suspended

# The PostgreSQL advisory lock that serialises appends; any constant, the same in every process.
CHAIN_LOCK = 0x46_48_41_55_44_49_54  # "FHAUDIT"
# How far up a record's foreign keys to look for the council it belongs to: an assessment
# belongs to an episode, which names its council.
_COUNCIL_SEARCH_DEPTH = 2


def _family_of(record: Model) -> UUID | None:
    if record._meta.label_lower == "families.family":
        return record.pk
    return getattr(record, "family_id", None)


def _council_of_record(record: Model, depth: int) -> str:
    """The ONS code of the council a record belongs to: its own, or that of a record it points
    to (not through a member of staff, who is not what the record belongs to)."""
    if record._meta.label_lower == "places.localauthority":
        return str(record.pk)
    own = getattr(record, "local_authority_id", None)
    if own or depth == 0:
        return own or ""
    for field in record._meta.concrete_fields:
        parent_model = field.related_model
        if not field.many_to_one or parent_model is None:
            continue
        if parent_model._meta.label == settings.AUTH_USER_MODEL:
            continue
        try:
            parent = getattr(record, field.name)
        except ObjectDoesNotExist:  # a row not yet written in this transaction: look on
            continue
        code = _council_of_record(parent, depth - 1) if parent is not None else ""
        if code:
            return code
    return ""


def _council_of_staff(user: AbstractUser) -> str:
    # Staff belong to councils through their organisations (accounts, above this app, names
    # the relation). Someone working for more than one council counts for the first by code.
    memberships = getattr(user, "memberships", None)
    if memberships is None:
        return ""
    codes = memberships.values_list("organisation__local_authority_id", flat=True)
    return codes.order_by("organisation__local_authority_id").first() or ""


def council_of(record: Model, actor: AbstractUser | None) -> str:
    """The council an event belongs to: the record's, else (an account, a message) the staff
    member's whose account it is, else the actor's."""
    code = _council_of_record(record, _COUNCIL_SEARCH_DEPTH)
    for person in (record, actor):
        if not code and isinstance(person, AbstractUser):
            code = _council_of_staff(person)
    return code


def audit_append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Chain the events on to the end of the trail, in order, and insert them."""
    if not events:
        return events
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Held to the end of the transaction, so the next append reads this one's hash.
            # SQLite needs no lock: its transactions begin IMMEDIATE (settings), one writer
            # at a time.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        # An empty trail starts from the last purge's checkpoint, if there was one.
        chain(events, last or chain_start())
        if len(events) == 1:
            events[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(events)
    return events


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
    event = AuditEvent(
        actor_id=user.pk if user else None,
        actor_label=user.email if user else "",
        action=action,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        family_id=_family_of(record),
        local_authority_code=council_of(record, user),
        reason=reason,
        details=details or {},
    )
    return audit_append([event])[0]


def audit_search_hits(*, actor: AbstractUser, records: Sequence[Model], query: str) -> None:
    """Every record a staff search showed, one event each, in one insert."""
    audit_each(
        actor=actor,
        action=AuditEvent.Action.SEARCH_HIT,
        records=records,
        details={"query": query},
    )


def audit_each(
    *,
    actor: AbstractUser,
    action: AuditEvent.Action,
    records: Sequence[Model],
    details: dict[str, Any],
) -> None:
    """One event per record, in one insert: what a list, a search or an export showed of each
    family, so each family's own trail says who saw them there."""
    actor_council = ""
    events = []
    for record in records:
        council = _council_of_record(record, _COUNCIL_SEARCH_DEPTH)
        if not council:
            actor_council = actor_council or _council_of_staff(actor)
            council = actor_council
        events.append(
            AuditEvent(
                actor_id=actor.pk,
                actor_label=actor.email,
                action=action,
                record_type=record._meta.label_lower,
                record_id=str(record.pk),
                family_id=_family_of(record),
                local_authority_code=council,
                details=details,
            )
        )
    audit_append(events)


class AuditPurgeRefused(Exception):
    """The purge would leave a trail that cannot be verified, or has nothing to remove."""


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])


def audit_trail_purge(*, before: dt.datetime, approved_by: str, reason: str) -> AuditCheckpoint:
    """Remove every event recorded before `before`, in one transaction: a checkpoint naming
    the last one removed (whose hash the next event names as its prev_hash), the events
    deleted with the refusing triggers set aside and put back, and one event recording it.

    Needs the audit table owner's rights (the triggers are dropped and recreated). It refuses
    a trail verify_audit would not pass: a purge must not wash away the evidence of tampering.
    Checking the retention period is the caller's (retention.services), above this app.
    """
    with transaction.atomic():
        _lock_chain()  # no append in between: the last event removed stays the anchor
        problem = next(islice(audit_chain_problems(), 1), None)
        if problem is not None:
            raise AuditPurgeRefused(f"The trail does not verify: {problem.describe()}")
        # The removed events are a prefix of the chain: those before the first event kept.
        first_kept = (
            AuditEvent.objects.filter(at__gte=before).order_by("id").values_list("id", flat=True)
        ).first()
        removed = AuditEvent.objects.all()
        if first_kept is not None:
            removed = removed.filter(id__lt=first_kept)
        last = removed.order_by("-id").values_list("id", "hash").first()
        if last is None:
            raise AuditPurgeRefused("No audit event was recorded before then.")
        up_to, anchor = last
        checkpoint = AuditCheckpoint.objects.create(
            before=before,
            up_to_event_id=up_to,
            events_removed=removed.count(),
            anchor_hash=anchor,
            approved_by=approved_by,
            reason=reason,
        )
        with suspended(connection, tables=(TABLE,)), connection.cursor() as cursor:
            # TABLE is this module's constant, not input.
            cursor.execute(f"DELETE FROM {TABLE} WHERE id <= %s", [up_to])  # noqa: S608
        # Counts and ids only: the approval's words stay on the checkpoint.
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            record=checkpoint,
            reason="Audit events past their retention period, purged with approval",
            details={
                "removed": checkpoint.events_removed,
                "up_to_event_id": up_to,
                "checkpoint": checkpoint.pk,
                "before": before.isoformat(),
            },
        )
    return checkpoint
