"""Benchmark: a family record page (and its export) with 10 and with 1,000 chronology events.

Renders /staff/families/<id>/ and /staff/families/<id>/export.json through the whole Django stack
(django.test.Client: middleware, two-factor check, access rules, ORM, template, audit write) as a
signed-in lead professional, and prints the number of SQL queries and the time of each. The
query count must not grow with the number of events: if it does, something reads per event.

    uv run python bench/family_record.py                          # SQLite, ./bench-record.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench \\
        uv run python bench/family_record.py                      # PostgreSQL

It never touches a developer's database: without DATABASE_URL it uses ./bench-record.sqlite3,
and a DATABASE_URL whose database name lacks "bench" is refused. It runs `migrate` itself and
builds its two families once (later runs reuse them; --rebuild starts again).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

SIZES = (10, 1000)
FAMILY_NAME = "Bench family with {n} events"
LEAD_EMAIL = "bench.lead@example.org"


def build(rebuild: bool):
    """The lead professional, their organisation, and one family per size, whole record shared."""
    from django.db import transaction
    from django.utils import timezone

    from familyhub.accounts.models import Membership as StaffMembership
    from familyhub.accounts.models import Organisation, Role, Sector, User
    from familyhub.families.models import (
        ChronologyEvent,
        Consent,
        Family,
        Involvement,
        LawfulBasis,
        Membership,
        Person,
    )
    from familyhub.places.models import LocalAuthority

    la, _ = LocalAuthority.objects.get_or_create(
        code="E09000030", defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )
    organisation, _ = Organisation.objects.get_or_create(
        local_authority=la,
        slug="bench-early-help",
        defaults={
            "name": "Bench Early Help Team",
            "sector": Sector.COUNCIL,
            "status": Organisation.Status.APPROVED,
        },
    )
    lead, created = User.objects.get_or_create(email=LEAD_EMAIL, defaults={"first_name": "Bench"})
    if created:
        lead.set_unusable_password()
        lead.save()
    StaffMembership.objects.get_or_create(
        user=lead, organisation=organisation, role=Role.LEAD_PROFESSIONAL
    )
    today = timezone.localdate()
    families = {}
    for n in SIZES:
        name = FAMILY_NAME.format(n=n)
        existing = Family.objects.filter(name=name).first()
        if existing and not rebuild and existing.chronology.count() == n:
            families[n] = existing
            continue
        with transaction.atomic():
            if existing:
                existing.delete()
            family = Family.objects.create(
                local_authority=la, reference=f"FAM-BENCH{n % 1000:03d}"[:12], name=name
            )
            for i, role in enumerate([Membership.Role.PARENT, *[Membership.Role.CHILD] * 3]):
                person = Person.objects.create(
                    local_authority=la,
                    given_name=f"Person {i}",
                    family_name="Bench",
                    date_of_birth=today - dt.timedelta(days=365 * (30 if i == 0 else 2 + 3 * i)),
                    nhs_number=f"943476{5910 + i}",
                )
                Membership.objects.create(family=family, person=person, role=role)
            Involvement.objects.create(
                family=family,
                organisation=organisation,
                worker=lead,
                role=Involvement.Role.LEAD_PROFESSIONAL,
                started=today - dt.timedelta(days=400),
            )
            consent = Consent.objects.create(
                family=family,
                scope=Consent.Scope.WHOLE_RECORD,
                purpose="Benchmark",
                lawful_basis=LawfulBasis.CONSENT,
                given_at=timezone.now() - dt.timedelta(days=400),
                given_how=Consent.Given.ONLINE,
            )
            consent.organisations.set([organisation])
            people = list(family.members.values_list("person_id", flat=True))
            ChronologyEvent.objects.bulk_create(
                ChronologyEvent(
                    family=family,
                    organisation=organisation,
                    recorded_by=lead,
                    person_id=people[i % len(people)] if i % 3 else None,
                    occurred_on=today - dt.timedelta(days=i % 365),
                    summary=f"Event {i}: home visit",
                    detail="Notes of the visit. " * 5,
                )
                for i in range(n)
            )
        families[n] = family
        print(f"Built {name}")
    return lead, families


def signed_in_client(lead):
    """A client whose session is signed in and verified by a second factor, as staff pages ask."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=lead, name="Bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(lead)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, path: str, repeat: int) -> tuple[int, float, float]:
    """(queries, median ms, max ms) of GET path; the first, counted run also warms caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}")
    queries = len(
        [
            q
            for q in captured.captured_queries
            if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
        ]
    )
    took = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        took.append((time.perf_counter() - started) * 1000)
    return queries, statistics.median(took), max(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    configure_database("bench-record.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    lead, families = build(args.rebuild)
    client = signed_in_client(lead)

    results = {}
    print(f"\nFamily record, signed in as a lead professional; median of {args.repeat} requests")
    print(f"{'page':<8} {'events':>6} {'queries':>8} {'median ms':>10} {'max ms':>8}")
    for what, suffix in (("record", ""), ("export", "export.json")):
        for n, family in families.items():
            queries, median, worst = measure(
                client, f"/staff/families/{family.pk}/{suffix}", args.repeat
            )
            results[(what, n)] = queries
            print(f"{what:<8} {n:>6} {queries:>8} {median:>10.1f} {worst:>8.1f}")
    print()
    constant = True
    for what in ("record", "export"):
        few, many = results[(what, SIZES[0])], results[(what, SIZES[1])]
        verdict = "constant: ok" if few == many else "GROWS with the events: FAIL"
        constant &= few == many
        print(f"{what}: {few} queries with {SIZES[0]} events, {many} with {SIZES[1]}: {verdict}")
    sys.exit(0 if constant else 1)


if __name__ == "__main__":
    main()
