"""The purge of records kept past their retention period. django-q2 runs it daily (schedule made
by migration 0003); `manage.py purge_expired` runs it by hand."""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.frontdoor.models import SupportRequest
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


def _drafts_purge(cutoff: dt.datetime, batch_size: int) -> Counter[str]:
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
PURGERS: dict[str, Callable[[dt.datetime, int], Counter[str]]] = {
    RetentionPeriod.Kind.DRAFT_REQUEST: _drafts_purge,
}


def retention_purge(*, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> PurgeReport:
    """Delete what is past its period, for every period marked purged; record one audit event
    with the counts; return the report."""
    now = now or timezone.now()
    removed: Counter[str] = Counter()
    for period in RetentionPeriod.objects.filter(purged=True):
        removed += PURGERS[period.kind](now - dt.timedelta(days=period.days), batch_size)
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
