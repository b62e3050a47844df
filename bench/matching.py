"""Benchmark: recognising the same person (families.matching.find_candidates) among 1,000,000.

Builds (or reuses) --people synthetic people in one council, in households that share a last
name and a postcode (so brothers, sisters and twins are there to be confused with), then asks
--queries questions: half are noisy copies of people in the record (typos, nicknames, day and
month swapped, a digit wrong, no NHS number, a new postcode), half are people who are not in it.
It prints the median and p95 time of find_candidates and the precision and recall of its top
candidate, at the chosen threshold and at others.

About a third of the people with a Bangladeshi last name whose first name has a Bengali
spelling have their whole name written in Bengali script, and likewise for Somali and Arab
names in Arabic script (as families may write them); --script-pool writes a third of those
households in script whatever their first names, from the short lists (more people then share a
whole name and a birthday). A sixth of the questions about such people are asked in the
other script ("script" in the noise table), as a family's own form does beside a school's
record. --matching FILE measures another copy of the matching module (e.g. an older one) on
the same people and questions.

    uv run python bench/matching.py --people 100000                 # SQLite, bench-matching.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familyhub_bench_matching \\
        uv run python bench/matching.py                            # PostgreSQL, 1,000,000

It never touches a developer's database: without DATABASE_URL it uses ./bench-matching.sqlite3,
and a database whose name lacks "bench" is refused (the build empties the people table).
All names, dates and NHS numbers are synthetic; NHS numbers come from the 999 test range.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
import uuid
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from benchdb import configure_database  # noqa: E402 - after the path is set

LA_CODE = "E09000030"
THRESHOLDS = (0.1, 0.2, 0.3, 0.5, 0.7, 0.9)

# Names common in east London, beside the en_GB Faker lists: Bangladeshi, Somali and others.
FEMALE_EXTRA = (
    "Fatima Ayesha Sadia Nusrat Tahmina Sumaiya Maryam Hafsa Ruqayyah Khadija Amina Halima "
    "Hodan Faduma Ayaan Safiya Zainab Layla Aaliyah Inaya Anaya Zara Eshal Hana Nabila Rukhsana "
    "Shirin Jannat Tasnim Sabrina Amelia Olivia Isla Ava Mia Sophia Grace Jessica Elizabeth "
    "Katherine Rebecca Alexandra Samantha Charlotte Victoria Abigail Isabella Jennifer"
)
MALE_EXTRA = (
    "Mohammed Muhammad Abdul Ahmed Ibrahim Yusuf Ismail Rayyan Zayan Ayaan Hamza Imran Rahim "
    "Shahid Jamal Rashid Abdi Abdirahman Mahad Liban Omar Ali Hassan Hussain Idris Zakaria "
    "Oliver George Noah Arthur Leo Harry Jack William Thomas James Michael Christopher Daniel "
    "Samuel Joseph Benjamin Matthew Alexander Edward Charles Frederick Theodore Zachary"
)
SURNAME_EXTRA = {
    "Begum": 3.0, "Ahmed": 2.5, "Ali": 2.5, "Khan": 2.0, "Rahman": 2.0, "Miah": 1.8,
    "Uddin": 1.8, "Hussain": 1.6, "Islam": 1.5, "Hassan": 1.2, "Chowdhury": 1.0, "Akhtar": 0.8,
    "Khatun": 1.2, "Mohamed": 1.0, "Abdi": 0.6, "Osman": 0.6, "Farah": 0.5, "Aziz": 0.5,
    "Smith": 1.0, "Jones": 0.6, "Williams": 0.6, "Brown": 0.6, "Taylor": 0.5, "Nguyen": 0.3,
    "Okafor": 0.3, "Mensah": 0.3, "Kowalski": 0.2, "Silva": 0.3, "Murphy": 0.4, "Patel": 0.8,
}  # fmt: skip
# Names as families write them in Bengali and Arabic script, for the share of records and
# questions in those scripts. A name is written in a script only when both its parts have one.
BENGALI = {
    "Mohammed": "মোহাম্মদ", "Muhammad": "মুহাম্মদ", "Abdul": "আব্দুল", "Ahmed": "আহমেদ",
    "Ibrahim": "ইব্রাহিম", "Yusuf": "ইউসুফ", "Ismail": "ইসমাইল", "Rayyan": "রাইয়ান",
    "Hamza": "হামজা", "Imran": "ইমরান", "Rahim": "রহিম", "Shahid": "শহীদ", "Jamal": "জামাল",
    "Rashid": "রশিদ", "Omar": "ওমর", "Ali": "আলী", "Hassan": "হাসান", "Hussain": "হোসাইন",
    "Idris": "ইদ্রিস", "Zakaria": "জাকারিয়া", "Fatima": "ফাতিমা", "Ayesha": "আয়েশা",
    "Sadia": "সাদিয়া", "Nusrat": "নুসরাত", "Tahmina": "তাহমিনা", "Sumaiya": "সুমাইয়া",
    "Maryam": "মারিয়াম", "Hafsa": "হাফসা", "Khadija": "খাদিজা", "Amina": "আমিনা",
    "Halima": "হালিমা", "Zainab": "জয়নব", "Jannat": "জান্নাত", "Tasnim": "তাসনিম",
    "Nabila": "নাবিলা", "Rukhsana": "রুখসানা", "Shirin": "শিরিন", "Sabrina": "সাবরিনা",
    "Begum": "বেগম", "Khan": "খান", "Rahman": "রহমান", "Miah": "মিয়া", "Uddin": "উদ্দিন",
    "Islam": "ইসলাম", "Chowdhury": "চৌধুরী", "Akhtar": "আখতার", "Khatun": "খাতুন",
}  # fmt: skip
ARABIC = {
    "Mohamed": "محمد", "Abdi": "عبدي", "Omar": "عمر", "Ali": "علي", "Hassan": "حسن",
    "Ibrahim": "إبراهيم", "Fatima": "فاطمة", "Amina": "أمينة", "Maryam": "مريم",
    "Khadija": "خديجة", "Hodan": "هودان", "Osman": "عثمان", "Farah": "فرح", "Aziz": "عزيز",
    "Ahmed": "أحمد", "Hamza": "حمزة", "Idris": "إدريس", "Zainab": "زينب", "Halima": "حليمة",
}  # fmt: skip
LATIN = {written: latin for table in (BENGALI, ARABIC) for latin, written in table.items()}
# Of the people whose last name has a spelling in Bengali (or Arabic) script, the share whose
# record has their whole name written in it (where their first name has one too).
BENGALI_SHARE, ARABIC_SHARE = 0.35, 0.35
SCRIPT_SHARE = 1 / 6

DISTRICTS = ("E1", "E1W", "E2", "E3", "E14")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's unit may use


# --- Synthetic people ---------------------------------------------------------------------------


class Population:
    """Seeded generator of households: parents and children sharing a last name and postcode."""

    def __init__(self, rng: random.Random, script_pool: bool = False):
        from faker.providers.person.en_GB import Provider

        from familyhub.families.identifiers import iter_synthetic_nhs_numbers

        self.rng = rng
        # --script-pool: households written in a script take first names from its short list
        # only (many more people share a whole name and birthday); otherwise first names keep
        # the population's spread and only those with a spelling in the script are written in it.
        self.script_pool = script_pool
        # The local names three times over: they are commoner here than any one en_GB name.
        self.female = list(Provider.first_names_female) + FEMALE_EXTRA.split() * 3
        self.male = list(Provider.first_names_male) + MALE_EXTRA.split() * 3
        surnames = dict(Provider.last_names)
        scale = sum(surnames.values()) / len(surnames)
        for name, weight in SURNAME_EXTRA.items():
            surnames[name] = weight * scale * 8
        self.surnames = list(surnames)
        self.cum_weights = []
        total = 0.0
        for name in self.surnames:
            total += surnames[name]
            self.cum_weights.append(total)
        self.postcodes = sorted(
            {
                f"{rng.choice(DISTRICTS)} {rng.randrange(10)}"
                f"{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
                for _ in range(12_000)
            }
        )
        self.nhs_numbers = iter_synthetic_nhs_numbers(rng)

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.cum_weights)[0]

    def person(self, family_name: str, born: dt.date, postcode: str, sex: str | None = None):
        rng = self.rng
        sex = sex or rng.choice(("female", "male"))
        given = rng.choice(self.female if sex == "female" else self.male)
        # Most children's records carry an NHS number; some agencies never record one.
        nhs = next(self.nhs_numbers, "") if rng.random() < 0.7 else ""
        for table, share in ((BENGALI, BENGALI_SHARE), (ARABIC, ARABIC_SHARE)):
            if family_name in table and rng.random() < share:
                if self.script_pool:
                    names = self.female if sex == "female" else self.male
                    given = rng.choice([name for name in names if name in table])
                if given in table:
                    given, family_name = table[given], table[family_name]
                break
        return {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "given_name": given,
            "family_name": family_name,
            "date_of_birth": born,
            "sex": sex,
            "postcode": postcode,
            "nhs_number": nhs,
        }

    def date_in(self, first_year: int, last_year: int) -> dt.date:
        start = dt.date(first_year, 1, 1).toordinal()
        end = dt.date(last_year, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, end))

    def household(self) -> list[dict]:
        rng = self.rng
        surname, postcode = self.surname(), rng.choice(self.postcodes)
        parent_born = self.date_in(1968, 2004)
        people = [self.person(surname, parent_born, postcode, "female")]
        if rng.random() < 0.6:
            partner_born = self.date_in(parent_born.year - 5, min(parent_born.year + 3, 2004))
            people.append(self.person(surname, partner_born, postcode, "male"))
        first_child = max(parent_born.year + 18, 2007)
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            if first_child > 2025:
                break
            born = self.date_in(first_child, 2025)
            people.append(self.person(surname, born, postcode))
            if rng.random() < 0.015:  # twins
                people.append(self.person(surname, born, postcode))
        return people


def build(n: int, seed: int, vendor: str, script_pool: bool = False) -> Population:
    """Empty the people table and write n people: COPY on PostgreSQL, batches on SQLite."""
    from django.db import connection, transaction
    from django.utils import timezone

    from familyhub.families.models import Person
    from familyhub.places.models import LocalAuthority

    LocalAuthority.objects.get_or_create(
        code=LA_CODE, defaults={"name": "Tower Hamlets", "slug": "tower-hamlets"}
    )
    population = Population(random.Random(seed), script_pool)
    started = time.perf_counter()
    table = Person._meta.db_table
    columns = [
        "id", "local_authority_id", "given_name", "family_name", "date_of_birth", "sex",
        "nhs_number", "upn", "postcode", "interpreter_needed", "send", "ehc_plan", "created",
        "modified",
    ]  # fmt: skip
    now = timezone.now()

    def rows():
        written = 0
        while written < n:
            for p in population.household():
                if written == n:
                    break
                written += 1
                yield (
                    p["id"], LA_CODE, p["given_name"], p["family_name"], p["date_of_birth"],
                    p["sex"], p["nhs_number"], "", p["postcode"], False, False, False, now, now,
                )  # fmt: skip
                if written % 200_000 == 0:
                    print(f"  {written:,} people ({time.perf_counter() - started:.0f} s)")

    with transaction.atomic(), connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table} CASCADE")
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            # Children of people (memberships, events) first: the bench database has no others.
            for model in Person._meta.related_objects:
                model.related_model._base_manager.all().delete()
            cursor.execute(f"DELETE FROM {table}")
            sql = (
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})"
            )
            batch = []
            stamp = connection.ops.adapt_datetimefield_value(now)
            for row in rows():
                batch.append((row[0].hex, *row[1:-2], stamp, stamp))
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}" if vendor == "postgresql" else "ANALYZE")
    print(f"Built {n:,} people in {time.perf_counter() - started:.1f} s")
    return population


# --- Questions ----------------------------------------------------------------------------------


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip: a letter changed, dropped, doubled or swapped with its neighbour."""
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name) - 1)  # first letters are rarely the slip
    kind = rng.choice(("change", "drop", "double", "swap"))
    if kind == "change":
        return name[:i] + rng.choice("aeiourstnl") + name[i + 1 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    return name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :]


