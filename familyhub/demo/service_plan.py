"""Which services the demo borough has, planned from the templates in data/services.json so that
there are enough of them to make search, filters and the stale-entry list feel real.

Planning is seeded (random.Random(2026)) and walks the templates in file order, so every run
produces the same services with the same ids, places, sessions and flags. Nothing here writes to
the database: service_rows.py saves the plan.
"""

import random
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from familyhub.demo.datafiles import DemoDataError, choice, read_csv, read_json
from familyhub.demo.network import Kind, Network, demo_localities, demo_sites, sites_of_kind
from familyhub.directory.models import Service

WEEKDAYS = (0, 1, 2, 3, 4)
# Borough-wide groups also run at a centre, library, clinic or hall in the same locality.
PLACE_CATEGORIES = {"cfc", "library", "health", "venue"}
# Roughly one service in fourteen is left unchecked for over six months: the stale list.
STALE_EVERY = 14
STALE_AFTER_DAYS = 183
# Templates planned as one service per centre, library or locality, named after it in English
# ("<name> at <centre>", "<name> (<locality>)").
NAMED_BY_PLACE = {"cfc", "library", "hub"}


@dataclass(frozen=True)
class Fee:
    description: str
    options: tuple[tuple[str, str, str], ...]  # (option, amount in pounds, what it covers)


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    org: str  # an organisation key
    description: str
    terms: tuple[str, ...]  # DfE taxonomy codes (the CSV ids)
    access: str
    # Where it runs: "cfc", "hub" or "library" (one service per such site or locality), a tuple
    # of site keys (one service at those sites), or "online".
    where: str | tuple[str, ...]
    slot: str = "morning"  # a part of the day, a key of "slots" in services.json
    days: tuple[int, ...] = WEEKDAYS
    ages: tuple[int | None, int | None] = (None, None)
    pregnancy: bool = False
    languages: tuple[str, ...] = ("en",)
    referrals: bool = False
    by_phone: bool = False
    fee: Fee | None = None
    creche: float = 0.0  # chance of a sibling crèche
    interpreter: float = 0.0  # chance an interpreter can be booked
    bsl: bool = False
    extra_sites: int = 0  # up to this many more sites in the same locality ("hub" only)
    # The editor's Bengali and Somali (Service.name_bn …), for templates whose services keep the
    # template's name: the others add their place's English name to it.
    name_bn: str = ""
    description_bn: str = ""
    name_so: str = ""
    description_so: str = ""


def _template(row: dict[str, Any], where: str | tuple[str, ...]) -> Template:
    """One template from its JSON object: lists become tuples, a fee its options."""
    fee = row.get("fee")
    values: dict[str, Any] = {
        **row,
        "access": choice(Service.Access, row["access"], f"service {row['key']}"),
        "where": where,
        "fee": Fee(
            fee["description"],
            tuple((o["option"], o["amount"], o["per"]) for o in fee["options"]),
        )
        if fee
        else None,
        **{
            name: tuple(row[name]) for name in ("terms", "days", "ages", "languages") if name in row
        },
    }
    return Template(**values)


@cache
def _services_file() -> dict[str, Any]:
    return read_json("services.json")


@cache
def demo_slots() -> dict[str, list[tuple[str, str]]]:
    """Session times to choose from, by the part of the day a kind of service runs in."""
    slots = _services_file()["slots"]
    return {part: [(opens, closes) for opens, closes in times] for part, times in slots.items()}


@cache
def demo_templates() -> tuple[Template, ...]:
    templates = []
    for row in _services_file()["templates"]:
        where = row["where"] if isinstance(row["where"], str) else tuple(row["where"])
        template = _template(row, where)
        if template.slot not in demo_slots():
            raise DemoDataError(f"service {template.key}: unknown slot {template.slot!r}")
        if template.where in NAMED_BY_PLACE and (template.name_bn or template.name_so):
            raise DemoDataError(
                f"service {template.key}: its services are named after their places in English,"
                " so it cannot have a Bengali or Somali name"
            )
        templates.append(template)
    return tuple(templates)


