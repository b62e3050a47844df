"""Benchmark: the public directory search (/find) over a national-scale directory.

Builds (or reuses) a synthetic directory of --services services spread over ~40 English local
authorities at real ONSPD postcodes, then times --requests searches through the whole Django
stack (django.test.Client: middleware, view, ORM, template) and compares each with the bare SQL
that the request issued, re-run on its own. The gap between the two is what Django costs on top
of the database; the bare SQL is what indexes and query shape can fix.

    uv run python bench/directory_search.py --services 5000            # SQLite, bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench \\
        uv run python bench/directory_search.py                        # PostgreSQL, 100k

It never touches the developer's database: without DATABASE_URL it uses ./bench.sqlite3, and a
DATABASE_URL whose database name lacks "bench" is refused (the build wipes directory tables).
See bench/README.md for the options and how to read the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import statistics
import sys
import time
import uuid
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
# Run as a script from anywhere: the project package lives at the repository root.
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

# ~40 English councils from every region, big cities and rural unitaries alike, so that a
# search near one sees the density of a real city and a 20-mile search in the countryside
# crosses council boundaries.
LOCAL_AUTHORITIES = [
    ("E09000030", "Tower Hamlets"),
    ("E09000033", "Westminster"),
    ("E09000028", "Southwark"),
    ("E09000012", "Hackney"),
    ("E09000005", "Brent"),
    ("E09000008", "Croydon"),
    ("E08000025", "Birmingham"),
    ("E08000035", "Leeds"),
    ("E06000023", "Bristol"),
    ("E08000003", "Manchester"),
    ("E08000012", "Liverpool"),
    ("E08000021", "Newcastle upon Tyne"),
    ("E08000039", "Sheffield"),
    ("E08000032", "Bradford"),
    ("E06000018", "Nottingham"),
    ("E06000016", "Leicester"),
    ("E06000045", "Southampton"),
    ("E06000044", "Portsmouth"),
    ("E06000043", "Brighton and Hove"),
    ("E06000026", "Plymouth"),
    ("E06000010", "Kingston upon Hull"),
    ("E06000014", "York"),
    ("E08000026", "Coventry"),
    ("E06000021", "Stoke-on-Trent"),
    ("E06000015", "Derby"),
    ("E06000031", "Peterborough"),
    ("E06000042", "Milton Keynes"),
    ("E06000038", "Reading"),
    ("E06000002", "Middlesbrough"),
    ("E08000024", "Sunderland"),
    ("E06000009", "Blackpool"),
    ("E08000034", "Kirklees"),
    ("E06000058", "Bournemouth, Christchurch and Poole"),
    ("E06000052", "Cornwall"),
    ("E06000057", "Northumberland"),
    ("E06000047", "County Durham"),
    ("E07000178", "Oxford"),
    ("E07000008", "Cambridge"),
    ("E06000030", "Swindon"),
    ("E07000041", "Exeter"),
    ("E06000019", "Herefordshire"),
]
# The first letters of these councils' postcodes (checked against ONSPD): reading only these
# files is what a deployment does; they happen to cover most of the alphabet at this scale.
POSTCODE_LETTERS = "BCDEFGHLMNOPRSTUWY"

# Used only when the reference data migration has not put the DfE taxonomy and languages in.
BENCH_TAXONOMY = "Bench taxonomy"
FALLBACK_TERMS = {
    "Family support": ["Parenting", "Relationships", "Money and benefits", "Housing"],
    "Early years": ["Stay and play", "Childcare", "Speech and language", "Baby groups"],
    "Health": ["Infant feeding", "Health visiting", "Mental health", "Healthy eating"],
    "Special educational needs": ["SEND support", "Short breaks", "Autism", "Sensory"],
    "Activities": ["Sport", "Arts and crafts", "Holiday clubs", "Youth clubs"],
    "Pregnancy": ["Antenatal classes", "Midwifery", "Perinatal mental health", "Birth"],
    "Safety": ["Domestic abuse", "Online safety", "Substance misuse", "Bullying"],
    "Education": ["Adult learning", "ESOL", "Homework clubs", "Careers"],
}
FALLBACK_LANGUAGES = {
    "en": "English",
    "bn": "Bengali",
    "so": "Somali",
    "ur": "Urdu",
    "pl": "Polish",
    "ar": "Arabic",
    "ro": "Romanian",
    "pa": "Punjabi",
    "gu": "Gujarati",
    "tr": "Turkish",
    "pt": "Portuguese",
    "es": "Spanish",
    "zh": "Chinese",
    "fr": "French",
    "ta": "Tamil",
}

AGE_BANDS = ["pregnancy", "0-2", "3-5", "6-11", "12-15", "16-18", "19-25"]
DISTANCES = [1, 2, 5, 10, 20]
# Families mostly keep the default radius or narrow it; a few look far afield.
DISTANCE_WEIGHTS = [15, 20, 35, 20, 10]
# (minimum_age, maximum_age, for_pregnancy, weight): the shapes family services really take.
AGE_PROFILES = [
    (None, None, False, 20),
    (0, 1, True, 6),
    (0, 2, False, 8),
    (0, 4, False, 10),
    (0, 5, False, 10),
    (2, 5, False, 6),
    (5, 11, False, 8),
    (8, 13, False, 5),
    (11, 18, False, 8),
    (13, 19, False, 6),
    (16, 25, False, 5),
    (0, 18, False, 5),
    (0, 25, False, 3),
]
NAME_WORDS = (
    [
        "Stay and play",
        "Baby massage",
        "Parenting",
        "Breastfeeding",
        "Youth",
        "Homework",
        "Speech and language",
        "Money advice",
        "Dads",
        "Toddler",
        "SEND",
        "Wellbeing",
        "Cooking",
        "ESOL",
        "Holiday",
        "Messy play",
        "Sensory",
        "Teen",
        "Bump",
        "Family",
    ],
    ["group", "club", "drop-in", "course", "clinic", "session", "café", "workshop", "service"],
)
DESCRIPTIONS = [
    "A friendly session for parents and carers with children, run by local volunteers.",
    "Advice on benefits, debt and housing for families, with interpreters on request.",
    "Support for children with special educational needs and disabilities and their families.",
    "Free activities in the school holidays with a healthy lunch for every child.",
    "A course on positive parenting over six weeks, with a crèche for younger children.",
    "Help with feeding your baby from trained peer supporters and health visitors.",
    "A safe place for young people to meet, play sport and talk to youth workers.",
    "Learn English for everyday life: shopping, school letters and appointments.",
]
PAGE_SIZE = 20


# --- Choosing and preparing the database --------------------------------------------------------


def db_description() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.vendor


# --- Building the directory ---------------------------------------------------------------------


class Ids:
    """Seeded UUIDs, so that a rebuild with the same seed gives the same records."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)