def variant(name: str, rng: random.Random) -> str | None:
    from familyhub.families.matching import NAME_VARIANTS

    lower = name.lower()
    for names in NAME_VARIANTS:
        if lower in names:
            others = sorted(names - {lower})
            return rng.choice(others).capitalize()
    return None


def other_script(given: str, family: str) -> tuple[str, str] | None:
    """The same name in the other script: Latin for a name in Bengali or Arabic script, and
    Bengali (or Arabic, for names Bengali lacks) for a Latin one; None where there is none."""
    if given in LATIN and family in LATIN:
        return LATIN[given], LATIN[family]
    for table in (BENGALI, ARABIC):
        if given in table and family in table:
            return table[given], table[family]
    return None


def noisy_copy(person: dict, population: Population, rng: random.Random) -> tuple[dict, list]:
    """How a referral describes somebody already known: some details wrong or missing."""
    query = {
        "given_name": person["given_name"],
        "family_name": person["family_name"],
        "date_of_birth": person["date_of_birth"],
        "sex": person["sex"],
        "postcode": person["postcode"],
        # Often the referrer does not know it.
        "nhs_number": person["nhs_number"] if rng.random() < 0.35 else "",
    }
    noise = []
    # A sixth of those whose name has a spelling in the other script are asked in it, before
    # any other slip: the family's own form in Bengali beside a school's record in Latin letters.
    written = other_script(query["given_name"], query["family_name"])
    if written and rng.random() < SCRIPT_SHARE:
        query["given_name"], query["family_name"] = written
        noise.append("script")
    kinds = ["typo_given", "typo_family", "variant", "swap", "digit", "moved", "no_postcode",
             "no_sex", "none"]  # fmt: skip
    for kind in rng.sample(kinds, rng.choice((1, 1, 2, 2, 3))):
        born = query["date_of_birth"]
        if kind == "typo_given":
            query["given_name"] = typo(query["given_name"], rng)
        elif kind == "typo_family":
            query["family_name"] = typo(query["family_name"], rng)
        elif kind == "variant":
            if not (other := variant(query["given_name"], rng)):
                continue
            query["given_name"] = other
        elif kind == "swap":
            if born.day > 12 or born.day == born.month:
                continue
            query["date_of_birth"] = born.replace(day=born.month, month=born.day)
        elif kind == "digit":
            try:
                if rng.random() < 0.5:
                    query["date_of_birth"] = born.replace(year=born.year + rng.choice((-1, 1)))
                else:
                    query["date_of_birth"] = born.replace(day=born.day + rng.choice((-1, 1)))
            except ValueError:
                continue
        elif kind == "moved":
            query["postcode"] = rng.choice(population.postcodes)
        elif kind == "no_postcode":
            query["postcode"] = ""
        elif kind == "no_sex":
            query["sex"] = "unknown"
        noise.append(kind)
    return query, noise


