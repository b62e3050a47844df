"""The database's own refusal to change or delete audit events, whatever SQL asks it to.

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
SQLite: row triggers refuse UPDATE and DELETE (SQLite has no TRUNCATE; its `DELETE FROM` runs
the row triggers). A trigger can be dropped by the table's owner, so in production the
application connects as a role that does not own the table (README, `audit_revoke_changes`).

The one way round them is `suspended`, which drops them inside a transaction and puts them back
before it commits: it needs the owner's rights (exactly what dropping them needs anyway), so it
opens no door that was not open. Only `manage.py flush` uses it (the test suite's reset between
transactional tests), which empties every table, trail and all.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
REFUSED = "The audit trail is append-only"

POSTGRESQL_CREATE = [
    f"""
    CREATE OR REPLACE FUNCTION audit_auditevent_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = '{REFUSED}: ' || TG_OP || ' on {TABLE} refused',
            ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""
    CREATE TRIGGER audit_auditevent_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse()
    """,
    f"""
    CREATE TRIGGER audit_auditevent_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_auditevent_refuse()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS audit_auditevent_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_auditevent_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_auditevent_refuse()",
]
SQLITE_CREATE = [
    f"""
    CREATE TRIGGER audit_auditevent_no_{operation.lower()} BEFORE {operation} ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: {operation} on {TABLE} refused'); END
    """
    for operation in ("UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS audit_auditevent_no_{operation}" for operation in ("update", "delete")
]
# What verify_audit expects to find.
TRIGGER_NAMES = {
    "postgresql": {"audit_auditevent_no_change", "audit_auditevent_no_truncate"},
    "sqlite": {"audit_auditevent_no_update", "audit_auditevent_no_delete"},
}


def _statements(connection: BaseDatabaseWrapper, *, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    if connection.vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    raise NotImplementedError(f"No audit triggers for {connection.vendor}")


def triggers_create(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def triggers_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)


def triggers_present(connection: BaseDatabaseWrapper) -> set[str]:
    """The names of the refusing triggers the table has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
        return {name for (name,) in cursor.fetchall()} & TRIGGER_NAMES[connection.vendor]


@contextmanager
def suspended(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Within one transaction: no triggers, then the triggers again, before anyone else sees."""
    with transaction.atomic(using=connection.alias):
        triggers_drop(connection)
        yield
        triggers_create(connection)
