"""Tampering with the audit trail: the database refuses it, and verify_audit finds what got past.

Runs on whichever database DATABASE_URL names (SQLite by default, PostgreSQL in CI): the SQL an
attacker would send differs only where the databases do (SQLite has no TRUNCATE).
"""

import datetime as dt
import io
import threading
import uuid
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from familyhub.audit.chain import GENESIS, event_hash
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record, audit_search_hits
from familyhub.audit.triggers import triggers_create, triggers_drop, triggers_present
from tests.factories import StaffFactory
from tests.families_factories import FamilyFactory

REFUSED = "append-only"


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def refused(change) -> None:
    """The change raises the triggers' error, and (in a savepoint) leaves the test usable."""
    with pytest.raises(DatabaseError, match=REFUSED), transaction.atomic():
        change()


@pytest.fixture
def trail(db):
    """Five events by one member of staff about two families, the last two from a search."""
    staff = StaffFactory()
    khan, begum = FamilyFactory(), FamilyFactory()
    audit_record(actor=staff, action=AuditEvent.Action.VIEW, record=khan, reason="visit")
    audit_record(actor=staff, action=AuditEvent.Action.VIEW, record=begum)
    audit_record(actor=staff, action=AuditEvent.Action.EXPORT, record=khan, details={"a": 1})
    audit_search_hits(actor=staff, records=[khan, begum], query="Khan")
    return list(AuditEvent.objects.order_by("id"))


def verify() -> str:
    """verify_audit's complaint, or "" when it finds the trail intact."""
    complaint = io.StringIO()
    try:
        call_command("verify_audit", "--all", stdout=io.StringIO(), stderr=complaint)
    except CommandError:
        return complaint.getvalue()
    return ""


# --- The chain -----------------------------------------------------------------------------------


def test_each_event_is_chained_to_the_one_before(trail):
    assert len(trail) == 5
    assert trail[0].prev_hash == GENESIS
    for before, after in zip(trail, trail[1:], strict=False):
        assert after.prev_hash == before.hash
    for event in trail:
        assert len(event.hash) == 64
        assert event.hash == event_hash(event, event.prev_hash)
    assert verify() == ""


def test_the_hash_covers_every_field_and_the_hash_before():
    content = {
        "at": timezone.now(),
        "actor_id": 7,
        "actor_label": "a@example.org",
        "action": "view",
        "record_type": "families.family",
        "record_id": "1",
        "family_id": uuid.uuid4(),
        "local_authority_code": "E09000030",
        "reason": "visit",
        "details": {"b": [1, 2], "a": "x"},
    }
    original = event_hash(SimpleNamespace(**content), GENESIS)
    # The same content as it reads back (keys reordered by jsonb, tuples as lists): same hash.
    same = {**content, "details": {"a": "x", "b": (1, 2)}, "family_id": str(content["family_id"])}
    assert event_hash(SimpleNamespace(**same), GENESIS) == original
    changes = {
        "at": content["at"] + dt.timedelta(microseconds=1),
        "actor_id": 8,
        "actor_label": "b@example.org",
        "action": "export",
        "record_type": "families.person",
        "record_id": "2",
        "family_id": uuid.uuid4(),
        "local_authority_code": "E09000001",
        "reason": "visit.",
        "details": {"b": [1, 2], "a": "y"},
    }
    for field, value in changes.items():
        changed = SimpleNamespace(**{**content, field: value})
        assert event_hash(changed, GENESIS) != original, field
    assert event_hash(SimpleNamespace(**content), "f" * 64) != original


# --- The database refuses ------------------------------------------------------------------------


def test_raw_sql_cannot_update_or_delete_events(trail):
    refused(lambda: sql("UPDATE audit_auditevent SET reason = 'tidied'"))
    refused(lambda: sql("DELETE FROM audit_auditevent WHERE id = %s", [trail[0].id]))
    refused(lambda: sql("DELETE FROM audit_auditevent"))
    assert AuditEvent.objects.count() == 5
    assert AuditEvent.objects.get(pk=trail[0].pk).reason == "visit"


def test_raw_sql_cannot_truncate_the_trail(trail):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE: its DELETE FROM is refused above")
    # The trail's rows were written in this test's transaction: their deferred foreign key checks
    # run now, as they would have at commit, or PostgreSQL refuses TRUNCATE for that instead.
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    refused(lambda: sql("TRUNCATE audit_auditevent"))
    refused(lambda: sql("TRUNCATE audit_auditevent CASCADE"))
    assert AuditEvent.objects.count() == 5


def test_the_orm_back_doors_are_refused_too(trail):
    refused(lambda: AuditEvent._base_manager.filter(pk=trail[0].pk).update(reason="tidied"))
    refused(lambda: AuditEvent._base_manager.all()._raw_delete(using=connection.alias))
    refused(lambda: AuditEvent.objects.filter(pk=trail[1].pk)._raw_delete(connection.alias))
    assert AuditEvent.objects.count() == 5
    assert AuditEvent.objects.get(pk=trail[0].pk).reason == "visit"