def questions(n: int, population: Population, seed: int) -> list[dict]:
    """Half noisy copies of people in the record, half people who are not in it."""
    from familyhub.families.models import Person

    rng = random.Random(seed + 1)
    total = Person.objects.filter(local_authority_id=LA_CODE).count()
    picked = set()
    while len(picked) < min(n // 2, total):
        picked.add(rng.randrange(total))
    # All ids once (an index-only read, ~1 s for a million): OFFSET per pick would scan.
    ids = list(
        Person.objects.filter(local_authority_id=LA_CODE)
        .order_by("id")
        .values_list("id", flat=True)
    )
    fields = ("id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "nhs_number")
    rows = Person.objects.filter(pk__in=[ids[offset] for offset in picked]).values(*fields)
    known = sorted(rows, key=lambda row: str(row["id"]))
    del ids
    asked = []
    for person in known:
        query, noise = noisy_copy(person, population, rng)
        stored_in_script = not (person["given_name"] + person["family_name"]).isascii()
        asked.append(
            {"query": query, "truth": person["id"], "noise": noise, "script": stored_in_script}
        )
    # New people: a fresh household generator, so they share names and streets with the record.
    newcomers = Population(random.Random(seed + 2), population.script_pool)
    newcomers.nhs_numbers = iter(())  # their NHS numbers, if any, are not in the record
    while len(asked) < n:
        for person in newcomers.household():
            if len(asked) == n:
                break
            query = {k: person[k] for k in ("given_name", "family_name", "date_of_birth", "sex")}
            query |= {"postcode": person["postcode"], "nhs_number": ""}
            asked.append({"query": query, "truth": None, "noise": ["new"]})
    rng.shuffle(asked)
    return asked


# --- Timing and scoring -------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(asked: list[dict], warmup: int) -> dict:
    from familyhub.families.matching import find_candidates

    for item in asked[:warmup]:
        find_candidates(local_authority_code=LA_CODE, **item["query"])
    times = []
    for item in asked:
        started = time.perf_counter()
        found = find_candidates(local_authority_code=LA_CODE, threshold=0.0, **item["query"])
        times.append((time.perf_counter() - started) * 1000)
        item["found"] = [(c.person.pk, c.score) for c in found]
    return {"times": times}


def metrics(asked: list[dict], threshold: float) -> dict:
    true_pos = offered = 0
    known = sum(1 for item in asked if item["truth"] is not None)
    for item in asked:
        top = next(((pk, score) for pk, score in item["found"] if score >= threshold), None)
        if top is None:
            continue
        offered += 1
        if top[0] == item["truth"]:
            true_pos += 1
    false_new = sum(
        1
        for item in asked
        if item["truth"] is None and any(score >= threshold for _, score in item["found"])
    )
    return {
        "precision": true_pos / offered if offered else 1.0,
        "recall": true_pos / known if known else 1.0,
        "offered": offered,
        "false_new": false_new,
    }


def report(asked: list[dict], times: list[float], people: int, vendor: str, build_s) -> None:
    from familyhub.families.matching import MATCH_THRESHOLD

    known = [item for item in asked if item["truth"] is not None]
    print(f"\nfind_candidates over {people:,} people ({vendor}), {len(asked):,} questions")
    print(f"  {len(known):,} noisy copies of people in the record, {len(asked) - len(known):,} new")
    if build_s is not None:
        print(f"  build: {build_s:.1f} s")
    print("\n  time per question (ms)      median     p95     max   target")
    print(
        f"  find_candidates           {statistics.median(times):8.1f} {p95(times):7.1f} "
        f"{max(times):7.1f}   p95 <= 200"
    )
    with_nhs = [t for t, item in zip(times, asked, strict=True) if item["query"]["nhs_number"]]
    without = [t for t, item in zip(times, asked, strict=True) if not item["query"]["nhs_number"]]
    if with_nhs:
        print(
            f"    with an NHS number      {statistics.median(with_nhs):8.1f} {p95(with_nhs):7.1f}"
        )
    if without:
        print(f"    without                 {statistics.median(without):8.1f} {p95(without):7.1f}")

    print("\n  top candidate    threshold  precision  recall  offered  new people offered")
    for threshold in sorted({*THRESHOLDS, MATCH_THRESHOLD}):
        m = metrics(asked, threshold)
        mark = "  <- MATCH_THRESHOLD" if threshold == MATCH_THRESHOLD else ""
        print(
            f"                       {threshold:5.2f}   {m['precision']:7.1%}  {m['recall']:6.1%}"
            f"  {m['offered']:7,}  {m['false_new']:7,}{mark}"
        )

    print(f"\n  recall at {MATCH_THRESHOLD} by what was wrong (a copy may have several)")
    kinds: dict[str, list[bool]] = {}
    for item in known:
        top = next(((pk, s) for pk, s in item["found"] if s >= MATCH_THRESHOLD), None)
        hit = top is not None and top[0] == item["truth"]
        tags = ["with NHS number"] if item["query"]["nhs_number"] else []
        tags += ["stored in script"] if item["script"] else []
        for kind in [*(item["noise"] or ["none"]), *tags]:
            kinds.setdefault(kind, []).append(hit)
    for kind, hits in sorted(kinds.items()):
        print(f"    {kind:18} {sum(hits) / len(hits):6.1%}  of {len(hits):4}")


def use_matching_module(path: Path) -> None:
    """Import `path` as familyhub.families.matching, so every use below measures it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("familyhub.families.matching", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["familyhub.families.matching"] = module
    spec.loader.exec_module(module)
    print(f"Matching module: {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--rebuild", action="store_true", help="rebuild even if the count fits")
    parser.add_argument(
        "--matching", type=Path, help="measure this copy of families/matching.py instead"
    )
    parser.add_argument(
        "--script-pool",
        action="store_true",
        help="names in Bengali/Arabic script from their short lists only (with --rebuild)",
    )
    args = parser.parse_args()

    configure_database("bench-matching.sqlite3")
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    if args.matching:
        use_matching_module(args.matching)
    from django.core.management import call_command
    from django.db import connection

    from familyhub.families.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    vendor = connection.vendor
    build_s = None
    if args.rebuild or Person.objects.count() != args.people:
        started = time.perf_counter()
        population = build(args.people, args.seed, vendor, args.script_pool)
        build_s = time.perf_counter() - started
    else:
        print(f"Reusing the {args.people:,} people already built (--rebuild to start again)")
        population = Population(random.Random(args.seed), args.script_pool)
    asked = questions(args.queries, population, args.seed)
    result = run(asked, args.warmup)
    report(asked, result["times"], args.people, vendor, build_s)


if __name__ == "__main__":
    main()
