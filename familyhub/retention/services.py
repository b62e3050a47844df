"""The purge of records kept past their retention period. django-q2 runs it daily (schedule made
by migration 0003); `manage.py purge_expired` runs it by hand.

Never the audit trail: removing audit events is a deliberate act an operator runs with someone's
approval (`manage.py purge_audit_trail`, `audit_trail_purge_approved` below), which leaves a
checkpoint the hash chain is verified from. The AUDIT_EVENT period stays `purged=False`, and
the daily run skips it even if it were marked.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from familyhub.audit.models import (
    CHECKPOINT_APPROVED_BY_MAX_LENGTH,
    CHECKPOINT_REASON_MAX_LENGTH,
    AuditCheckpoint,
    AuditEvent,
)
from familyhub.audit.services import audit_record, audit_trail_purge
from familyhub.frontdoor.models import SupportRequest
from familyhub.retention.episodes import closed_episodes_purge
from familyhub.retention.models import PurgeRun, RetentionPeriod

# Rows deleted per transaction: small enough that a run never holds locks for long on a busy
# front door, large enough that a backlog clears in a few round trips.
BATCH_SIZE = 500


@dataclass(frozen=True)
class PurgeReport:
    at: dt.datetime
    # Rows removed, by model label ("frontdoor.SupportRequest"), cascades included.
    removed: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def lines(self) -> list[str]:
        if not self.removed:
            return ["Nothing was past its retention period."]
        return [f"{label}: {count}" for label, count in sorted(self.removed.items())]


def _expired_drafts(cutoff: dt.datetime) -> QuerySet[SupportRequest]:
    # Counted from when the draft was begun, as the front door's resume link expiry is: once the
    # link stops working nobody can finish the draft, so nothing is gained by keeping it.
    return SupportRequest.objects.filter(status=SupportRequest.Status.DRAFT, created__lt=cutoff)


def _drafts_purge(cutoff: dt.datetime, now: dt.datetime, batch_size: int) -> Counter[str]:
    removed: Counter[str] = Counter()
    while True:
        with transaction.atomic():
            # An expired draft's link no longer opens it, so nobody should be writing to it; the
            # row lock and the status checked again by the delete keep even a stray late send
            # from losing a request that has just become sent.
            batch = list(
                _expired_drafts(cutoff)
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                return removed
            _, by_model = _expired_drafts(cutoff).filter(pk__in=batch).delete()
        removed.update({label: count for label, count in by_model.items() if count})


# What deletes each kind of record. A period marked purged without an entry here fails the run
# loudly rather than pretend to keep a promise.
# Each is called with the cutoff (now less the period), now, and the batch size.
PURGERS: dict[str, Callable[[dt.datetime, dt.datetime, int], Counter[str]]] = {
    RetentionPeriod.Kind.DRAFT_REQUEST: _drafts_purge,
    RetentionPeriod.Kind.CLOSED_EPISODE: closed_episodes_purge,
}


def retention_purge(*, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> PurgeReport:
    """Delete what is past its period, for every period marked purged; record one audit event
    with the counts; return the report."""
    now = now or timezone.now()
    removed: Counter[str] = Counter()
    periods = RetentionPeriod.objects.filter(purged=True)
    # The audit trail is purged only by the approved route (module docstring).
    for period in periods.exclude(kind=RetentionPeriod.Kind.AUDIT_EVENT):
        removed += PURGERS[period.kind](now - dt.timedelta(days=period.days), now, batch_size)
    report = PurgeReport(at=now, removed=dict(removed))
    with transaction.atomic():
        run = PurgeRun.objects.create(at=now, removed=report.removed)
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            record=run,
            reason="Retention periods reached",
            details={"removed": report.removed},
        )
    return report


class AuditPurgeNotAllowed(Exception):
    """The approved purge was asked for something the retention period does not allow."""


def audit_purge_limit(now: dt.datetime) -> dt.date:
    """The latest `before` day the approved purge may take: events recorded before its start
    have been kept for at least the AUDIT_EVENT period."""
    period = RetentionPeriod.objects.get(kind=RetentionPeriod.Kind.AUDIT_EVENT)
    oldest_kept = timezone.localtime(now) - dt.timedelta(days=period.days)
    # A whole day is purged only when every moment of it is past the period.
    return oldest_kept.date()


def audit_trail_purge_approved(
    *, before: dt.date, approved_by: str, reason: str, now: dt.datetime | None = None
) -> AuditCheckpoint:
    """Remove the audit events recorded before the start of `before` (local time), if all of
    them are past the AUDIT_EVENT period, with who approved it and why (audit.services)."""
    now = now or timezone.now()
    approved_by, reason = approved_by.strip(), reason.strip()
    if not approved_by or not reason:
        raise AuditPurgeNotAllowed("Say who approved the purge and why.")
    if (
        len(approved_by) > CHECKPOINT_APPROVED_BY_MAX_LENGTH
        or len(reason) > CHECKPOINT_REASON_MAX_LENGTH
    ):
        raise AuditPurgeNotAllowed(
            f"Keep who approved it to {CHECKPOINT_APPROVED_BY_MAX_LENGTH} characters and the "
            f"reason to {CHECKPOINT_REASON_MAX_LENGTH}."
        )
    limit = audit_purge_limit(now)
    if before > limit:
        raise AuditPurgeNotAllowed(
            f"Events recorded on or after {limit:%Y-%m-%d} are still within their retention "
            f"period: choose {limit:%Y-%m-%d} or earlier."
        )
    start_of_before = timezone.make_aware(dt.datetime.combine(before, dt.time.min))
    return audit_trail_purge(before=start_of_before, approved_by=approved_by, reason=reason)
