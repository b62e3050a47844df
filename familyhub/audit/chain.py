"""The hash chain of the audit trail: each event's hash covers its content and the hash before it.

The format is a contract with every event already stored: changing what is hashed, or how, makes
the whole trail fail `verify_audit`. A new format would need a new version tag and both kept.
"""

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

VERSION = "familyhub-audit-v1"
# The prev_hash of the first event of a trail.
GENESIS = "0" * 64


def _canonical_json(value: Any) -> Any:
    # Hashed as it will read back from the database: JSON turns tuples into lists and keys into
    # strings, and the order of keys is not kept by PostgreSQL's jsonb.
    return json.loads(json.dumps(value))


def _uuid_text(value: Any) -> str | None:
    return None if value is None else str(uuid.UUID(str(value)))


def _at_text(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def event_hash(event: Any, prev_hash: str) -> str:
    """SHA-256 (hex) of the event's content and the previous event's hash.

    `event` is an AuditEvent, or a row of one as the data migration sees it. Everything is
    written as one JSON array, so no field can run into the next; ASCII only, so any text
    (even a lone surrogate) has exactly one form.
    """
    content = [
        VERSION,
        prev_hash,
        _at_text(event.at),
        event.actor_id,
        event.actor_label,
        str(event.action),
        event.record_type,
        str(event.record_id),
        _uuid_text(event.family_id),
        event.local_authority_code,
        event.reason,
        _canonical_json(event.details),
    ]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def chain(events: list[Any], prev_hash: str) -> None:
    """Give each event, in order, its prev_hash and hash, following on from prev_hash."""
    for event in events:
        event.prev_hash = prev_hash
        event.hash = prev_hash = event_hash(event, prev_hash)
