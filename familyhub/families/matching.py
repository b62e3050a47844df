"""Is this somebody we already know? Candidates for a human to confirm, never an automatic merge.

The same child turns up in a family's own request, a school's referral and a health visitor's
record, spelt three ways. `find_candidates` offers the people in the shared record who may be
the person just described, best first, each with a score and the reasons for it in plain English.

1. NHS number. A valid NHS number that is already in the record is a certain match (score 1.0):
   the mod-11 check digit catches nearly every single-digit slip and swap, so two valid numbers
   that agree were meant to be the same.

2. Otherwise, a probabilistic (Fellegi–Sunter) match on name, date of birth, sex and postcode.

   Blocking: only people who share something cheap to look up are compared, through the
   (local_authority, date_of_birth) index:
     a. the same date of birth, or the date with day and month swapped (03/04 for 04/03);
     b. the same day in another month of the same year, or the same day and month in a year one
        digit or one swap away (1987/1978, 2015/2016), with a last name of the same first letter;
     c. any day in the same month and year, with a last name of the same first letter.
   Last names stored in another script have no Latin first letter: (b) and (c) keep them.
   (b) and (c) catch one wrong day, month or year digit together with a typo anywhere in the
   name but its first letter; a block on the whole year was 12 times the rows and too slow.
   A stored, indexed phonetic key of the last name (metaphone) would make (c) both narrower and
   kinder to first-letter typos; until the model has one, the first letter stands in for it.

   Scoring: each field's agreement level adds log2(m/u), where m is how often the level is seen
   when the records are the same person and u how often it is seen by chance between two
   different people (the tables below; u from the shape of a borough-sized population, m from
   how referral data goes wrong). The total weight plus the prior log-odds that a given pair is
   a match becomes a probability: score = 1 / (1 + 2^-(weight + prior)).

   Names in any script. Families write their names in Bengali or Arabic script (Somali in
   Latin letters, sometimes in Arabic script) as well as in Latin letters, and a council's
   systems hold both. Names are compared on a Latin
   transliteration (anyascii) made only for the comparison: the record keeps what was typed.
   Bengali and Arabic transliterate without most of their vowels ("রহমান" is "rhman"), so where
   either name was written outside Latin letters, two names whose consonants agree (vowels
   dropped, "z" as Bengali's "j") count as "similar", never "exact".

   Name evidence is required. An empty name, or a placeholder such as "Unknown" or "Baby", is
   missing, not agreement. A candidate is offered only when both first and last names were
   compared and together weigh at least MIN_NAME_WEIGHT: date of birth, sex and postcode alone
   (a stranger born the same day in the same street) can never be offered, however high the
   rest of the score, and neither can a brother or sister whose last name alone agrees.

Merged-away records (merged_into set) are never offered: their history lives on the person they
were merged into.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from familyhub.families.identifiers import nhs_number_is_valid, normalise_nhs_number
from familyhub.families.models import Person, Sex
from familyhub.places.rules import PostcodeError, normalise_postcode

# Offered to a human at or above this score. Chosen from bench/matching.py: with the weights
# below it keeps the top candidate's precision around 99% while finding most noisy copies.
MATCH_THRESHOLD = 0.5

# Offered at all only with at least this much name evidence (bits, first and last name
# together): a name that agrees no better than chance leaves only date of birth, sex and
# postcode, which many strangers share. Twins and siblings (only the last name agrees) weigh
# about -0.1 and a stranger with the same first name only about 0.8, so neither is offered; one
# name exact and the other a typo weigh about 10. Precision and recall: bench/matching.py.
MIN_NAME_WEIGHT = 3.0

# What is typed where a name is not known (compared without spaces: "Not known", "Baby boy",
# "N/A"). A missing name, never agreement.
PLACEHOLDER_NAMES = frozenset(
    {
        *("unknown", "notknown", "nk", "unnamed", "none", "nil", "na", "tbc", "tba"),
        *("baby", "babyboy", "babygirl", "boy", "girl", "child", "infant", "unborn"),
        *("x", "xx", "xxx"),
    }
)

# The prior log2-odds that one compared pair is the same person: about 1 in 250,000, a large
# borough's record (Tower Hamlets has ~310,000 residents). Weights below have to overcome it.
PRIOR_LOG2_ODDS = -18.0

# (m, u) per agreement level. m: P(level | same person); u: P(level | different people).
GIVEN_NAME = {
    "exact": (0.86, 0.01),  # the borough's commonest first names cover ~1% of people each
    "variant": (0.06, 0.002),  # Jess/Jessica, Mohammed/Muhammad: a list, not a guess
    "similar": (0.05, 0.004),  # Jaro-Winkler >= 0.92 or sounds the same: a typo
    "partial": (0.025, 0.04),  # Jaro-Winkler >= 0.80: a worse typo, or a different name
    "different": (0.005, 0.944),  # a different first name is rarely the same person
}
FAMILY_NAME = {
    "exact": (0.86, 0.005),
    "similar": (0.09, 0.003),
    "partial": (0.03, 0.03),
    "different": (0.02, 0.962),  # marriage and double-barrelling change last names
}
# First and last names entered in each other's boxes: common when a form's order differs from
# the family's naming custom.
NAMES_SWAPPED = (0.02, 0.00005)
DATE_OF_BIRTH = {
    "exact": (0.92, 1 / (365 * 70)),
    "swapped": (0.025, 1 / (365 * 70)),  # 04/03 for 03/04: US order, or a slip
    "near": (0.03, 1 / 500),  # one digit or one transposition away
    "same_year": (0.01, 1 / 70),
    "different": (0.015, 0.97),
}
SEX = {"same": (0.98, 0.5), "different": (0.02, 0.5)}
# Postcodes disagree a lot for the same person (families move), and agree a lot for different
# people in one household, so full agreement counts for less when the last names also agree:
# by then "same household" explains it as well as "same person" does.
POSTCODE = {
    "full": (0.55, 0.0002),
    "sector": (0.1, 0.03),
    "district": (0.1, 0.25),
    "different": (0.25, 0.72),
}
POSTCODE_FULL_SAME_SURNAME_U = 0.05
# Likewise twins and siblings: with the last name the same and the first name different, "born
# the same day" is far likelier by chance (~3% of sibling pairs, twins included) than across the
# borough, so the date of birth proves little.
DATE_OF_BIRTH_EXACT_SIBLING_U = 0.03
# Two valid NHS numbers that differ: the check digit makes a slip that still validates rare.
NHS_DIFFERENT = (0.005, 1.0)

JW_SIMILAR = 0.92
JW_PARTIAL = 0.80

# Names that are the same name to the people who carry them: spelling variants and short forms
# common in English councils. Each set is one name; a name may sit in more than one set.
NAME_VARIANTS: tuple[frozenset[str], ...] = tuple(
    frozenset(names.split())
    for names in (
        "mohammed muhammad mohammad mohamed muhammed mohamad mohd md",
        "ahmed ahmad ahmet",
        "abdul abdal",
        "hussain hussein husain hossain",
        "rahman rehman",
        "fatima fatema fatimah",
        "ayesha aisha aysha ayisha",
        "yusuf yousef yusef joseph",
        "ibrahim ebrahim",
        "jessica jess jessie",
        "elizabeth liz lizzie beth betty eliza libby",
        "katherine catherine kate katie cathy kath kathryn",
        "rebecca becky becca",
        "alexandra alex alexa lexi",
        "alexander alex alec sandy",
        "william will bill billy liam",
        "robert rob bob bobby robbie",
        "thomas tom tommy",
        "james jim jimmy jamie",
        "michael mike mikey mick",
        "christopher chris kit",
        "daniel dan danny",
        "samuel sam sammy",
        "samantha sam sammie",
        "joseph joe joey",
        "jonathan jon jonny",
        "john jon johnny jack",
        "benjamin ben benny",
        "matthew matt matty",
        "nicholas nick nicky",
        "anthony tony",
        "edward ed eddie ted teddy",
        "charlotte charlie lottie",
        "charles charlie chas",
        "margaret maggie meg peggy",
        "victoria vicky tori",
        "abigail abi abby",
        "olivia liv livvy",
        "isabella isabel bella izzy",
        "amelia amy millie",
        "jennifer jen jenny",
        "stephen steven steve",
        "sophia sophie",
        "zachary zac zak",
        "oliver ollie olly",
        "harrison harry",
        "henry harry hal",
        "frederick fred freddie",
        "archibald archie",
        "theodore theo teddy",
    )
)


@dataclass
class Candidate:
    """A person who may be the one described, how likely (0–1), and why."""

    person: Person
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Described:
    """What was said about the person, cleaned once before it is compared many times."""

    given: str
    family: str
    given_key: str
    family_key: str
    given_non_latin: bool
    family_non_latin: bool
    date_of_birth: dt.date | None
    sex: str
    postcode: str
    nhs_number: str


def _weight(m: float, u: float) -> float:
    return math.log2(m / u)


@lru_cache(maxsize=50_000)
def _clean_name(name: str | None) -> str:
    """Latin letters for comparing (any script transliterated), lower case, accents off,
    hyphens and apostrophes as spaces, one space between parts; "" for a placeholder."""
    # anyascii takes accents off Latin letters itself; NFC keeps a Bengali vowel sign whole.
    # Apostrophes inside words are how anyascii marks some vowel signs ("ay'esa"): dropped,
    # not split on, so the transliteration stays one word.
    text = unicodedata.normalize("NFC", name or "")
    text = anyascii(text).casefold().replace("'", "").replace("`", "")
    clean = " ".join(re.sub(r"[^a-z ]+", " ", text).split())
    return (
        "" if clean.replace(" ", "") in PLACEHOLDER_NAMES or clean in PLACEHOLDER_NAMES else clean
    )


@lru_cache(maxsize=50_000)
def _non_latin(name: str | None) -> bool:
    """Whether the name was written (at least partly) in letters outside the Latin script."""
    return any(char.isalpha() and not _is_latin(char) for char in name or "")


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


@lru_cache(maxsize=50_000)
def _skeleton(name: str) -> str:
    """The consonants of a clean name, as scripts that leave vowels unwritten give them."""
    # Bengali writes z as j (জ: Zainab, Hamza); ph, bh and ch are one letter in either script.
    text = name.replace(" ", "")
    for digraph, single in (("ph", "f"), ("bh", "b"), ("ch", "c"), ("z", "j")):
        text = text.replace(digraph, single)
    # A y after the first letter is a vowel as often as not (Arabic "عبدي" is "bdy", Abdi);
    # doubled letters are one (Mohammed, Muhammad); a final h is Arabic's ta marbuta as often
    # as a letter (Fatimah, Sarah).
    text = text[:1] + re.sub(r"[aeiouwy]+", "", text[1:])
    return re.sub(r"(.)\1+", r"\1", re.sub(r"^[aeiouy]", "", text)).removesuffix("h")


@lru_cache(maxsize=20_000)
def _phonetic(name: str) -> str:
    """Metaphone of the first part of a clean name: "sounds the same" (Smith/Smyth)."""
    first = name.split(" ", 1)[0]
    return jellyfish.metaphone(first) if first else ""


def _clean_postcode(raw: str | None) -> str:
    try:
        return normalise_postcode(raw or "")
    except PostcodeError:
        return ""


def _are_variants(a: str, b: str) -> bool:
    parts_a, parts_b = set(a.split()), set(b.split())
    return any(parts_a & names and parts_b & names for names in NAME_VARIANTS)


def _name_level(
    a: str, b: str, a_key: str, b_key: str, variants: bool, non_latin: bool
) -> tuple[str, float]:
    """How two clean names agree, and their Jaro-Winkler similarity. `non_latin`: one of them
    was written in another script, so unwritten vowels are no evidence against."""
    if a == b:
        return "exact", 1.0
    similarity = JaroWinkler.similarity(a, b)
    if variants and _are_variants(a, b):
        return "variant", similarity
    if non_latin and (skeleton := _skeleton(a)) and skeleton == _skeleton(b):
        return "similar", similarity
    # One name inside the other ("Mary" and "Mary Jane", "Begum" and "Khatun Begum").
    if " " in a + b and (set(a.split()) & set(b.split())):
        return "similar", similarity
    if similarity >= JW_SIMILAR or (a_key and a_key == b_key and similarity >= JW_PARTIAL):
        return "similar", similarity
    if similarity >= JW_PARTIAL:
        return "partial", similarity
    return "different", similarity


def _swap_day_month(date: dt.date) -> dt.date | None:
    if date.day == date.month or date.day > 12:
        return None
    return date.replace(month=date.day, day=date.month)


def _near_years(year: int) -> set[int]:
    """Years one digit or one transposition of the last two digits away: typed-in slips."""
    text = str(year)
    years = set()
    for position in (2, 3):
        for digit in "0123456789":
            years.add(int(text[:position] + digit + text[position + 1 :]))
    years.add(int(text[:2] + text[3] + text[2]))
    years.discard(year)
    return {y for y in years if 1900 <= y <= 2100}


def _digits_apart(a: dt.date, b: dt.date) -> bool:
    """The two dates, written DDMMYYYY, differ in one digit or by swapping two neighbours."""
    x, y = a.strftime("%d%m%Y"), b.strftime("%d%m%Y")
    diffs = [i for i in range(8) if x[i] != y[i]]
    if len(diffs) == 1:
        return True
    return (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and x[diffs[0]] == y[diffs[1]]
        and x[diffs[1]] == y[diffs[0]]
    )


def _date_level(query: dt.date, other: dt.date) -> str:
    if query == other:
        return "exact"
    if _swap_day_month(query) == other:
        return "swapped"
    if _digits_apart(query, other):
        return "near"
    if query.year == other.year:
        return "same_year"
    return "different"


def _postcode_level(a: str, b: str) -> str:
    if a == b:
        return "full"
    if a[:-2] == b[:-2]:
        return "sector"
    if a.split(" ")[0] == b.split(" ")[0]:
        return "district"
    return "different"


_DATE_REASONS = {
    "exact": "Same date of birth",
    "swapped": "Date of birth with day and month swapped",
    "near": "Date of birth one digit different",
    "same_year": "Same year of birth, different day",
    "different": "Different date of birth",
}
_POSTCODE_REASONS = {
    "full": "Same postcode",
    "sector": "Same postcode sector",
    "district": "Same postcode district",
    "different": "Different postcode",
}


def _name_reason(label: str, level: str, similarity: float) -> str:
    if level == "exact":
        return f"Same {label}"
    if level == "variant":
        return f"{label.capitalize()} a known variant (Jaro-Winkler {similarity:.2f})"
    if level in ("similar", "partial"):
        return f"{label.capitalize()} similar (Jaro-Winkler {similarity:.2f})"
    return f"Different {label} (Jaro-Winkler {similarity:.2f})"


def _score(query: _Described, row: tuple) -> tuple[float, list[str], float | None]:
    """Fellegi–Sunter weight of one compared pair, as a probability, with its reasons and the
    weight of the names alone (None where a name is missing on either side)."""
    _, raw_given, raw_family, date_of_birth, sex, postcode, nhs_number = row
    given, family = _clean_name(raw_given), _clean_name(raw_family)
    weight = PRIOR_LOG2_ODDS
    reasons: list[str] = []

    family_agrees = sibling_like = False
    name_weight: float | None = None
    if query.given and query.family and given and family:
        given_level, given_sim = _name_level(
            query.given,
            given,
            query.given_key,
            _phonetic(given),
            variants=True,
            non_latin=query.given_non_latin or _non_latin(raw_given),
        )
        family_level, family_sim = _name_level(
            query.family,
            family,
            query.family_key,
            _phonetic(family),
            variants=False,
            non_latin=query.family_non_latin or _non_latin(raw_family),
        )
        if (
            given_level == family_level == "different"
            and query.given == family
            and query.family == given
        ):
            name_weight = _weight(*NAMES_SWAPPED)
            weight += name_weight
            reasons.append("First and last names swapped")
        else:
            name_weight = _weight(*GIVEN_NAME[given_level]) + _weight(*FAMILY_NAME[family_level])
            weight += name_weight
            reasons.append(_name_reason("first name", given_level, given_sim))
            reasons.append(_name_reason("last name", family_level, family_sim))
            family_agrees = family_level in ("exact", "similar")
            sibling_like = given_level == "different" and family_agrees
            if sibling_like:
                reasons.append("Could be a brother or sister: only the last name agrees")

    if query.date_of_birth and date_of_birth:
        level = _date_level(query.date_of_birth, date_of_birth)
        m, u = DATE_OF_BIRTH[level]
        if level == "exact" and sibling_like:
            u = DATE_OF_BIRTH_EXACT_SIBLING_U
        weight += _weight(m, u)
        reasons.append(_DATE_REASONS[level])

    if query.sex != Sex.UNKNOWN and sex and sex != Sex.UNKNOWN:
        level = "same" if query.sex == sex else "different"
        weight += _weight(*SEX[level])
        reasons.append("Same sex" if level == "same" else "Different sex")

    other_postcode = _clean_postcode(postcode)
    if query.postcode and other_postcode:
        level = _postcode_level(query.postcode, other_postcode)
        m, u = POSTCODE[level]
        if level == "full" and family_agrees:
            u = POSTCODE_FULL_SAME_SURNAME_U
        weight += _weight(m, u)
        reasons.append(_POSTCODE_REASONS[level])

    if (
        query.nhs_number
        and nhs_number
        and nhs_number != query.nhs_number
        and nhs_number_is_valid(nhs_number)
    ):
        weight += _weight(*NHS_DIFFERENT)
        reasons.append("Different NHS number")

    # Logistic in base 2, guarded against overflow far from the threshold.
    score = 1.0 / (1.0 + 2.0 ** -max(min(weight, 60.0), -60.0))
    if name_weight is None:
        reasons.append("A name is missing: not enough to offer")
    return score, reasons, name_weight


def _offerable(name_weight: float | None) -> bool:
    """Only names that agree better than chance let a candidate be offered (module docstring)."""
    return name_weight is not None and name_weight >= MIN_NAME_WEIGHT


_FIELDS = ("id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "nhs_number")


def _blocked_rows(query: _Described, local_authority_code: str) -> dict:
    """Rows of everyone sharing a block with the query, by id (see the module docstring)."""
    people = Person.objects.filter(local_authority_id=local_authority_code, merged_into=None)
    dob = query.date_of_birth
    rows: dict = {}
    same_dates = [dob]
    if swapped := _swap_day_month(dob):
        same_dates.append(swapped)
    # Each query below is a range or IN-list on the (local_authority, date_of_birth) index; the
    # first-letter filter is applied to the rows that index finds.
    queries = [people.filter(date_of_birth__in=same_dates)]
    if query.family:
        # Names stored in another script (or starting with an accent) have no Latin initial
        # in the table: they are kept in the block and compared on their transliteration.
        initial = Q(family_name__istartswith=query.family[0]) | Q(family_name__regex=r"^[^A-Za-z]")
        near_dates = []
        for year in _near_years(dob.year):
            try:
                near_dates.append(dob.replace(year=year))
            except ValueError:  # 29 February in a year that has none
                continue
        for month in range(1, 13):
            try:
                near_dates.append(dob.replace(month=month))
            except ValueError:  # 31 April
                continue
        queries.append(people.filter(initial, date_of_birth__in=near_dates))
        month_start = dob.replace(day=1)
        month_end = (month_start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        queries.append(
            people.filter(initial, date_of_birth__gte=month_start, date_of_birth__lte=month_end)
        )
    for queryset in queries:
        for row in queryset.order_by().values_list(*_FIELDS):
            rows[row[0]] = row
    return rows


def _describe(
    given_name: str,
    family_name: str,
    date_of_birth: dt.date | None,
    sex: str | None,
    postcode: str | None,
    nhs_number: str | None,
) -> _Described:
    given, family = _clean_name(given_name), _clean_name(family_name)
    try:
        nhs = normalise_nhs_number(nhs_number) if nhs_number else ""
    except ValueError:
        nhs = ""  # an invalid number is no evidence either way
    return _Described(
        given=given,
        family=family,
        given_key=_phonetic(given),
        family_key=_phonetic(family),
        given_non_latin=_non_latin(given_name),
        family_non_latin=_non_latin(family_name),
        date_of_birth=date_of_birth,
        sex=sex or Sex.UNKNOWN,
        postcode=_clean_postcode(postcode),
        nhs_number=nhs,
    )


def find_candidates(
    *,
    local_authority_code: str,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    sex: str | None = None,
    postcode: str | None = None,
    nhs_number: str | None = None,
    limit: int = 5,
    threshold: float = MATCH_THRESHOLD,
) -> list[Candidate]:
    """People in this council's record who may be the person described, best first.

    A valid NHS number already on a record returns that record alone, at score 1.0, with how
    the other details compare. Otherwise records sharing a block are scored, and those scoring
    at least `threshold`, with names that agree (MIN_NAME_WEIGHT), are returned, at most
    `limit`. Without a date of birth only the NHS number is used: a name alone is too weak to
    offer anybody. Nothing is changed or merged.
    """
    query = _describe(given_name, family_name, date_of_birth, sex, postcode, nhs_number)
    people = Person.objects.filter(local_authority_id=local_authority_code, merged_into=None)

    if query.nhs_number:
        exact = list(people.filter(nhs_number=query.nhs_number)[:limit])
        if exact:
            candidates = []
            for person in exact:
                row = tuple(getattr(person, name) for name in _FIELDS)
                _, reasons, _ = _score(query, row)
                candidates.append(Candidate(person, 1.0, ["Same NHS number", *reasons]))
            return candidates

    if query.date_of_birth is None:
        return []

    scored = []
    for person_id, row in _blocked_rows(query, local_authority_code).items():
        score, reasons, name_weight = _score(query, row)
        if score >= threshold and _offerable(name_weight):
            scored.append((score, person_id, reasons))
    # Best first; ties in a stable order so that the same question gets the same answer.
    scored.sort(key=lambda item: (-item[0], str(item[1])))
    scored = scored[:limit]
    found = people.in_bulk([person_id for _, person_id, _ in scored])
    return [
        # Below 1.0 always: only an NHS number makes a match certain.
        Candidate(found[person_id], min(round(score, 4), 0.9999), reasons)
        for score, person_id, reasons in scored
        if person_id in found
    ]
