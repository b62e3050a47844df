"""Benchmark: a family record page (and its export) with 10 and with 1,000 chronology events.

Renders /staff/families/<id>/ and /staff/families/<id>/export.json through the whole Django stack
(django.test.Client: middleware, two-factor check, access rules, ORM, template, audit write) as a
signed-in lead professional, and prints the number of SQL queries and the median (p50), p95 and
worst time of each. Each family is a working record: four people speaking two languages and
related, two requests joined to it (the family's words and contact details), an open episode.

The query count must not grow with the number of events (if it does, something reads per
event), and the record page must take at most 15 (issue 9). Counted: every statement of a
request after the first (which stamps the new session), transaction control (BEGIN, SAVEPOINT,
RELEASE, COMMIT) left out, as tests/families/test_record_queries.py counts.

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

from benchdb import PLAIN_STATIC_FILES, configure_database, signed_in_client  # noqa: E402 - after the path is set

SIZES = (10, 1000)
RECORD_QUERY_BUDGET = 15
FAMILY_NAME = "Bench family with {n} events"
LEAD_EMAIL = "bench.lead@example.org"


def build(rebuild: bool):
    """The lead professional, their organisation, and one family per size, whole record shared."""
    from django.db import transaction
    from django.utils import timezone

    from familyhub.accounts.models import Membership as StaffMembership
    from familyhub.accounts.models import Organisation, Role, Sector, User
    from familyhub.casework.models import Episode
    from familyhub.directory.models import Language
    from familyhub.families.models import (
        ChronologyEvent,
        Consent,
        Family,
        Involvement,
        LawfulBasis,
        Membership,
        Person,
        Relationship,
    )
    from familyhub.frontdoor.models import SupportRequest
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
    languages = [
        Language.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in (("bn", "Bengali"), ("so", "Somali"))
    ]
    families = {}
    for n in SIZES:
        name = FAMILY_NAME.format(n=n)
        existing = Family.objects.filter(name=name).first()
        complete = existing and existing.chronology.count() == n and existing.requests.exists()
        if complete and not rebuild:
            families[n] = existing
            continue
        with transaction.atomic():
            if existing:
                Episode.objects.filter(family=existing).delete()
                SupportRequest.objects.filter(family=existing).delete()
                existing.delete()
            family = Family.objects.create(
                local_authority=la, reference=f"FAM-BENCH{n % 1000:03d}"[:12], name=name
            )
            parent = None
            for i, role in enumerate([Membership.Role.PARENT, *[Membership.Role.CHILD] * 3]):
                person = Person.objects.create(
                    local_authority=la,
                    given_name=f"Person {i}",
                    family_name="Bench",
                    date_of_birth=today - dt.timedelta(days=365 * (30 if i == 0 else 2 + 3 * i)),
                    nhs_number=f"943476{5910 + i}",
                )
                person.languages.set(languages[: 1 + i % 2])
                Membership.objects.create(family=family, person=person, role=role)
                if parent is None:
                    parent = person
                else:
                    Relationship.objects.create(
                        person=parent, other=person, kind=Relationship.Kind.PARENT_OF
                    )
            for i in range(2):
                SupportRequest.objects.create(
                    local_authority=la,
                    reference=f"FH-B{n % 1000:03d}{i}",
                    resume_token=f"bench-record-{n}-{i}",
                    source=SupportRequest.Source.FAMILY,
                    status=SupportRequest.Status.ALLOCATED,
                    worries="We are struggling with sleep and money. " * 4,
                    help_choices=[SupportRequest.Help.PARENTING, SupportRequest.Help.MONEY],
                    language=languages[1],
                    interpreter=True,
                    contact_name="Person 0 Bench",
                    contact_method=SupportRequest.Contact.PHONE,
                    phone="020 7946 0123",
                    submitted_at=timezone.now() - dt.timedelta(days=300 - 200 * i),
                    family=family,
                )
            Episode.objects.create(
                local_authority=la,
                family=family,
                source=Episode.Source.TRIAGE,
                lead_professional=lead,
                lead_organisation=organisation,
                opened_on=today - dt.timedelta(days=100),
                next_review_due=today + dt.timedelta(days=30),
            )
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


def measure(client, path: str, repeat: int) -> tuple[int, float, float, float]:
    """(queries, p50 ms, p95 ms, max ms) of GET path, after a first request that warms caches
    (and, on the first page after signing in, stamps the session)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)
    if response.status_code != 200:
        sys.exit(f"GET {path} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
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
    p95 = statistics.quantiles(took, n=20, method="inclusive")[18] if len(took) > 1 else took[0]
    return queries, statistics.median(took), p95, max(took)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    configure_database("bench-record.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.test.utils import override_settings

    override_settings(STORAGES=PLAIN_STATIC_FILES).enable()

    call_command("migrate", verbosity=0, interactive=False)
    lead, families = build(args.rebuild)
    client = signed_in_client(lead)

    results = {}
    print(f"\nFamily record, signed in as a lead professional; {args.repeat} timed requests")
    print(f"{'page':<8} {'events':>6} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for what, suffix in (("record", ""), ("export", "export.json")):
        for n, family in families.items():
            queries, p50, p95, worst = measure(
                client, f"/staff/families/{family.pk}/{suffix}", args.repeat
            )
            results[(what, n)] = queries
            print(f"{what:<8} {n:>6} {queries:>8} {p50:>8.1f} {p95:>8.1f} {worst:>8.1f}")
    print()
    ok = True
    for what in ("record", "export"):
        few, many = results[(what, SIZES[0])], results[(what, SIZES[1])]
        verdict = "constant: ok" if few == many else "GROWS with the events: FAIL"
        ok &= few == many
        print(f"{what}: {few} queries with {SIZES[0]} events, {many} with {SIZES[1]}: {verdict}")
    most = max(results[("record", n)] for n in SIZES)
    within = most <= RECORD_QUERY_BUDGET
    ok &= within
    print(
        f"record: at most {most} queries, budget {RECORD_QUERY_BUDGET}: "
        + ("ok" if within else "OVER BUDGET: FAIL")
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
