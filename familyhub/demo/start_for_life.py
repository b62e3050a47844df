"""The demo's Start for Life: a year of birth and pregnancy notifications for the borough's
localities (invented, from a fixed seed), imported week by week through the import service
as health visiting would send them, with the clock moved to each Monday (time_machine), so
every family is invited to the welcome session (Baby's Day Out) of its hub that week, and the
figures (contacted within 28 days) come out as they would have. Weekly welcome sessions at the
main hubs for the year are made if missing (the same activity the What's on demo uses).

Then, as the year went: about half the invited families register with their hub at the
welcome session and come (some come back twice more: sustained engagement), and health
visiting records most reviews in their window, leaving some overdue. Runs once: a borough
with notifications already is left as it is.
"""

import csv
import datetime as dt
import io
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine
from django.db import transaction
from django.utils import timezone

from familyhub.accounts.models import Organisation, User
from familyhub.activities.models import Activity, Attendance, HubRegistration, Session
from familyhub.activities.services import session_create
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.demo.datafiles import DemoDataError
from familyhub.demo.people import heritages
from familyhub.directory.models import Location
from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.places.models import LocalAuthority, LocalitySector, Postcode
from familyhub.places.rules import postcode_sector
from familyhub.startforlife.importing import COLUMNS
from familyhub.startforlife.models import Invitation, Milestone, Notification
from familyhub.startforlife.rules import milestone_window
from familyhub.startforlife.services import (
    invitations_send,
    milestone_record,
    notifications_import,
)

SEED = 1001
BIRTHS_A_YEAR = 700
PREGNANCIES_NOTIFIED = 0.6  # of births, notified in pregnancy first (about 20 weeks before)
TWINS = 0.02
REGISTER_AND_COME = 0.5
COME_BACK = 0.35
REVIEW_DONE = 0.85
# Health visiting's synthetic NHS numbers start here: clear of any other demo loader's.
PARENT_NUMBERS, BABY_NUMBERS = 50_000, 70_000
IMPORTED_BY = "health.visitor@example.org"
RUN_BY = "Tower Hamlets Family Hubs"
WELCOME_NAME = "Baby's Day Out welcome session"
WELCOME_DAY, WELCOME_AT, WELCOME_MINUTES = 3, dt.time(10, 30), 60  # Thursdays
ENGLISH_SHARE = {"bengali": 0.55, "somali": 0.5}


@dataclass(frozen=True)
class Birth:
    parent_given: str
    family_name: str
    parent_nhs: str
    babies: tuple[tuple[str, str, str], ...]  # (given name, sex, NHS number) in birth order
    born_on: dt.date  # in the future for a pregnancy not yet born
    due_date: dt.date
    postcode: str
    language: str
    channel: str
    contact: str


@dataclass
class StartForLifeSummary:
    notifications: int
    invitations_sent: int
    registered: int
    reviews: int


@contextmanager
def _at(day: dt.date, clock: dt.time = dt.time(9)) -> Iterator[None]:
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(day, clock)), tick=False):
        yield


def load_demo_start_for_life(
    council: LocalAuthority, *, births_a_year: int = BIRTHS_A_YEAR
) -> StartForLifeSummary | None:
    if Notification.objects.filter(local_authority=council).exists():
        return None
    visitor = User.objects.filter(email=IMPORTED_BY).first()
    if visitor is None:
        raise DemoDataError(f"{IMPORTED_BY} is missing: load the demo borough first")
    rng = random.Random(SEED)
    today = timezone.localdate()
    _welcome_sessions(council, today)
    births = _births(rng, council, today, births_a_year)
    for monday, rows in sorted(_weekly_files(rng, births, today).items()):
        with _at(monday):
            notifications_import(lines=_lines(rows), local_authority=council, by=visitor)
            invitations_send()
    registered = _registrations(rng, council, visitor)
    reviews = _reviews(rng, council, visitor, today)
    return StartForLifeSummary(
        notifications=Notification.objects.filter(local_authority=council).count(),
        invitations_sent=Invitation.objects.filter(status=Invitation.Status.SENT).count(),
        registered=registered,
        reviews=reviews,
    )