def wipe_directory() -> None:
    """Empty every directory table in one statement per table (the ORM's cascade is too slow)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    # Taxonomies, terms and languages are reference data from a migration: a wipe would lose
    # them for good (the migration does not run again), so they stay.
    kept = {"Taxonomy", "TaxonomyTerm", "Language"}
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("directory").get_models(include_auto_created=True)
        if model._meta.object_name not in kept
    ]
    # Memberships point at organisations; a bench database has none worth keeping.
    tables.append(apps.get_model("accounts", "Membership")._meta.db_table)
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def ensure_postcodes(codes: list[str], rebuild: bool) -> float | None:
    """Import the councils' ONSPD postcodes unless every council already has them."""
    from familyhub.places.models import Postcode
    from familyhub.places.services import postcodes_import

    present = set(
        Postcode.objects.filter(local_authority_code__in=codes)
        .values_list("local_authority_code", flat=True)
        .distinct()
    )
    if not rebuild and present >= set(codes):
        return None
    started = time.perf_counter()
    result = postcodes_import(local_authority_codes=codes, letters=POSTCODE_LETTERS)
    took = time.perf_counter() - started
    print(
        f"Imported postcodes for {len(codes)} councils (letters {POSTCODE_LETTERS}): "
        f"{result.added} added, {result.updated} updated in {took:.1f} s"
    )
    return took