@pytest.mark.django_db
def test_the_triggers_are_in_place_after_migrating():
    assert (
        triggers_present(connection)
        == {
            "postgresql": {"audit_auditevent_no_change", "audit_auditevent_no_truncate"},
            "sqlite": {"audit_auditevent_no_update", "audit_auditevent_no_delete"},
        }[connection.vendor]
    )


# --- verify_audit finds what got past them -------------------------------------------------------
# An attacker with the owner's rights drops the triggers, changes the trail and puts them back.
# (The test's transaction rolls it all back, DDL included, on both databases.)


def behind_the_triggers(statement: str, params=()) -> None:
    triggers_drop(connection)
    sql(statement, params)
    triggers_create(connection)


def test_an_event_edited_in_place_is_found(trail):
    behind_the_triggers(
        "UPDATE audit_auditevent SET reason = 'nothing to see' WHERE id = %s", [trail[0].id]
    )
    problem = verify()
    assert f"Event {trail[0].id}: its content no longer matches its hash" in problem
    assert problem.count("Event ") == 1  # the events after it still follow on from its hash


def test_an_event_edited_and_rehashed_breaks_the_link_to_the_next(trail):
    edited = trail[1]
    edited.actor_label = "someone.else@example.org"
    behind_the_triggers(
        "UPDATE audit_auditevent SET actor_label = %s, hash = %s WHERE id = %s",
        [edited.actor_label, event_hash(edited, edited.prev_hash), edited.id],
    )
    problem = verify()
    assert f"Event {trail[2].id}: does not follow on from event {trail[1].id}" in problem


@pytest.mark.parametrize("deleted", [0, 2, 3])
def test_a_deleted_event_is_found(trail, deleted):
    behind_the_triggers("DELETE FROM audit_auditevent WHERE id = %s", [trail[deleted].id])
    problem = verify()
    after = f"event {trail[deleted - 1].id}" if deleted else "the start"
    assert f"Event {trail[deleted + 1].id}: does not follow on from {after}" in problem


def test_an_event_inserted_outside_the_chain_is_found(trail):
    sql(
        "INSERT INTO audit_auditevent (at, actor_label, action, record_type, record_id, reason,"
        " details, local_authority_code, prev_hash, hash)"
        " VALUES (%s, '', 'view', 'families.family', '1', '', '{}', '', %s, %s)",
        [trail[-1].at, trail[-1].hash, "0" * 64],
    )
    assert "its content no longer matches its hash" in verify()


def test_missing_triggers_are_reported(trail):
    triggers_drop(connection)
    assert "the triggers refusing changes are gone" in verify()


def test_verify_audit_exits_non_zero_and_says_where(trail):
    behind_the_triggers("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].id])
    complaint = io.StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stdout=io.StringIO(), stderr=complaint)
    assert complaint.getvalue().count("Event ") == 1  # the first problem only, without --all


# --- Concurrency and the test suite's own resets -------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_appends_at_the_same_time_do_not_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers itself (BEGIN IMMEDIATE); its test database "
            "is in memory, shared between threads only through one connection's cache"
        )
    staff, family = StaffFactory(), FamilyFactory()
    start = threading.Barrier(8)

    def append(n):
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    audit_record(
                        actor=staff, action=AuditEvent.Action.VIEW, record=family, reason=f"{n}:{i}"
                    )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert AuditEvent.objects.count() == 80
    hashes = list(AuditEvent.objects.order_by("id").values_list("prev_hash", flat=True))
    assert len(set(hashes)) == 80  # no two events claim the same predecessor
    assert verify() == ""


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_keeps_its_triggers():
    """The test suite resets between transactional tests with `flush`, as Django does: the
    audit app's flush sets the triggers aside inside its transaction and puts them back."""
    audit_record(actor=StaffFactory(), action=AuditEvent.Action.VIEW, record=FamilyFactory())
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert len(triggers_present(connection)) == 2
    # A row deletes only with its triggers, so the triggers are shown refusing one.
    audit_record(actor=StaffFactory(), action=AuditEvent.Action.VIEW, record=FamilyFactory())
    refused(lambda: sql("DELETE FROM audit_auditevent"))
    assert AuditEvent.objects.count() == 1


def test_revoking_privileges_names_the_application_role(db, capsys):
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL only"):
            call_command("audit_revoke_changes", "familyhub_app", "--print")
        return
    call_command("audit_revoke_changes", "familyhub_app", "--print")
    assert capsys.readouterr().out.strip().splitlines() == [
        'REVOKE UPDATE, DELETE, TRUNCATE ON TABLE "audit_auditevent" FROM PUBLIC, "familyhub_app";',
        'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE "audit_auditcheckpoint" '
        'FROM PUBLIC, "familyhub_app";',
    ]
