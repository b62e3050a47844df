"""Reading the audit trail. The trail knows families only by id: pages above resolve references."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from familyhub.audit.chain import GENESIS, event_hash
from familyhub.audit.models import AuditCheckpoint, AuditEvent
from familyhub.audit.triggers import CHECKPOINT_TABLE, TABLE, trigger_names, triggers_present

# Events read at a time while walking the chain: memory stays flat however long the trail.
CHAIN_CHUNK = 5000
CHAIN_FIELDS = [
    *("id", "at", "actor_id", "actor_label", "action", "record_type", "record_id"),
    *("family_id", "local_authority_code", "reason", "details", "prev_hash", "hash"),
]


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_matching(
    *,
    local_authority_codes: Iterable[str],
    actor: str = "",
    family_ids: Iterable[UUID] | None = None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first, of these councils only. Dates are whole days in local time, both ends
    included.

    `family_ids=None` means any family; an empty list means none matched the query.
    """
    events = AuditEvent.objects.filter(local_authority_code__in=list(local_authority_codes))
    if actor:
        # The label is what the trail kept at the time; it still reads right after a rename.
        events = events.filter(actor_label__iexact=actor.strip())
    if family_ids is not None:
        events = events.filter(family_id__in=list(family_ids))
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


@dataclass(frozen=True)
class ChainProblem:
    """One place where the trail is not what was written: `event_id` None for the table."""

    event_id: int | None
    message: str

    def describe(self) -> str:
        where = f"Event {self.event_id}" if self.event_id is not None else "The audit table"
        return f"{where}: {self.message}"


@dataclass
class ChainWalk:
    """What audit_chain_problems saw, filled in as it walks: for the report at the end."""

    events: int = 0
    last_id: int | None = None
    head: str = GENESIS
    # The last approved purge the walk started from, if any.
    checkpoint: AuditCheckpoint | None = None


def latest_checkpoint() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-up_to_event_id", "-id").first()


def chain_start() -> str:
    """The prev_hash of the first event of the trail: the last purge's anchor, else GENESIS."""
    checkpoint = latest_checkpoint()
    return checkpoint.anchor_hash if checkpoint else GENESIS


def _missing_triggers() -> Iterator[ChainProblem]:
    for table, what in ((TABLE, "changes"), (CHECKPOINT_TABLE, "changes to the checkpoints")):
        missing = trigger_names(connection.vendor, table) - triggers_present(connection, table)
        if missing:
            yield ChainProblem(None, f"the triggers refusing {what} are gone: {sorted(missing)}")


def audit_chain_problems(walk: ChainWalk | None = None) -> Iterator[ChainProblem]:
    """Every broken link of the trail, oldest first, and any refusing trigger gone missing.

    An event edited in place no longer matches its own hash. An event deleted, or edited and
    re-hashed, leaves the next event's prev_hash naming a hash that is no longer before it.
    Ids need not be dense (a rolled-back insert skips one), so only the chain tells. After an
    approved purge the chain starts from its checkpoint's anchor, the hash of the last event
    removed, so a gap or an edit after the checkpoint is found as before.
    """
    walk = walk or ChainWalk()
    yield from _missing_triggers()
    walk.checkpoint = latest_checkpoint()
    if walk.checkpoint is not None:
        walk.head = walk.checkpoint.anchor_hash
    start = f"the purge checkpoint {walk.checkpoint.pk}" if walk.checkpoint else "the start"
    previous_id: int | None = None
    # Rows, not model instances: a third faster, and the hash needs only the columns.
    events = (
        AuditEvent.objects.order_by("id")
        .values_list(*CHAIN_FIELDS, named=True)
        .iterator(chunk_size=CHAIN_CHUNK)
    )
    for event in events:
        if event.prev_hash != walk.head:
            after = f"event {previous_id}" if previous_id is not None else start
            yield ChainProblem(
                event.id,
                f"does not follow on from {after}: an event between them was deleted, "
                "or the one before was changed",
            )
        if event_hash(event, event.prev_hash) != event.hash:
            yield ChainProblem(event.id, "its content no longer matches its hash: it was changed")
        walk.events += 1
        walk.head, walk.last_id, previous_id = event.hash, event.id, event.id
