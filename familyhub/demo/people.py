"""Invented households for the demo's year of history: names drawn, by a seeded generator, from
the heritages of the borough (data/names.csv), children of every age from pregnancy to 19, and
real Tower Hamlets postcodes from the ONSPD rows the demo loaded."""

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache

from familyhub.demo.datafiles import read_csv
from familyhub.families.models import Membership, Sex


@dataclass(frozen=True)
class Heritage:
    name: str
    weight: int
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True)
class Child:
    given_name: str
    sex: str
    date_of_birth: dt.date | None
    due_date: dt.date | None


@dataclass(frozen=True)
class Household:
    parent_given: str
    family_name: str
    children: tuple[Child, ...]
    # The language the family asked in: Bengali and Somali families often ask in their own.
    language: str
    young_person_asking: bool


@cache
def heritages() -> tuple[Heritage, ...]:
    return tuple(
        Heritage(
            name=row["heritage"],
            weight=int(row["weight"]),
            female=tuple(row["female"].split()),
            male=tuple(row["male"].split()),
            family=tuple(row["family"].split()),
        )
        for row in read_csv("names.csv")
    )


# The language a family of each heritage asks in, with its odds; English otherwise.
OWN_LANGUAGE = {"bengali": ("bn", 0.45), "somali": ("so", 0.5)}


def _child(rng: random.Random, heritage: Heritage, family_name: str, today: dt.date) -> Child:
    sex = rng.choice([Sex.FEMALE, Sex.MALE])
    given = rng.choice(heritage.female if sex == Sex.FEMALE else heritage.male)
    if rng.random() < 0.08:
        # Not born yet: the front door takes a due date instead.
        return Child(
            given_name="",
            sex=Sex.UNKNOWN,
            date_of_birth=None,
            due_date=today + dt.timedelta(days=rng.randint(20, 200)),
        )
    age_days = rng.randint(30, 18 * 365)
    return Child(given, sex, today - dt.timedelta(days=age_days), None)


def household(rng: random.Random, today: dt.date) -> Household:
    heritage = rng.choices(heritages(), weights=[h.weight for h in heritages()])[0]
    family_name = rng.choice(heritage.family)
    children = tuple(
        _child(rng, heritage, family_name, today) for _ in range(rng.choice([1, 1, 2, 2, 3, 4]))
    )
    language, odds = OWN_LANGUAGE.get(heritage.name, ("en", 0.0))
    eldest = max((c.date_of_birth for c in children if c.date_of_birth), default=None)
    teenager = eldest is not None and (today - eldest).days > 14 * 365
    return Household(
        parent_given=rng.choice(heritage.female if rng.random() < 0.8 else heritage.male),
        family_name=family_name,
        children=children,
        language=language if rng.random() < odds else "en",
        young_person_asking=teenager and rng.random() < 0.15,
    )


def child_role(child: Child) -> str:
    return Membership.Role.UNBORN if child.due_date else Membership.Role.CHILD
