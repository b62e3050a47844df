"""The database's own refusals for sessions and bookings, whatever SQL asks (migration 0002).

- A vehicle (the outreach bus) cannot be in two places at once: no two uncancelled sessions of
  the same vehicle may overlap in time ([starts, ends), so one visit may end as the next begins).
  PostgreSQL: an exclusion constraint over (vehicle, tstzrange) with btree_gist. SQLite has no
  exclusion constraints: BEFORE INSERT and BEFORE UPDATE triggers refuse the same rows.
- A booking holds a place of its own session only (models.py docstring): a trigger on both.

Both raise an integrity error, which the services turn into a form's ValidationError.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

BUS_CONSTRAINT = "session_vehicle_one_place_at_a_time"
BUS_REFUSED = "A vehicle cannot be in two places at once"
PLACE_REFUSED = "A booking holds a place of its own session"

_POSTGRESQL_CREATE = [
    f"""
    ALTER TABLE activities_session ADD CONSTRAINT {BUS_CONSTRAINT}
    EXCLUDE USING gist (vehicle_id WITH =, tstzrange(starts, ends) WITH &&)
    WHERE (vehicle_id IS NOT NULL AND NOT cancelled)
    """,
    """
    CREATE OR REPLACE FUNCTION activities_booking_place_check() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.place_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM activities_sessionplace
            WHERE id = NEW.place_id AND session_id = NEW.session_id
        ) THEN
            RAISE EXCEPTION USING MESSAGE = 'A booking holds a place of its own session',
                ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER activities_booking_place_of_session BEFORE INSERT OR UPDATE
    ON activities_booking FOR EACH ROW EXECUTE FUNCTION activities_booking_place_check()
    """,
]
_POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS activities_booking_place_of_session ON activities_booking",
    "DROP FUNCTION IF EXISTS activities_booking_place_check()",
    f"ALTER TABLE activities_session DROP CONSTRAINT IF EXISTS {BUS_CONSTRAINT}",
]

# `IS NOT` rather than `<>`: a row being inserted may have no id yet (NULL).
_SQLITE_OVERLAP = """
    NEW.vehicle_id IS NOT NULL AND NOT NEW.cancelled AND EXISTS (
        SELECT 1 FROM activities_session AS other
        WHERE other.vehicle_id = NEW.vehicle_id AND NOT other.cancelled
          AND other.id IS NOT NEW.id
          AND other.starts < NEW.ends AND NEW.starts < other.ends
    )
"""
_SQLITE_WRONG_PLACE = """
    NEW.place_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM activities_sessionplace
        WHERE id = NEW.place_id AND session_id = NEW.session_id
    )
"""
_SQLITE_TRIGGERS = {
    f"{BUS_CONSTRAINT}_{operation.lower()}": (
        "activities_session",
        operation,
        _SQLITE_OVERLAP,
        BUS_REFUSED,
    )
    for operation in ("INSERT", "UPDATE")
} | {
    f"activities_booking_place_of_session_{operation.lower()}": (
        "activities_booking",
        operation,
        _SQLITE_WRONG_PLACE,
        PLACE_REFUSED,
    )
    for operation in ("INSERT", "UPDATE")
}


def _sqlite_create() -> list[str]:
    return [
        f"CREATE TRIGGER {name} BEFORE {operation} ON {table} WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for name, (table, operation, condition, message) in _SQLITE_TRIGGERS.items()
    ]


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in _SQLITE_TRIGGERS]


def _statements(connection: BaseDatabaseWrapper, *, create: bool) -> list[str]:
    if connection.vendor == "postgresql":
        return _POSTGRESQL_CREATE if create else _POSTGRESQL_DROP
    if connection.vendor == "sqlite":
        return _sqlite_create() if create else _sqlite_drop()
    raise NotImplementedError(f"No session and booking guards for {connection.vendor}")


def guards_create(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=True):
            cursor.execute(statement)


def guards_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection, create=False):
            cursor.execute(statement)
