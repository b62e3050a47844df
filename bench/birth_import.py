"""Importing birth and pregnancy notifications at volume: rows a second and peak memory.

    uv run python bench/birth_import.py                      # SQLite, ./bench-births.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_births \\
        uv run python bench/birth_import.py

Writes a synthetic file of --rows notifications (a fixed seed; parents' NHS numbers from the
999 test range, Tower Hamlets postcodes): about a third pregnancies, the rest births, half of
those the births of pregnancies earlier in the file, 2% twins, 1% bad rows (a date that is not
a date, another council's postcode). Then imports it from disk through the import service
(startforlife.services.notifications_import, as the upload page and the command do), and
imports it again (the "sent again" path: nothing is created). Prints rows a second for each,
and the peak memory: the process's peak resident size (getrusage) before and after, and, with
--tracemalloc, the peak of Python's own allocations during the import (slower: it traces every
allocation). Each run first deletes the households, people and notifications of the last.
"""

import argparse
import csv
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

LA_CODE = "E09000030"
FAMILY_NAMES = "Begum Ahmed Ali Khan Rahman Miah Uddin Hussain Abdi Osman Farah Smith Jones Brown"
GIVEN_NAMES = "Fatima Ayesha Amina Hodan Faduma Sadia Olivia Amelia Grace Maryam Nusrat Zainab"


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_file(path: Path, rows: int, seed: int, postcodes: list[str], columns) -> None:
    """The synthetic file, written a row at a time."""
    from familyhub.families.identifiers import synthetic_nhs_number

    rng = random.Random(seed)
    today = dt.date.today()
    names, given = FAMILY_NAMES.split(), GIVEN_NAMES.split()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        parent = 0
        written = 0
        while written < rows:
            parent += 1
            base = {
                "notifying_service": "Royal London Hospital maternity",
                "notified_date": (today - dt.timedelta(days=rng.randint(1, 300))).isoformat(),
                "parent_given_name": rng.choice(given),
                "parent_family_name": rng.choice(names),
                "parent_nhs_number": synthetic_nhs_number(parent % 100_000),
                "postcode": rng.choice(postcodes),
                "phone": f"07700 9{parent % 100_000:05d}",
                "preferred_language": rng.choice(["en", "bn", "so"]),
                "preferred_contact": "sms",
            }
            born = today - dt.timedelta(days=rng.randint(1, 300))
            kind = rng.random()
            if kind < 0.01:
                base["postcode"] = "E8 4RP"  # Hackney's: refused
            # 1 in 50 not a date: refused
            born_text = "31/02/2026" if kind < 0.02 else born.isoformat()
            if kind < 0.35:  # a pregnancy, and (half the time) its birth later in the file
                due = born + dt.timedelta(days=rng.randint(-10, 10))
                writer.writerow(base | {"notification_type": "pregnancy", "due_date": due})
                written += 1
                if rng.random() < 0.5 or written >= rows:
                    continue
            twins = 2 if rng.random() < 0.02 else 1
            for order in range(1, twins + 1):
                writer.writerow(
                    base
                    | {
                        "notification_type": "birth",
                        "baby_given_name": rng.choice(given),
                        "baby_sex": rng.choice("FM"),
                        "baby_date_of_birth": born_text,
                        "multiple_birth_order": order,
                    }
                )
                written += 1


