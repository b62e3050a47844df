"""The demo's What's on: today's sessions and four weeks ahead at the main hubs, online and on
the outreach bus (its timetable, data/bus_timetable.csv), and a year back of the hubs' weekly
stay and play with its registers (demo/registers.py), made through activities.services as
staff would. Safe to run again: a session that exists already is left as it is, and registers
are taken once.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from familyhub.accounts.models import Organisation
from familyhub.activities.models import Activity, Session, Vehicle
from familyhub.activities.services import session_create
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.network import Kind, sites_of_kind
from familyhub.demo.registers import load_demo_registers
from familyhub.demo.service_plan import bus_timetable
from familyhub.directory.models import Language, Location
from familyhub.places.models import LocalAuthority

WEEKS = 4
# The past year's sessions, with registers taken, for the hub worker's sessions and figures.
WEEKS_BACK = 52
RUN_BY = "Tower Hamlets Family Hubs"


@dataclass(frozen=True)
class Offer:
    """An activity at every main hub (or online), weekly on a day, from a time, for minutes."""

    name: str
    kind: str
    weekday: int
    starts: str
    minutes: int
    capacity: int
    ages: tuple[int | None, int | None]
    languages: tuple[str, ...] = ()
    creche: bool = False
    online: bool = False
    # Also made for the past WEEKS_BACK weeks, with their registers taken (demo/registers.py):
    # one weekly session at each hub is a year of visits, and keeps the demo's load quick.
    past: bool = False


OFFERS = (
    Offer(
        "Stay and play",
        Activity.Kind.STAY_AND_PLAY,
        0,
        "10:00",
        90,
        15,
        (0, 59),
        ("bn",),
        past=True,
    ),
    Offer("Infant feeding drop-in", Activity.Kind.INFANT_FEEDING, 2, "13:30", 90, 10, (0, 12)),
    Offer(
        "Baby's Day Out welcome session",
        Activity.Kind.WELCOME,
        3,
        "10:30",
        60,
        12,
        (0, 6),
        ("bn", "so"),
        creche=True,
    ),
    Offer(
        "Parent forum", Activity.Kind.PARENT_FORUM, 4, "18:00", 60, 40, (None, None), online=True
    ),
    # On Sundays, when the bus rests: something at the hubs every day of the week.
    Offer("Dads' stay and play", Activity.Kind.STAY_AND_PLAY, 6, "10:00", 120, 15, (0, 59)),
)
BUS = Offer("Stay and play on the bus", Activity.Kind.STAY_AND_PLAY, 0, "", 0, 8, (0, 59))


def load_demo_activities(council: LocalAuthority, *, weeks_back: int = WEEKS_BACK) -> int:
    """Make the sessions from `weeks_back` weeks ago to WEEKS ahead, today's included, and
    take the past ones' registers; returns how many sessions were new."""
    organisation = Organisation.objects.filter(local_authority=council, name=RUN_BY).first()
    if organisation is None:
        raise DemoDataError(f"{RUN_BY} is missing: load the demo borough first")
    places = {
        location.slug: location for location in Location.objects.filter(local_authority=council)
    }
    hubs = [places[slugify(site.name)] for site in sites_of_kind(Kind.MAIN_HUB)]
    online = next(location for location in places.values() if location.kind == Kind.VIRTUAL)
    today = timezone.localdate()
    days = [today + dt.timedelta(days=n) for n in range(-7 * weeks_back, 7 * WEEKS + 1)]
    made = 0
    for offer in OFFERS:
        activity = _activity(council, organisation, offer)
        for day in days:
            if day.weekday() == offer.weekday and (day >= today or offer.past):
                for where in [online] if offer.online else hubs:
                    made += _session(activity, where, day, offer.starts, offer.minutes, offer)
    bus, _ = Vehicle.objects.get_or_create(local_authority=council, name="Outreach bus")
    activity = _activity(council, organisation, BUS)
    stop_slugs = {site.key: slugify(site.name) for site in sites_of_kind(Kind.BUS_STOP)}
    for stop, weekday, opens, closes in bus_timetable():
        minutes = _minutes(closes) - _minutes(opens)
        for day in days:
            if day.weekday() == weekday and day >= today:
                where = places[stop_slugs[stop]]
                made += _session(activity, where, day, opens, minutes, BUS, vehicle=bus)
    load_demo_registers(council, since=today - dt.timedelta(weeks=weeks_back))
    return made


def _activity(council: LocalAuthority, organisation: Organisation, offer: Offer) -> Activity:
    activity, created = Activity.objects.get_or_create(
        local_authority=council,
        organisation=organisation,
        name=offer.name,
        defaults={
            "kind": offer.kind,
            "minimum_age_months": offer.ages[0],
            "maximum_age_months": offer.ages[1],
            "sibling_creche": offer.creche,
            "accessibility": "Step-free. Ask us about an interpreter.",
        },
    )
    if created and offer.languages:
        activity.languages.set(Language.objects.filter(code__in=offer.languages))
    return activity


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _session(
    activity: Activity,
    where: Location,
    day: dt.date,
    clock: str,
    minutes: int,
    offer: Offer,
    vehicle: Vehicle | None = None,
) -> int:
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time.fromisoformat(clock)))
    if Session.objects.filter(activity=activity, location=where, starts=starts).exists():
        return 0
    session_create(
        activity=activity,
        location=where,
        starts=starts,
        ends=starts + dt.timedelta(minutes=minutes),
        capacity=offer.capacity,
        vehicle=vehicle,
    )
    return 1