def ensure_reference_data(ids: Ids) -> tuple[list, list[str]]:
    """The taxonomy terms services are filed under and the languages they are offered in.

    Prefers the national terms and languages of the reference data migration; makes a small
    set of its own when they are absent so that the benchmark runs before that migration lands.
    """
    from familyhub.directory.models import Language, Taxonomy, TaxonomyTerm

    national = list(
        TaxonomyTerm.objects.filter(local_authority__isnull=True).exclude(
            taxonomy__name=BENCH_TAXONOMY
        )
    ) or list(TaxonomyTerm.objects.filter(local_authority__isnull=True))
    if not national:
        taxonomy = Taxonomy.objects.create(id=ids(), name=BENCH_TAXONOMY, version="bench")
        for parent_name, children in FALLBACK_TERMS.items():
            parent = TaxonomyTerm.objects.create(
                id=ids(), taxonomy=taxonomy, name=parent_name, slug=slugify(parent_name)
            )
            TaxonomyTerm.objects.bulk_create(
                TaxonomyTerm(
                    id=ids(), taxonomy=taxonomy, parent=parent, name=name, slug=slugify(name)
                )
                for name in children
            )
        national = list(TaxonomyTerm.objects.filter(local_authority__isnull=True))
        print(f"No national taxonomy found: created {len(national)} bench terms")
    parents = {term.parent_id for term in national}
    # Services are filed under the most specific terms, as editors are asked to.
    leaves = [term for term in national if term.pk not in parents]
    if Language.objects.count() < 5:
        Language.objects.bulk_create(
            [Language(code=code, name=name) for code, name in FALLBACK_LANGUAGES.items()],
            ignore_conflicts=True,
        )
        print("Few languages found: added the bench languages")
    codes = list(Language.objects.values_list("code", flat=True))
    return leaves, codes


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def build_directory(n_services: int, seed: int) -> None:
    """Councils, organisations, places, services, sessions, categories and languages.

    Written council by council with bulk_create, so memory stays bounded and each council is
    one transaction (SQLite is far faster with few commits).
    """
    from django.db import transaction

    from familyhub.accounts.models import Organisation, Sector
    from familyhub.directory.models import Location, Schedule, Service, ServiceAtLocation
    from familyhub.places.models import LocalAuthority, Postcode

    rng = random.Random(seed)
    ids = Ids(rng)
    codes = [code for code, _ in LOCAL_AUTHORITIES]
    leaves, language_codes = ensure_reference_data(ids)
    other_languages = [code for code in language_codes if code != "en"]
    today = dt.date.today()

    postcodes: dict[str, list[tuple]] = defaultdict(list)
    for row in Postcode.objects.filter(
        local_authority_code__in=codes, terminated=False
    ).values_list(
        "local_authority_code", "postcode", "easting", "northing", "latitude", "longitude"
    ):
        postcodes[row[0]].append(row[1:])
    # Bigger councils (more postcodes, so more people) get more services.
    weights = {code: len(postcodes[code]) for code in codes}
    total_weight = sum(weights.values())
    shares = {code: max(20, round(n_services * weights[code] / total_weight)) for code in codes}
    # Rounding drift goes to the biggest council so the total is exact.
    biggest = max(codes, key=weights.get)
    shares[biggest] += n_services - sum(shares.values())

    sector_choices = [s for s in Sector.values if s != Sector.COUNCIL]
    age_profiles = [p[:3] for p in AGE_PROFILES]
    age_weights = [p[3] for p in AGE_PROFILES]
    statuses = (
        [Service.Status.ACTIVE] * 95
        + [Service.Status.INACTIVE] * 3
        + [Service.Status.TEMPORARILY_CLOSED] * 2
    )
    org_statuses = (
        [Organisation.Status.APPROVED] * 95
        + [Organisation.Status.PENDING] * 3
        + [Organisation.Status.REJECTED] * 2
    )
    slots = [
        (dt.time(9, 30), dt.time(11, 30)),
        (dt.time(10), dt.time(12)),
        (dt.time(13), dt.time(15)),
        (dt.time(15, 30), dt.time(17, 30)),
        (dt.time(18), dt.time(20)),
    ]
    service_terms = Service.terms.through
    service_languages = Service.languages.through

    def place(la: str, kind: str, name: str, slug: str, org=None) -> Location:
        pcd, east, north, lat, lon = rng.choice(postcodes[la])
        return Location(
            id=ids(),
            local_authority_id=la,
            organisation=org,
            kind=kind,
            name=name,
            slug=slug,
            address_1=f"{rng.randint(1, 300)} High Street",
            postcode=pcd,
            easting=east,
            northing=north,
            latitude=lat,
            longitude=lon,
            **{flag: rng.random() < 0.35 for flag in Location.ACCESS_FEATURES},
        )

    for code, name in LOCAL_AUTHORITIES:
        LocalAuthority.objects.update_or_create(
            code=code, defaults={"name": name, "slug": slugify(name)}
        )

    started = time.perf_counter()
    made = Counter()
    for la, la_name in LOCAL_AUTHORITIES:
        count = shares[la]
        n_orgs = max(2, math.ceil(count / 20))
        council = Organisation(
            id=ids(),
            local_authority_id=la,
            name=f"{la_name} Council Family Hubs",
            slug="council",
            sector=Sector.COUNCIL,
            status=Organisation.Status.APPROVED,
        )
        orgs = [council] + [
            Organisation(
                id=ids(),
                local_authority_id=la,
                name=f"{la_name} partner {i}",
                slug=f"partner-{i}",
                sector=rng.choice(sector_choices),
                status=rng.choice(org_statuses),
            )
            for i in range(1, n_orgs)
        ]
        # The council's own network: main hubs, spokes, outreach bus stops, one online "place".
        hubs = max(2, count // 600)
        sites = (
            [
                place(la, Location.Kind.MAIN_HUB, f"{la_name} Family Hub {i}", f"hub-{i}", council)
                for i in range(hubs)
            ]
            + [
                place(la, Location.Kind.SPOKE, f"{la_name} spoke {i}", f"spoke-{i}", council)
                for i in range(hubs * 3)
            ]
            + [
                place(la, Location.Kind.BUS_STOP, f"Bus stop {i}", f"bus-{i}", council)
                for i in range(hubs * 2)
            ]
        )
        virtual = Location(
            id=ids(),
            local_authority_id=la,
            organisation=council,
            kind=Location.Kind.VIRTUAL,
            name=f"{la_name} online",
            slug="online",
        )
        venues: dict[uuid.UUID, list[Location]] = {}
        for i, org in enumerate(orgs[1:]):
            venues[org.id] = [
                place(la, Location.Kind.VENUE, f"{org.name} venue {j}", f"venue-{i}-{j}", org)
                for j in range(rng.choice([1, 1, 2, 2, 3]))
            ]
        venues[council.id] = sites
        locations = [
            *sites,
            virtual,
            *(
                v
                for org_venues in venues.values()
                for v in org_venues
                if v.kind == Location.Kind.VENUE
            ),
        ]

        services, at_locations, schedules, terms, languages = [], [], [], [], []
        for i in range(count):
            # Roughly 20 services per organisation, the council running its share.
            org = orgs[i % n_orgs]
            minimum, maximum, pregnancy = rng.choices(age_profiles, age_weights)[0]
            free = rng.random() < 0.75
            where = rng.random()
            online_only = where < 0.05
            service = Service(
                id=ids(),
                local_authority_id=la,
                organisation=org,
                name=f"{rng.choice(NAME_WORDS[0])} {rng.choice(NAME_WORDS[1])} {i}",
                description=rng.choice(DESCRIPTIONS),
                status=rng.choice(statuses),
                access=rng.choice(Service.Access.values),
                accepts_referrals=rng.random() < 0.4,
                online=online_only or rng.random() < 0.12,
                by_phone=rng.random() < 0.2,
                minimum_age=minimum,
                maximum_age=maximum,
                for_pregnancy=pregnancy,
                is_free=free,
                fees_description="" if free else "£3 a session",
                interpreter=rng.random() < 0.15,
                sibling_creche=rng.random() < 0.1,
                bsl=rng.random() < 0.05,
                last_checked=today - dt.timedelta(days=rng.randint(0, 400)),
            )
            services.append(service)
            if online_only:
                places = [virtual]
            elif where < 0.30:
                # Partners deliver a quarter of their work from the council's hubs and spokes.
                places = [rng.choice(sites)]
            else:
                places = [rng.choice(venues[org.id])]
            if not online_only and rng.random() < 0.15:
                second = rng.choice(sites)
                if second not in places:
                    places.append(second)
            for location in places:
                at = ServiceAtLocation(id=ids(), service=service, location=location)
                at_locations.append(at)
                for weekday in rng.sample(range(7), rng.choice([1, 1, 2])):
                    opens, closes = rng.choice(slots)
                    schedules.append(
                        Schedule(
                            id=ids(),
                            service_at_location=at,
                            weekday=weekday,
                            opens_at=opens,
                            closes_at=closes,
                        )
                    )
            for term in rng.sample(leaves, rng.choice([1, 1, 2, 3])):
                terms.append(service_terms(service_id=service.id, taxonomyterm_id=term.pk))
            spoken = ["en"] if rng.random() < 0.7 else []
            if rng.random() < 0.25:
                spoken += rng.sample(other_languages, rng.choice([1, 1, 2]))
            languages.extend(
                service_languages(service_id=service.id, language_id=code) for code in spoken
            )

        with transaction.atomic():
            for model, rows in (
                (Organisation, orgs),
                (Location, locations),
                (Service, services),
                (ServiceAtLocation, at_locations),
                (Schedule, schedules),
                (service_terms, terms),
                (service_languages, languages),
            ):
                model.objects.bulk_create(rows, batch_size=2000)
                made[model._meta.object_name] += len(rows)
    took = time.perf_counter() - started
    print(
        f"Built the directory in {took:.1f} s: "
        + ", ".join(f"{n} {name}" for name, n in made.items())
    )


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would give a long-running database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- The searches -------------------------------------------------------------------------------


def plan_requests(n: int, seed: int) -> list[dict]:
    """Query strings a family might send: a postcode, a distance and two filters."""
    from familyhub.directory.models import Service, TaxonomyTerm
    from familyhub.places.models import Postcode

    rng = random.Random(seed)
    codes = [code for code, _ in LOCAL_AUTHORITIES]
    pool = list(
        Postcode.objects.filter(local_authority_code__in=codes, terminated=False)
        .order_by("postcode")
        .values_list("postcode", flat=True)
    )
    # Only categories and languages that some service has: a filter nobody matches is no test.
    used_terms = TaxonomyTerm.objects.filter(services__isnull=False).distinct()
    category_slugs = sorted(
        set(used_terms.values_list("slug", flat=True))
        | set(used_terms.filter(parent__isnull=False).values_list("parent__slug", flat=True))
    )
    language_codes = sorted(
        set(Service.languages.through.objects.values_list("language_id", flat=True))
    )
    choosers = {
        "category": lambda: rng.choice(category_slugs),
        "age": lambda: rng.choice(AGE_BANDS),
        "language": lambda: "en" if rng.random() < 0.4 else rng.choice(language_codes),
        "cost": lambda: rng.choice(["free", "paid"]),
        "delivery": lambda: rng.choice(["hub", "spoke", "online", "phone", "bus"]),
        "access": lambda: rng.choice(["drop_in", "self_refer", "referral"]),
        "day": lambda: str(rng.randrange(7)),
        "feature": lambda: rng.choice(["step_free", "baby_changing", "quiet_space", "parking"]),
    }
    # Category and age are what the search form leads with; the rest are refinements.
    kinds = list(choosers)
    kind_weights = [5, 5, 2, 2, 2, 1, 1, 1]
    plans = []
    for _ in range(n):
        params = {
            "postcode": rng.choice(pool),
            "distance": str(rng.choices(DISTANCES, DISTANCE_WEIGHTS)[0]),
        }
        first = rng.choices(kinds, kind_weights)[0]
        second = first
        while second == first:
            second = rng.choices(kinds, kind_weights)[0]
        for kind in (first, second):
            params[kind] = choosers[kind]()
        plans.append(params)
    return plans


_RESULT_COUNT = re.compile(r"(\d[\d,]*)\s+(?:results?|services?|places?)\b", re.I)


def result_count(response, statements: list[tuple[str, list]]) -> int | None:
    """How many results the page said it found, by whichever way the view makes that visible."""
    context = getattr(response, "context_data", None) or {}
    for key in ("page_obj", "page"):
        page = context.get(key)
        if page is not None and hasattr(page, "paginator"):
            return page.paginator.count
    # A paginated search counts its matches with one COUNT(*): its bare re-run gives the figure.
    for sql, rows in statements:
        if sql.lstrip().upper().startswith("SELECT COUNT(") and len(rows) == 1:
            return int(rows[0][0])
    match = _RESULT_COUNT.search(response.content.decode(errors="replace"))
    return int(match.group(1).replace(",", "")) if match else None


def run_bare(statements: list[str]) -> tuple[float, list[float], list[tuple[str, list]]]:
    """Re-run captured SQL as-is and fetch every row, as the ORM would have done."""
    from django.db import connection

    times, outputs = [], []
    with connection.cursor() as cursor:
        for sql in statements:
            started = time.perf_counter()
            cursor.execute(sql)
            rows = cursor.fetchall() if cursor.description else []
            times.append(time.perf_counter() - started)
            outputs.append((sql, rows))
    return sum(times), times, outputs


def time_searches(plans: list[dict], warmup: int, path: str, repeat: int = 1) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    request_ms, bare_ms, query_counts, counts = [], [], [], []
    per_statement: dict[str, list[float]] = defaultdict(list)
    slowest: tuple[float, str, dict] = (0.0, "", {})
    timed: list[tuple[float, float, int | None, dict]] = []
    example_sql: dict[str, str] = {}
    for index, params in enumerate(plans):
        # First a captured run, to learn the SQL and warm the caches for the timed runs after
        # it, so neither the request nor its bare SQL pays for a cold page the other did not.
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, params)
        if response.status_code != 200:
            sys.exit(
                f"GET {path}?{urlencode(params, doseq=True)} answered "
                f"{response.status_code}; is the search page there yet?"
            )
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "BEGIN", "ROLLBACK"))
        ]
        # A form the page rejects answers 200 without searching: that would time nothing.
        if not any("directory_searchentry" in sql for sql in statements):
            sys.exit(
                f"GET {path}?{urlencode(params, doseq=True)} did not search (form "
                "rejected?): the benchmark's parameters no longer fit the page."
            )
        # The timed request runs without CaptureQueriesContext: its debug cursor would add
        # per-query bookkeeping that a production request does not do.
        # On a shared machine one run can be caught by another process; with --repeat each
        # figure is the median of that many runs (request and bare SQL alike).
        request_runs, bare_runs = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path, params)
            request_runs.append(time.perf_counter() - started)
            bare_runs.append(run_bare(statements))
        took_request = statistics.median(request_runs)
        took_bare, statement_times, outputs = sorted(bare_runs, key=lambda run: run[0])[
            len(bare_runs) // 2
        ]
        if index < warmup:
            continue
        request_ms.append(took_request * 1000)
        bare_ms.append(took_bare * 1000)
        query_counts.append(len(statements))
        counts.append(result_count(response, outputs))
        timed.append((took_request * 1000, took_bare * 1000, counts[-1], params))
        seen: Counter = Counter()
        for sql, took in zip(statements, statement_times, strict=True):
            # Grouped by what the statement reads, not its position: a filter that adds a query
            # would otherwise shift every later statement into the wrong row.
            label = statement_label(sql)
            seen[label] += 1
            if seen[label] > 1:
                label = f"{label} #{seen[label]}"
            per_statement[label].append(took * 1000)
            example_sql.setdefault(label, sql)
            if took * 1000 > slowest[0]:
                slowest = (took * 1000, sql, params)
    return {
        "request_ms": request_ms,
        "bare_ms": bare_ms,
        "queries": query_counts,
        "counts": [c for c in counts if c is not None],
        "per_statement": per_statement,
        "example_sql": example_sql,
        "slowest": slowest,
        "timed": timed,
    }


