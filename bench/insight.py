"""Benchmark: the insight page for a year and a locality, on a borough of 80,000 children,
200,000 episodes of early help and 2,000,000 attendances at sessions.

Builds the borough once (synthetic rows written in bulk, not through the services: the page
reads tables, and a quarter of a million requests through the front door's services would take
hours), then asks /staff/insight/ for the last twelve months and one locality as a signed-in
data analyst (every figure worked out, the charts drawn) and as a locality manager (small
numbers hidden), through the whole Django stack, and prints the median, p95 and worst time and
the number of SQL queries of each.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_insight \\
        uv run python bench/insight.py                       # the issue's size, on PostgreSQL
    uv run python bench/insight.py --scale 0.05              # 5% of it, on SQLite

The figures are live SQL over the tables, with indexes on what the page filters by (council,
locality, date). bench/README.md says how that grows to every council in England.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import PLAIN_STATIC_FILES, configure_database, signed_in_client  # noqa: E402 - after the path is set

CHILDREN, EPISODES, ATTENDANCES = 80_000, 200_000, 2_000_000
REQUESTS_PER_EPISODE = 1.25
LOCALITIES = ("North East", "North West", "South East", "South West")
BATCH = 10_000
SEED = 2026
ANALYST, MANAGER = "bench.analyst@example.org", "bench.manager@example.org"


def built(scale: float) -> bool:
    from familyhub.activities.models import Attendance
    from familyhub.casework.models import Episode

    return Episode.objects.count() >= int(EPISODES * scale) and Attendance.objects.count() >= int(
        ATTENDANCES * scale
    )


def empty() -> None:
    from django.db import connection

    tables = [
        "activities_attendance",
        "activities_booking",
        "activities_sessionplace",
        "activities_session",
        "activities_activity",
        "casework_reviewscore",
        "casework_review",
        "casework_planneed",
        "casework_episodeevent",
        "casework_episode",
        "frontdoor_supportrequest",
        "families_membership",
        "families_person",
        "families_family",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names above


def in_batches(rows, model) -> None:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def build(scale: float) -> None:
    from django.utils import timezone

    from familyhub.accounts.models import Membership as StaffMembership
    from familyhub.accounts.models import Organisation, Role, Sector, User
    from familyhub.activities.models import Activity, Attendance, Session
    from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed, Review
    from familyhub.directory.models import Location
    from familyhub.families.models import Ethnicity, Family, Membership, Person, Sex
    from familyhub.frontdoor.models import NeedLevel, SupportRequest
    from familyhub.places.models import LocalAuthority, Locality

    rng = random.Random(SEED)
    today = timezone.localdate()
    la, _ = LocalAuthority.objects.get_or_create(
        code="E09000030", defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )
    organisation, _ = Organisation.objects.get_or_create(
        local_authority=la,
        slug="bench-insight",
        defaults={
            "name": "Bench Early Help",
            "sector": Sector.COUNCIL,
            "status": Organisation.Status.APPROVED,
        },
    )
    staff = {}
    for email, role in ((ANALYST, Role.DATA_ANALYST), (MANAGER, Role.LOCALITY_MANAGER)):
        user, _ = User.objects.get_or_create(email=email, defaults={"first_name": "Bench"})
        StaffMembership.objects.get_or_create(user=user, organisation=organisation, role=role)
        staff[role] = user
    lead = staff[Role.LOCALITY_MANAGER]
    localities = [
        Locality.objects.get_or_create(
            local_authority=la, slug=f"bench-{i}", defaults={"name": f"Bench {name}"}
        )[0]
        for i, name in enumerate(LOCALITIES)
    ]
    hubs = [
        Location.objects.get_or_create(
            local_authority=la,
            slug=f"bench-hub-{i}",
            defaults={
                "name": f"Bench hub {i}",
                "kind": Location.Kind.MAIN_HUB,
                "locality": locality,
                "organisation": organisation,
            },
        )[0]
        for i, locality in enumerate(localities)
    ]
    levels = [
        NeedLevel.objects.get_or_create(
            local_authority=la, number=n, defaults={"name": f"Level {n}", "route": "hub"}
        )[0]
        for n in (1, 2, 3, 4)
    ]
    empty()
    started = time.perf_counter()

    children = int(CHILDREN * scale)
    households = max(1, int(children / 1.8))
    families = [
        Family(
            id=uuid.UUID(int=rng.getrandbits(128)),
            local_authority=la,
            reference=f"B{i:010d}",
            name=f"Bench {i}",
            locality=localities[i % len(localities)],
            hub=hubs[i % len(hubs)],
        )
        for i in range(households)
    ]
    in_batches(iter(families), Family)
    ethnicities = [choice for choice, _label in Ethnicity.choices]
    people = []
    for i in range(children):
        people.append(
            Person(
                id=uuid.UUID(int=rng.getrandbits(128)),
                local_authority=la,
                given_name=f"Child {i}",
                family_name="Bench",
                date_of_birth=today - dt.timedelta(days=rng.randrange(0, 18 * 365)),
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                ethnicity=rng.choice(ethnicities),
                send=rng.random() < 0.15,
            )
        )
    in_batches(iter(people), Person)
    in_batches(
        (
            Membership(family=families[i % households], person=person, role="child")
            for i, person in enumerate(people)
        ),
        Membership,
    )
    print(f"  {households:,} households, {children:,} children")

    def moment(days_back: int) -> dt.datetime:
        return timezone.now() - dt.timedelta(days=days_back, minutes=rng.randrange(0, 1440))

    episodes = int(EPISODES * scale)
    requests = int(episodes * REQUESTS_PER_EPISODE)
    sources = [s for s, _l in SupportRequest.Source.choices]
    helps = [h for h, _l in SupportRequest.Help.choices]
    request_rows = []
    for i in range(requests):
        family = families[rng.randrange(households)]
        sent = moment(rng.randrange(0, 5 * 365))
        request_rows.append(
            SupportRequest(
                id=uuid.UUID(int=rng.getrandbits(128)),
                local_authority=la,
                reference=f"BR{i:09d}",
                resume_token=f"bench-insight-{i}",
                source=rng.choice(sources),
                status=SupportRequest.Status.ALLOCATED,
                help_choices=rng.sample(helps, 2),
                submitted_at=sent,
                first_contact_at=sent + dt.timedelta(hours=rng.randrange(1, 60)),
                decided_at=sent + dt.timedelta(hours=rng.randrange(2, 120)),
                level=rng.choice(levels),
                safeguarding_concern=rng.random() < 0.03,
                locality_id=family.locality_id,
                hub_id=family.hub_id,
                family=family,
            )
        )
    in_batches(iter(request_rows), SupportRequest)
    print(f"  {requests:,} requests")

    episode_rows = []
    for _i in range(episodes):
        family = families[rng.randrange(households)]
        opened = today - dt.timedelta(days=rng.randrange(0, 5 * 365))
        closed = opened + dt.timedelta(days=rng.randrange(30, 400))
        still_open = closed > today
        episode_rows.append(
            Episode(
                id=uuid.UUID(int=rng.getrandbits(128)),
                local_authority=la,
                family=family,
                source=rng.choices(["triage", "step_down"], [9, 1])[0],
                status="open" if still_open else "closed",
                lead_professional=lead,
                lead_organisation=organisation,
                locality_id=family.locality_id,
                hub_id=family.hub_id,
                opened_on=opened,
                closed_on=None if still_open else closed,
            )
        )
    in_batches(iter(episode_rows), Episode)
    in_batches(
        (
            EpisodeEvent(episode=episode, kind="stepped_up", on=episode.opened_on, by=lead)
            for episode in episode_rows
            if rng.random() < 0.05
        ),
        EpisodeEvent,
    )
    outcomes = [o for o, _l in Outcome.choices]
    in_batches(
        (
            PlanNeed(
                episode=episode,
                outcome=rng.choice(outcomes),
                description="Bench need",
                baseline_score=rng.randrange(4, 11),
                result=""
                if episode.closed_on is None
                else rng.choice(["achieved", "partly", "not"]),
            )
            for episode in episode_rows
        ),
        PlanNeed,
    )
    in_batches(
        (
            Review(episode=episode, held_on=episode.opened_on + dt.timedelta(weeks=week))
            for episode in episode_rows
            for week in (11, 24)
            if episode.opened_on + dt.timedelta(weeks=week) <= today
        ),
        Review,
    )
    print(f"  {episodes:,} episodes, with needs, reviews and step-ups")

    activity = Activity.objects.create(
        local_authority=la,
        organisation=organisation,
        name="Bench stay and play",
        kind="stay_and_play",
    )
    sessions_count = max(1, int(ATTENDANCES * scale) // 12)
    session_rows = []
    for i in range(sessions_count):
        starts = moment(rng.randrange(0, 3 * 365))
        session_rows.append(
            Session(
                activity=activity,
                location=hubs[i % len(hubs)],
                starts=starts,
                ends=starts + dt.timedelta(hours=2),
                capacity=20,
            )
        )
    # bulk_create skips the places a session is made with: attendance needs none.
    Session.objects.bulk_create(session_rows, batch_size=BATCH)
    session_ids = list(Session.objects.filter(activity=activity).values_list("pk", flat=True))
    family_ids = [family.pk for family in families]
    # Twelve different households at each session (one attendance per household and session).
    in_batches(
        (
            Attendance(
                session_id=session_id,
                family_id=family_id,
                name="",
                children=rng.randrange(1, 4),
                walk_in=True,
                recorded_by=lead,
            )
            for session_id in session_ids
            for family_id in rng.sample(family_ids, min(12, len(family_ids)))
        ),
        Attendance,
    )
    print(f"  {int(ATTENDANCES * scale):,} attendances at {sessions_count:,} sessions")
    print(f"Built in {time.perf_counter() - started:.0f} s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_page(client, question: dict, runs: int) -> list[float]:
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        response = client.get("/staff/insight/", question)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        if run:  # the first warms caches and Matplotlib's fonts
            times.append(elapsed * 1000)
    return times


def settle() -> None:
    """What autovacuum does to a table filled in minutes: statistics for the planner, and the
    visibility map that lets PostgreSQL answer from an index alone."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def server_memory() -> str:
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return f", shared_buffers {cursor.fetchone()[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the issue's size")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    arguments = parser.parse_args()
    configure_database("bench-insight.sqlite3")
    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings
    from django.utils import timezone

    from familyhub.accounts.models import User
    from familyhub.places.models import Locality

    override_settings(STORAGES=PLAIN_STATIC_FILES).enable()
    call_command("migrate", verbosity=0)
    if arguments.rebuild or not built(arguments.scale):
        print(f"Building the borough at scale {arguments.scale}:")
        build(arguments.scale)
        settle()
    today = timezone.localdate()
    locality = Locality.objects.filter(slug="bench-0").get()
    question = {
        "starts": (today - dt.timedelta(days=364)).strftime("%d/%m/%Y"),
        "ends": today.strftime("%d/%m/%Y"),
        "locality": locality.pk,
    }
    print(f"Database: {connection.vendor}{server_memory()}, {arguments.runs} runs each")
    print(f"{'who':<18}{'p50 ms':>9}{'p95 ms':>9}{'worst':>9}")
    for label, email in (("data analyst", ANALYST), ("locality manager", MANAGER)):
        times = time_page(signed_in_client(User.objects.get(email=email)), question, arguments.runs)
        print(
            f"{label:<18}{statistics.median(times):>9.0f}{percentile(times, 0.95):>9.0f}"
            f"{max(times):>9.0f}"
        )


if __name__ == "__main__":
    main()
