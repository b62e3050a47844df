"""The approved purge of the audit trail (`purge_audit_trail`): only events older than the
AUDIT_EVENT period, in one transaction, behind an append-only checkpoint whose anchor the chain
is verified from; the refusing triggers are back afterwards.

Runs on whichever database DATABASE_URL names (SQLite by default, PostgreSQL in CI).
"""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from familyhub.audit.chain import GENESIS
from familyhub.audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent
from familyhub.audit.services import audit_record
from familyhub.audit.triggers import (
    CHECKPOINT_TABLE,
    trigger_names,
    triggers_create,
    triggers_drop,
    triggers_present,
)
from familyhub.retention.models import RetentionPeriod
from tests.factories import AuditEventFactory, StaffFactory
from tests.families_factories import FamilyFactory

pytestmark = pytest.mark.django_db

PERIOD_DAYS = 7 * 365
APPROVAL = ["--approved-by", "A. Khan, data protection officer", "--reason", "DPO-2026-14"]


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(change) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change()


def verify() -> str:
    """verify_audit's complaint, or "" when it finds the trail intact."""
    complaint = io.StringIO()
    try:
        call_command("verify_audit", "--all", stdout=io.StringIO(), stderr=complaint)
    except CommandError:
        return complaint.getvalue()
    return ""


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def day(moment: dt.datetime) -> str:
    return f"{timezone.localdate(moment):%Y-%m-%d}"


@pytest.fixture
def trail():
    """Three events 9, 8½ and 8 years old, then two from last week, chained in that order."""
    family = FamilyFactory()
    old = [
        AuditEventFactory(record=family, at=days_ago(days))
        for days in (9 * 365, 8 * 365 + 180, 8 * 365)
    ]
    recent = [AuditEventFactory(record=family, at=days_ago(days)) for days in (7, 6)]
    return old, recent


def purge(before: str) -> str:
    out = io.StringIO()
    call_command("purge_audit_trail", "--before", before, *APPROVAL, stdout=out)
    return out.getvalue()


def test_a_purge_removes_the_old_events_behind_a_checkpoint_and_verifies(trail):
    old, recent = trail

    out = purge(day(days_ago(PERIOD_DAYS + 1)))

    checkpoint = AuditCheckpoint.objects.get()
    assert (checkpoint.up_to_event_id, checkpoint.events_removed) == (old[-1].pk, 3)
    assert checkpoint.anchor_hash == old[-1].hash
    assert checkpoint.approved_by == "A. Khan, data protection officer"
    assert checkpoint.reason == "DPO-2026-14"
    assert "Removed 3 audit events" in out
    remaining = list(AuditEvent.objects.order_by("id"))
    assert [event.pk for event in remaining[:2]] == [event.pk for event in recent]
    assert remaining[0].prev_hash == checkpoint.anchor_hash
    assert verify() == ""


def test_the_purge_is_itself_audited_with_counts_only(trail):
    purge(day(days_ago(PERIOD_DAYS + 1)))

    checkpoint = AuditCheckpoint.objects.get()
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditEvent.Action.DELETE
    assert (event.record_type, event.record_id) == ("audit.auditcheckpoint", str(checkpoint.pk))
    assert event.actor_id is None and event.family_id is None
    assert event.details == {
        "removed": 3,
        "up_to_event_id": checkpoint.up_to_event_id,
        "checkpoint": checkpoint.pk,
        "before": checkpoint.before.isoformat(),
    }
    assert "Khan" not in f"{event.reason} {event.details}"


def test_the_triggers_are_back_afterwards_and_refuse_a_raw_delete(trail):
    purge(day(days_ago(PERIOD_DAYS + 1)))

    assert triggers_present(connection) == trigger_names(connection.vendor)
    assert triggers_present(connection, CHECKPOINT_TABLE) == trigger_names(
        connection.vendor, CHECKPOINT_TABLE
    )
    count = AuditEvent.objects.count()
    refused(lambda: sql("DELETE FROM audit_auditevent"))
    assert AuditEvent.objects.count() == count


def test_editing_a_remaining_event_after_a_purge_is_still_found(trail):
    _, recent = trail
    purge(day(days_ago(PERIOD_DAYS + 1)))

    triggers_drop(connection)
    sql("UPDATE audit_auditevent SET reason = 'nothing to see' WHERE id = %s", [recent[1].pk])
    triggers_create(connection)

    assert f"Event {recent[1].pk}: its content no longer matches its hash" in verify()


def test_deleting_the_first_remaining_event_after_a_purge_is_still_found(trail):
    _, recent = trail
    purge(day(days_ago(PERIOD_DAYS + 1)))
    checkpoint = AuditCheckpoint.objects.get()

    triggers_drop(connection)
    sql("DELETE FROM audit_auditevent WHERE id = %s", [recent[0].pk])
    triggers_create(connection)

    assert (
        f"Event {recent[1].pk}: does not follow on from the purge checkpoint {checkpoint.pk}"
        in verify()
    )


