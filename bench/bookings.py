"""Benchmark: 200 families book one session of 20 places at the same moment, through the real view.

Each booking is a POST to /whats-on/<session>/ through the whole Django stack (django.test.Client:
middleware, rate limit, form, service, ORM, audit write, message to the outbox), from its own
thread with its own database connection, all released together. It prints how many were
booked, put on the waiting list and refused with an error, and the median and p95 time of one
booking. It must end with exactly 20 booked, 180 waiting and 0 errors.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench \\
        uv run python bench/bookings.py                      # PostgreSQL (the point of it)
    uv run python bench/bookings.py                          # SQLite, ./bench-bookings.sqlite3

It never touches a developer's database (benchdb.py: the name must contain "bench"). It runs
`migrate` itself and makes a new session each run. --workers caps the threads running at once
(each holds a connection; PostgreSQL allows 100 by default, shared with everything else).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import PLAIN_STATIC_FILES, configure_database  # noqa: E402 - after the path is set


def session_for_bench(places: int):
    """A stay and play tomorrow at a bench hub, with its places (through session_create)."""
    from django.utils import timezone

    from familyhub.accounts.models import Organisation, Sector
    from familyhub.activities.models import Activity
    from familyhub.activities.services import session_create
    from familyhub.directory.models import Location
    from familyhub.places.models import LocalAuthority

    la, _ = LocalAuthority.objects.get_or_create(
        code="E09000030", defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )
    organisation, _ = Organisation.objects.get_or_create(
        local_authority=la,
        slug="bench-children-centres",
        defaults={
            "name": "Bench Children and Family Centres",
            "sector": Sector.COUNCIL,
            "status": Organisation.Status.APPROVED,
        },
    )
    hub, _ = Location.objects.get_or_create(
        local_authority=la,
        slug="bench-hub",
        defaults={"name": "Bench Family Hub", "kind": Location.Kind.MAIN_HUB},
    )
    activity, _ = Activity.objects.get_or_create(
        local_authority=la,
        organisation=organisation,
        name="Bench stay and play",
        defaults={"kind": Activity.Kind.STAY_AND_PLAY},
    )
    starts = timezone.now() + dt.timedelta(days=1)
    return session_create(
        activity=activity,
        location=hub,
        starts=starts,
        ends=starts + dt.timedelta(hours=2),
        capacity=places,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bookings", type=int, default=200)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument("--workers", type=int, default=50, help="threads at once")
    args = parser.parse_args()

    configure_database("bench-bookings.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import override_settings

    override_settings(
        STORAGES=PLAIN_STATIC_FILES,
        # Every bench booking comes from one address; the limit is not what is measured.
        RATE_LIMIT_BOOKING="100000/m",
    ).enable()
    call_command("migrate", verbosity=0, interactive=False)
    session = session_for_bench(args.places)
    path = f"/whats-on/{session.pk}/"
    workers = min(args.workers, args.bookings)
    start = threading.Barrier(workers)
    took: list[float] = []
    outcomes: dict[str, int] = {"redirect": 0, "error": 0}

    def book(n: int) -> None:
        if n < workers:
            start.wait()  # the first wave leaves together
        client = Client()
        began = time.perf_counter()
        try:
            response = client.post(
                path,
                {
                    "contact_name": f"Bench parent {n}",
                    "children": "1",
                    "children_ages": "8 months",
                    "channel": "email",
                    "email": f"bench.parent.{session.pk}.{n}@example.org",
                    "language": "en-gb",
                },
            )
            ok = response.status_code == 302
        except Exception:  # noqa: BLE001 - counted, the bench goes on
            ok = False
        finally:
            connections.close_all()
        took.append((time.perf_counter() - began) * 1000)
        outcomes["redirect" if ok else "error"] += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(book, range(args.bookings)))
    wall = time.perf_counter() - began

    from familyhub.activities.models import Booking

    counts = {status: session.bookings.filter(status=status).count() for status in Booking.Status}
    p95 = statistics.quantiles(took, n=20, method="inclusive")[18]
    print(
        f"\n{args.bookings} bookings for {args.places} places, {workers} at once, "
        f"{connections['default'].vendor}"
    )
    print(
        f"booked {counts['booked']}, waiting {counts['waiting']}, "
        f"errors {outcomes['error']} (non-redirect answers)"
    )
    print(
        f"per booking: median {statistics.median(took):.0f} ms, p95 {p95:.0f} ms, "
        f"max {max(took):.0f} ms; all {args.bookings} in {wall:.1f} s"
    )
    expected = (args.places, args.bookings - args.places, 0)
    ok = (counts["booked"], counts["waiting"], outcomes["error"]) == expected
    print("exactly as expected: ok" if ok else f"expected {expected}: FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