def _welcome_sessions(council: LocalAuthority, today: dt.date) -> None:
    organisation = Organisation.objects.filter(local_authority=council, name=RUN_BY).first()
    if organisation is None:
        raise DemoDataError(f"{RUN_BY} is missing: load the demo borough first")
    activity, _made = Activity.objects.get_or_create(
        local_authority=council,
        organisation=organisation,
        name=WELCOME_NAME,
        defaults={"kind": Activity.Kind.WELCOME, "minimum_age_months": 0, "maximum_age_months": 6},
    )
    hubs = Location.objects.filter(local_authority=council, kind=Location.Kind.MAIN_HUB)
    first = today - dt.timedelta(days=371)
    for offset in range(371 + 29):
        day = first + dt.timedelta(days=offset)
        if day.weekday() != WELCOME_DAY:
            continue
        starts = timezone.make_aware(dt.datetime.combine(day, WELCOME_AT))
        for hub in hubs:
            if not Session.objects.filter(activity=activity, location=hub, starts=starts).exists():
                session_create(
                    activity=activity,
                    location=hub,
                    starts=starts,
                    ends=starts + dt.timedelta(minutes=WELCOME_MINUTES),
                    capacity=12,
                )


def _postcodes(council: LocalAuthority) -> list[str]:
    """The council's live postcodes in sectors a locality serves, in a fixed order."""
    sectors = set(
        LocalitySector.objects.filter(local_authority=council).values_list("sector", flat=True)
    )
    codes = Postcode.objects.filter(local_authority_code=council.code, terminated=False)
    return sorted(
        p for p in codes.values_list("postcode", flat=True) if postcode_sector(p) in sectors
    )


def _births(
    rng: random.Random, council: LocalAuthority, today: dt.date, births_a_year: int
) -> list[Birth]:
    """A year of births to today, and the pregnancies due in the next six months."""
    postcodes = _postcodes(council)
    if not postcodes:
        raise DemoDataError("The borough has no postcodes in its localities' sectors")
    births = []
    total = births_a_year * 3 // 2  # a year past and half a year to come
    for index in range(total):
        heritage = rng.choices(heritages(), weights=[h.weight for h in heritages()])[0]
        family_name = rng.choice(heritage.family)
        born_on = today - dt.timedelta(days=365) + dt.timedelta(days=rng.randrange(365 + 182))
        count = 2 if rng.random() < TWINS else 1
        babies = []
        for order in range(count):
            sex = rng.choice(["F", "M"])
            given = rng.choice(heritage.female if sex == "F" else heritage.male)
            babies.append((given, sex, synthetic_nhs_number(BABY_NUMBERS + 2 * index + order)))
        english = rng.random() < ENGLISH_SHARE.get(heritage.name, 1.0)
        language = "en" if english else {"bengali": "bn", "somali": "so"}[heritage.name]
        by_email = rng.random() < 0.3
        births.append(
            Birth(
                parent_given=rng.choice(heritage.female),
                family_name=family_name,
                parent_nhs=synthetic_nhs_number(PARENT_NUMBERS + index),
                babies=tuple(babies),
                born_on=born_on,
                due_date=born_on + dt.timedelta(days=rng.randint(-14, 10)),
                postcode=rng.choice(postcodes),
                language=language,
                channel="email" if by_email else "sms",
                contact=f"parent{index}@example.org" if by_email else f"07700 9{index:05d}",
            )
        )
    return births


def _row(birth: Birth, kind: str, notified_on: dt.date, order: int) -> dict:
    given, sex, nhs = birth.babies[order - 1]
    born = kind == "birth"
    return {
        "notification_type": kind,
        "notifying_service": "Royal London Hospital maternity" if born else "Community midwifery",
        "notified_date": notified_on.strftime("%d/%m/%Y"),
        "parent_given_name": birth.parent_given,
        "parent_family_name": birth.family_name,
        "parent_nhs_number": birth.parent_nhs,
        "baby_nhs_number": nhs if born else "",
        "baby_given_name": given if born else "",
        "baby_family_name": birth.family_name if born else "",
        "baby_sex": sex if born else "",
        "baby_date_of_birth": birth.born_on.strftime("%d/%m/%Y") if born else "",
        "due_date": "" if born else birth.due_date.strftime("%d/%m/%Y"),
        "multiple_birth_order": str(order),
        "postcode": birth.postcode,
        "phone": birth.contact if birth.channel == "sms" else "",
        "email": birth.contact if birth.channel == "email" else "",
        "preferred_language": birth.language,
        "preferred_contact": birth.channel,
    }


