"""The demo's year of registers: the past year's sessions at the main hubs were booked, their
registers taken with walk-ins, some walk-ins registered with the hub, and registered families
came back (so some count as sustained engagement); today's sessions are booked and wait for
the demo hub worker (hub.worker@example.org) to take their registers.

Everything goes through activities.services as the pages do, with the clock moved to the
moment (time_machine): bookings two days before, the register twenty minutes in. A seeded
generator picks who books, comes and registers, so every load tells the same story. Loaded
once: a council whose sessions have any attendance already is left as it is.
"""

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.activities import selectors
from familyhub.activities.models import Attendance, Booking, Session
from familyhub.activities.services import (
    NewHousehold,
    booking_make,
    hub_registration_make,
    register_save,
    walk_in_add,
)
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.history import at
from familyhub.demo.people import Household, household
from familyhub.directory.models import Location
from familyhub.families.models import Family
from familyhub.places.models import LocalAuthority, Postcode

SEED = 1001
WORKER = "hub.worker@example.org"
# Of the booked families, how many come; of the walk-ins, how many register with the hub.
COME_ODDS = 0.8
REGISTER_ODDS = 0.4
# A registered family comes back to its hub's sessions, booked by the hub, this often.
RETURN_ODDS = 0.5
# Settings' language codes for the demo households' languages.
LANGUAGE = {"en": "en-gb", "bn": "bn", "so": "so"}


@dataclass(frozen=True)
class Regular:
    """A family registered with a hub, who may come back."""

    family: Family
    name: str
    channel: str
    contact: str
    language: str


def load_demo_registers(council: LocalAuthority, *, since: dt.date) -> int | None:
    """Book and take the registers of the main hubs' sessions from `since` to yesterday, and
    book today's; None if this council has registers already. Returns how many came."""
    worker = User.objects.filter(email=WORKER).first()
    if worker is None:
        raise DemoDataError(f"{WORKER} is missing: load the demo borough first")
    sessions = Session.objects.filter(activity__local_authority=council, cancelled=False)
    if Attendance.objects.filter(session__in=sessions).exists():
        return None
    rng = random.Random(SEED)
    # Numbers the invented contacts: example.org addresses, and Ofcom's drama range for texts.
    numbers = itertools.count(1)
    now = timezone.now()
    today = timezone.localdate(now)
    postcodes = list(
        Postcode.objects.filter(local_authority_code=council.code, terminated=False)
        .order_by("postcode")
        .values_list("postcode", flat=True)[:2000]
    )
    regulars: dict = defaultdict(list)
    hub_sessions = sessions.filter(
        location__kind=Location.Kind.MAIN_HUB, starts__date__gte=since, starts__date__lt=today
    ).select_related("activity", "location")
    with transaction.atomic():
        for session in hub_sessions.order_by("starts", "id"):
            _book(rng, numbers, session, worker, regulars[session.location_id])
            _take_register(rng, numbers, session, worker, regulars[session.location_id], postcodes)
        for session in sessions.filter(starts__date=today).select_related("activity", "location"):
            if session.course_start_id is None:
                _book(rng, numbers, session, worker, regulars[session.location_id], hours_before=20)
    return Attendance.objects.filter(session__in=sessions).count()


def _book(
    rng: random.Random,
    numbers: Iterator[int],
    session: Session,
    worker: User,
    regulars: list[Regular],
    *,
    hours_before: int = 48,
) -> None:
    """Families book the session (and the hub books some of its regulars)."""
    with at(session.starts - dt.timedelta(hours=hours_before)):
        coming_back = [r for r in regulars if rng.random() < RETURN_ODDS][: session.capacity // 2]
        for regular in coming_back:
            booking_make(
                session=session,
                contact_name=regular.name,
                children=1,
                children_ages="under 5",
                channel=regular.channel,
                contact=regular.contact,
                language=regular.language,
                by=worker,
                family=regular.family,
            )
        for _new in range(rng.randint(2, 4)):
            people = household(rng, timezone.localdate())
            number = next(numbers)
            booking_make(
                session=session,
                contact_name=f"{people.parent_given} {people.family_name}",
                children=rng.choice([1, 1, 2]),
                children_ages=rng.choice(["8 months", "2 years", "1 and 3", "18 months"]),
                channel=Booking.Channel.EMAIL,
                contact=f"demo.parent.{number}@example.org",
                language=LANGUAGE.get(people.language, "en-gb"),
            )


def _take_register(
    rng: random.Random,
    numbers: Iterator[int],
    session: Session,
    worker: User,
    regulars: list[Regular],
    postcodes: list[str],
) -> None:
    with at(session.starts + dt.timedelta(minutes=20)):
        rows = selectors.register_rows(session)
        shown = [row.key for row in rows]
        came = [key for key in shown if rng.random() < COME_ODDS]
        register_save(session=session, shown=shown, ticked=came, by=worker)
        for _walk_in in range(rng.choice([0, 1, 1, 2])):
            people = household(rng, timezone.localdate())
            name = f"{people.parent_given} {people.family_name}"
            attendance = walk_in_add(
                session=session, name=name, children=rng.choice([1, 2]), by=worker
            )
            if rng.random() < REGISTER_ODDS:
                regulars.append(
                    _register(rng, next(numbers), session, worker, attendance, people, postcodes)
                )


def _register(
    rng: random.Random,
    number: int,
    session: Session,
    worker: User,
    attendance: Attendance,
    people: Household,
    postcodes: list[str],
) -> Regular:
    """The walk-in registers with the hub: a parent, one or two children under five (or a baby
    on the way), their postcode and how they want to hear from the hub."""
    today = timezone.localdate()
    children = tuple(
        (child.given_name, today - dt.timedelta(days=rng.randint(30, 4 * 365)))
        for child in people.children[: rng.choice([1, 1, 2])]
        if child.given_name
    )
    by_text = rng.random() < 0.4
    contact = f"07700 900{number % 1000:03d}" if by_text else f"demo.parent.{number}@example.org"
    language = LANGUAGE.get(people.language, "en-gb")
    registration = hub_registration_make(
        session=session,
        household=NewHousehold(
            name=people.family_name,
            postcode=rng.choice(postcodes),
            parent_given_name=people.parent_given,
            parent_family_name=people.family_name,
            children=children,
            due_date=None if children else today + dt.timedelta(days=rng.randint(30, 200)),
            channel=Booking.Channel.SMS if by_text else Booking.Channel.EMAIL,
            contact=contact,
            language=language,
        ),
        by=worker,
        attendance=attendance,
    )
    return Regular(
        family=registration.family,
        name=attendance.name,
        channel=registration.channel,
        contact=contact,
        language=language,
    )