def test_without_a_checkpoint_a_deleted_prefix_is_found(trail):
    old, _ = trail
    triggers_drop(connection)
    sql("DELETE FROM audit_auditevent WHERE id <= %s", [old[-1].pk])
    triggers_create(connection)

    assert "does not follow on from the start" in verify()


@pytest.mark.parametrize("days", [PERIOD_DAYS - 1, PERIOD_DAYS - 400, 0])
def test_purging_within_the_period_is_refused(trail, days):
    count = AuditEvent.objects.count()

    with pytest.raises(CommandError, match="still within their retention period"):
        purge(day(days_ago(days)))

    assert AuditEvent.objects.count() == count
    assert not AuditCheckpoint.objects.exists()


def test_the_period_is_read_from_the_data(trail):
    old, recent = trail
    RetentionPeriod.objects.filter(kind="audit_event").update(days=3)

    purge(day(days_ago(4)))

    assert AuditCheckpoint.objects.get().events_removed == len(old) + len(recent)
    # Every event went: the purge's own event starts the trail from the anchor.
    first = AuditEvent.objects.order_by("id").first()
    assert first.prev_hash == recent[-1].hash != GENESIS
    assert verify() == ""


def test_a_purge_with_nothing_before_then_is_refused(trail):
    with pytest.raises(CommandError, match="No audit event was recorded before then"):
        purge(day(days_ago(10 * 365)))
    assert not AuditCheckpoint.objects.exists()


def test_a_trail_that_does_not_verify_is_not_purged(trail):
    old, _ = trail
    triggers_drop(connection)
    sql("UPDATE audit_auditevent SET reason = 'tidied' WHERE id = %s", [old[0].pk])
    triggers_create(connection)
    count = AuditEvent.objects.count()

    with pytest.raises(CommandError, match="does not verify"):
        purge(day(days_ago(PERIOD_DAYS + 1)))

    assert AuditEvent.objects.count() == count
    assert triggers_present(connection) == trigger_names(connection.vendor)


@pytest.mark.parametrize("missing", ["--approved-by", "--reason"])
def test_the_approval_is_required(trail, missing):
    approval = dict(zip(APPROVAL[::2], APPROVAL[1::2], strict=True)) | {missing: "  "}
    with pytest.raises(CommandError, match="who approved the purge and why"):
        call_command(
            "purge_audit_trail",
            "--before",
            day(days_ago(PERIOD_DAYS + 1)),
            *[part for pair in approval.items() for part in pair],
            stdout=io.StringIO(),
        )
    assert not AuditCheckpoint.objects.exists()


def test_a_badly_written_day_is_refused(trail):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        purge("1 January 2019")


def test_the_checkpoint_cannot_be_changed_by_raw_sql_or_the_orm(trail):
    purge(day(days_ago(PERIOD_DAYS + 1)))
    checkpoint = AuditCheckpoint.objects.get()

    refused(lambda: sql("UPDATE audit_auditcheckpoint SET anchor_hash = %s", [GENESIS]))
    refused(lambda: sql("DELETE FROM audit_auditcheckpoint"))
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")
        refused(lambda: sql("TRUNCATE audit_auditcheckpoint"))
    with pytest.raises(AppendOnlyError):
        AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(reason="tidied")
    with pytest.raises(AppendOnlyError):
        checkpoint.delete()
    checkpoint.reason = "tidied"
    with pytest.raises(AppendOnlyError):
        checkpoint.save()
    assert AuditCheckpoint.objects.get().reason == "DPO-2026-14"


def test_events_after_a_purge_chain_on_and_verify(trail):
    purge(day(days_ago(PERIOD_DAYS + 1)))

    audit_record(actor=StaffFactory(), action=AuditEvent.Action.VIEW, record=FamilyFactory())

    assert verify() == ""


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_checkpoints_and_keeps_their_triggers():
    # A transactional test before this one, in the same worker, flushed the periods the data
    # migration made: the audit period is put back for this test.
    RetentionPeriod.objects.get_or_create(
        kind=RetentionPeriod.Kind.AUDIT_EVENT,
        defaults={"days": PERIOD_DAYS, "counted_from": "when the event was recorded"},
    )
    AuditEventFactory(at=days_ago(8 * 365))
    purge(day(days_ago(PERIOD_DAYS + 1)))

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditCheckpoint.objects.exists()
    assert triggers_present(connection, CHECKPOINT_TABLE) == trigger_names(
        connection.vendor, CHECKPOINT_TABLE
    )