def localities_make(council) -> None:
    """Four localities sharing the council's postcode sectors, each with a main hub, so that
    households are placed as in a real borough."""
    from familyhub.directory.models import Location
    from familyhub.places.models import Locality, LocalitySector, Postcode
    from familyhub.places.rules import postcode_sector

    sectors: dict[str, Postcode] = {}
    for postcode in Postcode.objects.filter(local_authority_code=council.code).order_by("postcode"):
        sectors.setdefault(postcode_sector(postcode.postcode), postcode)
    for number in range(4):
        locality = Locality.objects.create(
            local_authority=council, name=f"Bench locality {number}", slug=f"bench-{number}"
        )
        mine = sorted(sectors)[number::4]
        LocalitySector.objects.bulk_create(
            LocalitySector(locality=locality, local_authority=council, sector=sector)
            for sector in mine
        )
        at = sectors[mine[0]]
        Location.objects.create(
            local_authority=council,
            locality=locality,
            kind=Location.Kind.MAIN_HUB,
            name=f"Bench hub {number}",
            slug=f"bench-hub-{number}",
            address_1="1 Bench Street",
            city="London",
            postcode=at.postcode,
            easting=at.easting,
            northing=at.northing,
            latitude=at.latitude,
            longitude=at.longitude,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1001)
    parser.add_argument("--tracemalloc", action="store_true")
    options = parser.parse_args()

    engine = configure_database("bench-births.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from familyhub.accounts.models import Organisation, Role, Sector
    from familyhub.families.models import Family, Person
    from familyhub.places.models import LocalAuthority, LocalitySector, Postcode
    from familyhub.places.services import postcodes_import
    from familyhub.startforlife.importing import COLUMNS, text_lines
    from familyhub.startforlife.models import Notification
    from familyhub.startforlife.services import notifications_import

    call_command("migrate", verbosity=0)
    council, _ = LocalAuthority.objects.get_or_create(
        code=LA_CODE, defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )
    if not Postcode.objects.filter(local_authority_code=LA_CODE).exists():
        print("Importing Tower Hamlets' postcodes (once)…")
        postcodes_import(local_authority_codes=[LA_CODE], letters="E")
    if not LocalitySector.objects.filter(local_authority=council).exists():
        localities_make(council)
    organisation, _ = Organisation.objects.get_or_create(
        local_authority=council,
        slug="bench-health-visiting",
        defaults={"name": "Bench health visiting", "sector": Sector.NHS, "status": "approved"},
    )
    from familyhub.accounts.models import Membership, User

    user, _ = User.objects.get_or_create(email="bench-importer@example.org")
    Membership.objects.get_or_create(
        user=user, organisation=organisation, role=Role.LEAD_PROFESSIONAL
    )

    print("Emptying the last run's notifications, people and households…")
    Notification.objects.filter(local_authority=council).delete()
    Family.objects.filter(local_authority=council).delete()
    Person.objects.filter(local_authority=council).delete()

    postcodes = sorted(
        Postcode.objects.filter(local_authority_code=LA_CODE, terminated=False).values_list(
            "postcode", flat=True
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "notifications.csv"
        write_file(path, options.rows, options.seed, postcodes, COLUMNS)
        size_mb = path.stat().st_size / 1024 / 1024
        print(f"{options.rows:,} rows, {size_mb:.1f} MB, {engine.rsplit('.', 1)[-1]}")
        before = peak_rss_mb()
        if options.tracemalloc:
            tracemalloc.start()
        for label in ("first import", "sent again"):
            started = time.perf_counter()
            with path.open("rb") as upload:
                report = notifications_import(
                    lines=text_lines(upload), local_authority=council, by=user
                )
            seconds = time.perf_counter() - started
            print(
                f"{label}: {report.rows:,} rows in {seconds:.1f} s = "
                f"{report.rows / seconds:,.0f} rows/s; created {report.created:,} "
                f"(births of pregnancies {report.births_of_pregnancies:,}), already imported "
                f"{report.already_imported:,}, refused {report.refused_count:,}"
            )
        if options.tracemalloc:
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"peak Python allocations during the imports: {peak / 1024 / 1024:.1f} MB")
        after = peak_rss_mb()
        print(f"peak resident memory: {before:.0f} MB before the imports, {after:.0f} MB after")
    households = Family.objects.filter(local_authority=council).count()
    print(f"{connection.vendor}: {households:,} households on the record")


if __name__ == "__main__":
    main()
