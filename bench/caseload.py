"""Benchmark: caseload pages and a family plan page in a borough of 20,000 open episodes.

Builds a borough (200 lead professionals, Teams Around the Family of 2 to 5, 3 to 6 needs and 3 to
6 actions per episode, reviews with a score for every need) with bulk inserts, then renders through
the whole Django stack (django.test.Client: middleware, two-factor check, rules, ORM, templates) and
prints the number of SQL queries and the median and 95th percentile time of:

    a lead professional's "My caseload"             /staff/casework/caseload
    the locality manager's caseload, page 1         /staff/casework/caseload/locality
    ... filtered (locality + overdue reviews), and (overdue actions)
    one episode's family plan                       /staff/casework/<id>/plan

It measures at a tenth of the size first and again at full size: the query counts must be equal.

    uv run python bench/caseload.py --episodes 2000               # SQLite, ./bench-caseload.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_caseload \\
        uv run python bench/caseload.py                           # PostgreSQL, 20,000 episodes

Never a developer's database (bench/benchdb.py). Later runs reuse the episodes already built;
--rebuild starts again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database, signed_in_client  # noqa: E402 - after the path is set

LEADS = 200
PRACTITIONERS = 400
LOCALITIES = 4
BATCH = 1000
MANAGER_EMAIL = "bench.caseload.manager@example.org"


def setup_people():
    """The council, its organisations, localities, leads, practitioners and a locality manager."""
    from familyhub.accounts.models import Membership as StaffMembership
    from familyhub.accounts.models import Organisation, Role, Sector, User
    from familyhub.places.models import LocalAuthority, Locality

    la, _ = LocalAuthority.objects.get_or_create(
        code="E09000030", defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )

    def organisation(slug, name, sector):
        return Organisation.objects.get_or_create(
            local_authority=la,
            slug=slug,
            defaults={"name": name, "sector": sector, "status": Organisation.Status.APPROVED},
        )[0]

    council = organisation("bench-caseload-early-help", "Bench Early Help", Sector.COUNCIL)
    partner = organisation("bench-caseload-partners", "Bench Partners", Sector.VOLUNTARY)
    localities = [
        Locality.objects.get_or_create(
            local_authority=la, slug=f"bench-locality-{i}", defaults={"name": f"Bench locality {i}"}
        )[0]
        for i in range(LOCALITIES)
    ]

    def users(prefix, n, organisation, role):
        emails = [f"bench.{prefix}{i:03d}@example.org" for i in range(n)]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            User(email=e, first_name=prefix.title(), last_name=f"{i:03d}", password="!")
            for i, e in enumerate(emails)
            if e not in existing
        )
        found = list(User.objects.filter(email__in=emails).order_by("email"))
        StaffMembership.objects.bulk_create(
            [StaffMembership(user=u, organisation=organisation, role=role) for u in found],
            ignore_conflicts=True,
        )
        return found

    leads = users("lead", LEADS, council, Role.LEAD_PROFESSIONAL)
    practitioners = users("practitioner", PRACTITIONERS, partner, Role.PRACTITIONER)
    manager = users("manager", 1, council, Role.LOCALITY_MANAGER)[0]
    return la, council, partner, localities, leads, practitioners, manager


def build(total: int, people, rebuild: bool) -> None:
    """Add open episodes (with families, sharing, teams, needs, actions, reviews) up to `total`."""
    from django.db import transaction
    from django.utils import timezone

    from familyhub.casework.models import (
        Episode,
        Outcome,
        PlanAction,
        PlanNeed,
        Review,
        ReviewScore,
        TeamMember,
    )
    from familyhub.families.models import Consent, Family, Involvement, LawfulBasis

    la, council, partner, localities, leads, practitioners, _ = people
    bench_families = Family.objects.filter(reference__startswith="BCL")
    if rebuild:
        Episode.objects.filter(family__in=bench_families).delete()
        bench_families.delete()
    have = Episode.objects.filter(family__in=bench_families).count()
    if have >= total:
        return
    rng = random.Random(have)
    today = timezone.localdate()
    now = timezone.now()
    outcomes = list(Outcome.values)
    started = time.perf_counter()
    for start in range(have, total, BATCH):
        n = min(BATCH, total - start)
        with transaction.atomic():
            families = Family.objects.bulk_create(
                Family(
                    local_authority=la,
                    reference=f"BCL{start + i:07d}",
                    name=f"Bench {start + i}",
                    locality=localities[(start + i) % LOCALITIES],
                )
                for i in range(n)
            )
            Involvement.objects.bulk_create(
                Involvement(
                    family=f,
                    organisation=org,
                    role=Involvement.Role.LEAD_PROFESSIONAL,
                    started=today - dt.timedelta(days=200),
                )
                for f in families
                for org in (council, partner)
            )
            consents = Consent.objects.bulk_create(
                Consent(
                    family=f,
                    scope=Consent.Scope.WHOLE_RECORD,
                    purpose="Benchmark",
                    lawful_basis=LawfulBasis.CONSENT,
                    given_at=now - dt.timedelta(days=200),
                    given_how=Consent.Given.ONLINE,
                )
                for f in families
            )
            through = Consent.organisations.through
            through.objects.bulk_create(
                through(consent_id=c.pk, organisation_id=org.pk)
                for c in consents
                for org in (council, partner)
            )
            episodes = Episode.objects.bulk_create(
                Episode(
                    local_authority=la,
                    family=f,
                    source=Episode.Source.TRIAGE,
                    lead_professional=leads[(start + i) % LEADS],
                    lead_organisation=council,
                    locality=f.locality,
                    opened_on=today - dt.timedelta(days=rng.randint(10, 400)),
                    next_review_due=today + dt.timedelta(days=rng.randint(-40, 84)),
                )
                for i, f in enumerate(families)
            )
            members, shape = [], []
            for e in episodes:
                team = [TeamMember(episode=e, organisation=council, worker=e.lead_professional,
                                   joined_on=e.opened_on)]  # fmt: skip
                for w in rng.sample(practitioners, rng.randint(1, 4)):
                    team.append(TeamMember(episode=e, organisation=partner, worker=w,
                                           joined_on=e.opened_on))  # fmt: skip
                members.extend(team)
                shape.append((e, team))
            TeamMember.objects.bulk_create(members)
            needs, per_episode = [], []
            for e, team in shape:
                mine = [
                    PlanNeed(
                        episode=e,
                        outcome=o,
                        description=f"Need about {o}",
                        baseline_score=rng.randint(5, 10),
                    )  # fmt: skip
                    for o in rng.sample(outcomes, rng.randint(3, 6))
                ]
                needs.extend(mine)
                per_episode.append((e, team, mine))
            PlanNeed.objects.bulk_create(needs)
            actions, reviews, scored = [], [], []
            for e, team, mine in per_episode:
                for k in range(rng.randint(3, 6)):
                    actions.append(
                        PlanAction(
                            need=mine[k % len(mine)],
                            description="Visit and agree next steps",
                            owner=rng.choice(team),
                            due_on=today + dt.timedelta(days=rng.randint(-30, 60)),
                            status=rng.choice(list(PlanAction.Status.values)),
                        )
                    )
                for r in range(rng.randint(0, 2)):
                    review = Review(
                        episode=e, held_on=e.opened_on + dt.timedelta(weeks=12 * (r + 1))
                    )
                    reviews.append(review)
                    scored.append((review, mine))
            PlanAction.objects.bulk_create(actions)
            Review.objects.bulk_create(reviews)
            ReviewScore.objects.bulk_create(
                ReviewScore(review=review, need=need, score=rng.randint(1, 10))
                for review, mine in scored
                for need in mine
            )
        print(f"  built {start + n:,} episodes ({time.perf_counter() - started:.0f} s)", flush=True)


def measure(client, path: str, params: dict, repeat: int) -> tuple[int, float, float]:
    """(queries, median ms, p95 ms) of GET path; the first, counted run also warms caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
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
        client.get(path, params)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    p95 = took[min(len(took) - 1, round(0.95 * (len(took) - 1)))]
    return queries, statistics.median(took), p95