_FROM_TABLE = re.compile(r'\bFROM\s+"?(\w+)"?', re.I)


def statement_label(sql: str) -> str:
    """A short name for a statement: COUNT or SELECT, and the table it reads first."""
    match = _FROM_TABLE.search(sql)
    table = match.group(1) if match else "?"
    verb = "COUNT" if re.match(r"\s*SELECT\s+COUNT\(", sql, re.I) else "SELECT"
    if "_prefetch_related_val" in sql:
        verb = "PREFETCH"
    return f"{verb} {table}"


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: a value that was really observed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def report(result: dict, n_services: int, vendor: str, path: str, repeat: int = 1) -> None:
    req, bare = result["request_ms"], result["bare_ms"]
    ratio = statistics.median(req) / statistics.median(bare) if statistics.median(bare) else 0
    is_pg = vendor.startswith("PostgreSQL")
    target_note = "" if is_pg else " (targets are for PostgreSQL)"
    rows = [
        ("Database", vendor, ""),
        ("Services", f"{n_services:,}", ""),
        (
            "Requests timed",
            f"{len(req)}" + (f" (median of {repeat} runs each)" if repeat > 1 else ""),
            "",
        ),
        ("Request median (ms)", f"{statistics.median(req):.1f}", ""),
        ("Request p95 (ms)", f"{p95(req):.1f}", "<= 50" + target_note),
        ("Bare SQL median (ms)", f"{statistics.median(bare):.1f}", ""),
        ("Bare SQL p95 (ms)", f"{p95(bare):.1f}", ""),
        ("Request / bare SQL (medians)", f"{ratio:.2f}x", "<= 3x" + target_note),
        ("Queries per request", _spread(result["queries"]), ""),
        (
            "Results (median)",
            f"{statistics.median(result['counts']):.0f}" if result["counts"] else "unknown",
            "",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    print(f"\nDirectory search benchmark: GET {path}")
    print("-" * (width + value_width + 30))
    for label, value, target in rows:
        verdict = ""
        if target and is_pg:
            limit = float(re.findall(r"[\d.]+", target)[0])
            measured = float(value.rstrip("x"))
            verdict = "  ok" if measured <= limit else "  MISSED"
        print(f"{label:<{width}}  {value:>{value_width}}  {target}{verdict}")
    print("\nBare SQL by statement (in how many requests, median ms, p95 ms, what it reads):")
    statements = result["per_statement"]
    for label in sorted(statements, key=lambda k: -sum(statements[k])):
        times = statements[label]
        print(f"  {len(times):>4} {statistics.median(times):7.2f} {p95(times):7.2f}  {label}")

    # Cost grows with how many places fall inside the circle: show it by distance, and the
    # worst requests in full so they can be replayed.
    print("\nBy distance (miles: requests, request median/p95 ms, bare SQL median ms, results):")
    by_distance: dict[int, list] = defaultdict(list)
    for row in result["timed"]:
        by_distance[int(row[3]["distance"])].append(row)
    for miles in sorted(by_distance):
        rows_ = by_distance[miles]
        found = [r[2] for r in rows_ if r[2] is not None]
        print(
            f"  {miles:>2}: {len(rows_):>4}  {statistics.median(r[0] for r in rows_):7.1f} "
            f"{p95([r[0] for r in rows_]):7.1f}  {statistics.median(r[1] for r in rows_):7.1f}"
            f"  {statistics.median(found) if found else 0:>6.0f}"
        )
    print("\nSlowest requests (request ms, bare SQL ms, results, query string):")
    for took, bare_took, found, params in sorted(result["timed"], key=lambda r: -r[0])[:5]:
        query = urlencode(params, doseq=True)
        print(f"  {took:7.1f} {bare_took:7.1f} {found!s:>6}  {path}?{query}")


def _spread(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{statistics.median(values):.0f}" + (f" ({low}-{high})" if low != high else "")


def explain(sql: str, params: dict) -> None:
    """The plan of the slowest statement, with real timings where the database gives them."""
    from django.db import connection

    print(f"\nSlowest statement (request {urlencode(params, doseq=True)}):\n{sql}\n")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        for row in cursor.fetchall():
            print("  " + " | ".join(str(col) for col in row))


# --- Main ---------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each request this many times, keep the median"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if the count fits")
    parser.add_argument("--build-only", action="store_true", help="build, do not search")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print the plan (EXPLAIN ANALYZE on PostgreSQL) of the slowest SQL",
    )
    args = parser.parse_args()

    configure_database("bench.sqlite3")
    # WhiteNoise warns once that collectstatic has not run; the search page needs no files.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.core.management import call_command

    from familyhub.directory.models import Service

    call_command("migrate", verbosity=0, interactive=False)
    codes = [code for code, _ in LOCAL_AUTHORITIES]
    built = False
    if ensure_postcodes(codes, args.rebuild) is not None:
        built = True
    if args.rebuild or Service.objects.count() != args.services:
        wipe_directory()
        build_directory(args.services, args.seed)
        built = True
    else:
        print(f"Reusing the {args.services:,} services already built (--rebuild to start again)")
    from familyhub.directory.models import SearchEntry
    from familyhub.directory.search_index import search_entries_refresh

    if built or not SearchEntry.objects.exists():
        started = time.perf_counter()
        written = search_entries_refresh()
        print(f"Search index: {written:,} entries in {time.perf_counter() - started:.1f} s")
        built = True
    from django.db import connection

    if built and connection.vendor == "postgresql":
        analyse()
    if args.build_only:
        return

    path = "/find"
    plans = plan_requests(args.warmup + args.requests, args.seed)
    result = time_searches(plans, args.warmup, path, args.repeat)
    report(result, Service.objects.count(), db_description(), path, args.repeat)
    if args.explain:
        explain(result["slowest"][1], result["slowest"][2])


if __name__ == "__main__":
    main()
