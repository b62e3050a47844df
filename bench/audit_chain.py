"""The audit trail's hash chain at volume: appending events, and `verify_audit` walking them.

    uv run python bench/audit_chain.py --events 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench \
        uv run python bench/audit_chain.py --events 100000

Empties the audit table of its bench database (the triggers are set aside for that, in one
transaction), appends `--events` events in search-hit batches of 50 (audit_search_hits' path)
and `--single` more one at a time (audit_record's), then walks the whole chain as verify_audit
does. Prints events per second for each; a target of 1,000,000 events verified in under a minute
and a half means at least 11,000 events/s.
"""

import argparse
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

BATCH = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--single", type=int, default=1_000)
    options = parser.parse_args()

    configure_database("bench-audit.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from familyhub.audit.models import AuditEvent
    from familyhub.audit.selectors import ChainWalk, audit_chain_problems
    from familyhub.audit.services import audit_append
    from familyhub.audit.triggers import suspended

    call_command("migrate", verbosity=0)
    with suspended(connection), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")

    def event(action: str) -> AuditEvent:
        family = uuid.uuid4()
        return AuditEvent(
            at=timezone.now(),
            actor_label="bench@example.org",
            action=action,
            record_type="families.family",
            record_id=str(family),
            family_id=family,
            local_authority_code="E09000030",
            details={"query": "Khan", "page": 1},
        )

    started = time.perf_counter()
    for _ in range(options.events // BATCH):
        with transaction.atomic():
            audit_append([event("search_hit") for _ in range(BATCH)])
    batched = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(options.single):
        audit_append([event("view")])
    single = time.perf_counter() - started

    walk = ChainWalk()
    started = time.perf_counter()
    problems = list(audit_chain_problems(walk))
    walked = time.perf_counter() - started

    print(f"Database: {connection.vendor}")
    print(f"Appended in batches of {BATCH}: {options.events / batched:,.0f} events/s")
    print(f"Appended one at a time:  {options.single / single:,.0f} events/s")
    print(
        f"verify_audit walked {walk.events:,} events in {walked:.1f} s "
        f"({walk.events / walked:,.0f} events/s), {len(problems)} problems"
    )


if __name__ == "__main__":
    main()