@cache
def bus_timetable() -> tuple[tuple[str, int, str, str], ...]:
    """(stop key, weekday 0=Monday, opens, closes): the bus's Monday-to-Saturday week."""
    stops = {site.key for site in sites_of_kind(Kind.BUS_STOP)}
    timetable = tuple(
        (row["stop"], int(row["weekday"]), row["opens"], row["closes"])
        for row in read_csv("bus_timetable.csv")
    )
    unknown = {stop for stop, *_ in timetable} - stops
    if unknown:
        raise DemoDataError(f"bus_timetable.csv names stops not in sites.csv: {sorted(unknown)}")
    return timetable


@cache
def bus_template() -> Template:
    """The outreach bus: one service at every stop of its timetable, in timetable order."""
    stops = tuple(dict.fromkeys(stop for stop, *_ in bus_timetable()))
    return _template(_services_file()["outreach_bus"], stops)


@dataclass
class Planned:
    """One service as it will be saved: the template, its places and its sessions."""

    key: str
    template: Template
    name: str
    site_keys: list[str]
    sessions: list[tuple[str, int, str, str]] = field(default_factory=list)  # site, day, times
    interpreter: bool = False
    creche: bool = False
    bsl: bool = False
    days_since_checked: int = 0


def _sessions(rng: random.Random, template: Template, site_keys: list[str]):
    """1 to 3 weekly sessions: one at each place, and maybe a second at the first."""
    sessions = []
    extra = rng.randint(0, 3 - len(site_keys))
    for index, site in enumerate(site_keys):
        for _ in range(1 + (extra if index == 0 else 0)):
            day = rng.choice(template.days)
            opens, closes = rng.choice(demo_slots()[template.slot])
            sessions.append((site, day, opens, closes))
    # Two sessions at the same place, day and time would be one session listed twice.
    return list(dict.fromkeys(sessions))


def plan_services(network: Network) -> list[Planned]:
    """Every demo service from the templates, in a fixed order, from a seeded random generator."""
    rng = random.Random(2026)
    sites = demo_sites()
    site_keys = {
        category: [site.key for site in sites if site.category == category]
        for category in ("cfc", "library")
    }
    hub_keys = {site.locality: site.key for site in sites if site.kind == Kind.MAIN_HUB}
    locality_sites: dict[str, list[str]] = {key: [] for key in demo_localities()}
    for site in sites:
        location = network.sites.get(site.key)
        if site.category in PLACE_CATEGORIES and location and location.locality:
            locality_sites[location.locality.slug].append(site.key)
    planned: list[Planned] = []

    def add(key: str, template: Template, name: str, site_keys: list[str]) -> None:
        item = Planned(key, template, name, site_keys)
        item.sessions = _sessions(rng, template, site_keys)
        item.interpreter = rng.random() < template.interpreter
        item.creche = rng.random() < template.creche
        item.bsl = template.bsl or rng.random() < 0.05
        stale = len(planned) % STALE_EVERY == 3
        item.days_since_checked = (
            rng.randint(STALE_AFTER_DAYS + 7, 420) if stale else rng.randint(2, 170)
        )
        planned.append(item)

    for template in demo_templates():
        if template.where in site_keys:
            for key in site_keys[template.where]:
                name = f"{template.name} at {network.sites[key].name}"
                add(f"{template.key}:{key}", template, name, [key])
        elif template.where == "hub":
            for locality, (locality_name, _) in demo_localities().items():
                chosen = [hub_keys[locality]]
                others = sorted(locality_sites[locality])
                count = rng.randint(0, template.extra_sites)
                chosen += rng.sample(others, min(count, len(others)))
                add(
                    f"{template.key}:{locality}",
                    template,
                    f"{template.name} ({locality_name})",
                    chosen,
                )
        elif template.where == "online":
            add(template.key, template, template.name, ["online"])
        else:
            add(template.key, template, template.name, list(template.where))
    return planned


def plan_bus() -> Planned:
    """The outreach bus: one service, a place per estate stop, and its published timetable."""
    bus = bus_template()
    planned = Planned(bus.key, bus, bus.name, list(bus.where))
    planned.sessions = list(bus_timetable())
    planned.interpreter = True
    planned.days_since_checked = 12
    return planned