def pages(people):
    from familyhub.casework.models import Episode

    _, _, _, localities, leads, _, manager = people
    lead = leads[0]
    episode = (
        Episode.objects.filter(lead_professional=lead, status=Episode.Status.OPEN)
        .order_by("pk")
        .first()
    )
    return [
        ("lead: my caseload", lead, "/staff/casework/caseload", {}),
        ("manager: locality p1", manager, "/staff/casework/caseload/locality", {}),
        (
            "manager: locality+overdue reviews",
            manager,
            "/staff/casework/caseload/locality",
            {"locality": localities[1].pk, "overdue_reviews": "on"},
        ),
        (
            "manager: overdue actions p2",
            manager,
            "/staff/casework/caseload/locality",
            {"overdue_actions": "on", "page": 2},
        ),
        ("lead: episode", lead, f"/staff/casework/{episode.pk}/", {}),
        ("lead: family plan", lead, f"/staff/casework/{episode.pk}/plan", {}),
    ]


def fresh_statistics() -> None:
    """Planner statistics as autovacuum keeps them on a live database; right after a bulk build
    PostgreSQL would otherwise plan for empty tables (80 ms instead of 1 ms for one query)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=20000, help="open episodes at full size")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    configure_database("bench-caseload.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import logging

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    people = setup_people()
    clients = {}
    counts: dict[tuple[str, int], int] = {}
    sizes = (args.episodes // 10, args.episodes)
    for step, size in enumerate(sizes):
        print(f"\nBuilding {size:,} open episodes")
        build(size, people, args.rebuild and step == 0)
        fresh_statistics()
        print(f"\n{size:,} open episodes; median and p95 of {args.repeat} requests")
        print(f"{'page':<36} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        for name, user, path, params in pages(people):
            client = clients.setdefault(user.pk, signed_in_client(user))
            queries, median, p95 = measure(client, path, params, args.repeat)
            counts[(name, size)] = queries
            print(f"{name:<36} {queries:>8} {median:>10.1f} {p95:>8.1f}")
    print()
    constant = True
    for name, *_ in pages(people):
        few, many = counts[(name, sizes[0])], counts[(name, sizes[1])]
        ok = few == many
        constant &= ok
        verdict = "constant: ok" if ok else "GROWS with the caseload: FAIL"
        print(f"{name}: {few} queries at {sizes[0]:,}, {many} at {sizes[1]:,}: {verdict}")
    sys.exit(0 if constant else 1)


if __name__ == "__main__":
    main()
