"""The database's own refusal to change or delete audit events, whatever SQL asks it to.

PostgreSQL: row triggers refuse UPDATE and DELETE, a statement trigger refuses TRUNCATE.
SQLite: row triggers refuse UPDATE and DELETE (SQLite has no TRUNCATE; its `DELETE FROM` runs
the row triggers). A trigger can be dropped by the table's owner, so in production the
application connects as a role that does not own the table (README, `audit_revoke_changes`).

The purge checkpoints (`audit_auditcheckpoint`, migration 0006) are refused changes the same way.

The one way round them is `suspended`, which drops them inside a transaction and puts them back
before it commits: it needs the owner's rights (exactly what dropping them needs anyway), so it
opens no door that was not open. Two commands use it: `manage.py flush` (the test suite's reset
between transactional tests), which empties every table, trail and all, and the approved
`manage.py purge_audit_trail`, which removes the oldest events behind a checkpoint
(familyhub.audit.services.audit_trail_purge).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"
# The purge checkpoints (models.AuditCheckpoint) are refused changes the same way: a checkpoint
# edited or deleted would let a purge hide, or fake one.
CHECKPOINT_TABLE = "audit_auditcheckpoint"
REFUSED = "The audit trail is append-only"


def _postgresql_create(table: str) -> list[str]:
    return [
        f"""
    CREATE OR REPLACE FUNCTION {table}_refuse() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION USING
            MESSAGE = '{REFUSED}: ' || TG_OP || ' on {table} refused',
            ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
        f"""
    CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_refuse()
    """,
        f"""
    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()
    """,
    ]


def _postgresql_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"DROP FUNCTION IF EXISTS {table}_refuse()",
    ]


def _sqlite_create(table: str) -> list[str]:
    return [
        f"""
    CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table}
    BEGIN SELECT RAISE(ABORT, '{REFUSED}: {operation} on {table} refused'); END
    """
        for operation in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{operation}" for operation in ("update", "delete")]


def trigger_names(vendor: str, table: str = TABLE) -> set[str]:
    """What verify_audit expects to find on the table."""
    return {
        "postgresql": {f"{table}_no_change", f"{table}_no_truncate"},
        "sqlite": {f"{table}_no_update", f"{table}_no_delete"},
    }[vendor]


# The events' triggers, as migration 0004 made them (verify_audit and the tests read these).
POSTGRESQL_CREATE = _postgresql_create(TABLE)
POSTGRESQL_DROP = _postgresql_drop(TABLE)
SQLITE_CREATE = _sqlite_create(TABLE)
SQLITE_DROP = _sqlite_drop(TABLE)
TRIGGER_NAMES = {vendor: trigger_names(vendor) for vendor in ("postgresql", "sqlite")}


def _statements(connection: BaseDatabaseWrapper, table: str, *, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _postgresql_create(table) if create else _postgresql_drop(table)
    if connection.vendor == "sqlite":
        return _sqlite_create(table) if create else _sqlite_drop(table)
    raise NotImplementedError(f"No audit triggers for {connection.vendor}")


def triggers_create(connection: BaseDatabaseWrapper, table: str = TABLE) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, table, create=True):
            cursor.execute(statement)


def triggers_drop(connection: BaseDatabaseWrapper, table: str = TABLE) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, table, create=False):
            cursor.execute(statement)


def triggers_present(connection: BaseDatabaseWrapper, table: str = TABLE) -> set[str]:
    """The names of the refusing triggers the table has now."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled <> 'D'",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [table],
            )
        return {name for (name,) in cursor.fetchall()} & trigger_names(connection.vendor, table)


@contextmanager
def suspended(
    connection: BaseDatabaseWrapper, tables: tuple[str, ...] = (TABLE, CHECKPOINT_TABLE)
) -> Iterator[None]:
    """Within one transaction: no triggers, then the triggers again, before anyone else sees.

    Only on the tables that exist now (a test may have migrated the audit app back)."""
    with transaction.atomic(using=connection.alias):
        existing = [table for table in tables if table in connection.introspection.table_names()]
        for table in existing:
            triggers_drop(connection, table)
        yield
        for table in existing:
            triggers_create(connection, table)