def _weekly_files(rng: random.Random, births: list[Birth], today: dt.date) -> dict:
    """{the Monday a file was sent: its rows}: each notification in the file of the week after
    it was made, pregnancies about 20 weeks before the due date, births a few days after."""
    files: dict[dt.date, list[dict]] = defaultdict(list)
    year_ago = today - dt.timedelta(days=365)

    def send(notified_on: dt.date, row: dict) -> None:
        monday = notified_on + dt.timedelta(days=7 - notified_on.weekday())
        if year_ago <= notified_on and monday <= today:
            files[monday].append(row)

    for birth in births:
        if rng.random() < PREGNANCIES_NOTIFIED:
            notified = birth.due_date - dt.timedelta(weeks=20)
            send(notified, _row(birth, "pregnancy", notified, 1))
        notified = birth.born_on + dt.timedelta(days=rng.randint(1, 5))
        for order in range(1, len(birth.babies) + 1):
            send(notified, _row(birth, "birth", notified, order))
    return files


def _lines(rows: list[dict]) -> list[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().splitlines(keepends=True)


def _registrations(rng: random.Random, council: LocalAuthority, by: User) -> int:
    """Half the invited families registered with the hub at their welcome session and came;
    a third of those came to the next two as well. (activities' register pages register new
    households only, so the demo writes these rows for families already on the record.)"""
    made = 0
    sent = Invitation.objects.filter(
        status=Invitation.Status.SENT,
        session__starts__lt=timezone.now(),
        family__local_authority=council,
    ).select_related("session", "family")
    for invitation in sent.order_by("pk"):
        if rng.random() >= REGISTER_AND_COME or invitation.session is None:
            continue
        session = invitation.session
        with transaction.atomic():
            registration, created = HubRegistration.objects.get_or_create(
                family=invitation.family,
                hub=session.location,
                defaults={"registered_on": timezone.localdate(session.starts), "registered_by": by},
            )
            if created:
                audit_record(actor=by, action=AuditEvent.Action.CREATE, record=registration)
                made += 1
            later = Session.objects.filter(
                activity=session.activity, location=session.location, starts__gte=session.starts
            ).filter(starts__lt=timezone.now())
            visits = 3 if rng.random() < COME_BACK else 1
            for visit in later.order_by("starts")[:visits]:
                attendance, came = Attendance.objects.get_or_create(
                    session=visit,
                    family=invitation.family,
                    defaults={
                        "name": invitation.family.name,
                        "children": 1,
                        "walk_in": True,
                        "recorded_by": by,
                        "recorded_at": visit.starts,
                    },
                )
                if came:
                    audit_record(actor=by, action=AuditEvent.Action.CREATE, record=attendance)
    return made


def _reviews(rng: random.Random, council: LocalAuthority, by: User, today: dt.date) -> int:
    """Health visiting records most reviews whose window has opened, on a day inside it."""
    recorded = 0
    born = Notification.objects.filter(
        local_authority=council, kind=Notification.Kind.BIRTH, born_on__lte=today
    ).select_related("baby", "family")
    for notification in born.order_by("pk"):
        assert notification.born_on is not None  # a birth's
        for milestone in Milestone:
            start, end = milestone_window(milestone, notification.born_on)
            if start > today or rng.random() >= REVIEW_DONE:
                continue
            done_on = min(today, start + dt.timedelta(days=rng.randint(0, (end - start).days)))
            with _at(done_on, dt.time(15)):
                milestone_record(
                    baby=notification.baby,
                    family=notification.family,
                    milestone=milestone,
                    done_on=done_on,
                    by=by,
                )
            recorded += 1
    return recorded
