"""Registers at sessions: ticking booked families in (twice changes nothing), walk-ins, a quick
"register with the hub" that makes the household, its consent, involvement and registration in
one transaction, attendance on the family record once, and sustained engagement."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.activities import selectors
from familyhub.activities.models import Attendance, HubRegistration
from familyhub.activities.rules import SUSTAINED_VISITS, may_take_register
from familyhub.activities.services import (
    NewHousehold,
    hub_registration_make,
    register_save,
    walk_in_add,
)
from familyhub.audit.models import AuditEvent
from familyhub.families.models import ChronologyEvent, Consent, Family, Involvement, Membership
from familyhub.families.rules import RecordKind, can_see
from familyhub.places.models import Postcode
from tests.activities_factories import (
    ActivityFactory,
    AttendanceFactory,
    BookingFactory,
    SessionFactory,
    SessionTodayFactory,
)
from tests.factories import LocationFactory, OrganisationFactory, StaffFactory
from tests.families_factories import FamilyFactory, FamilyMembershipFactory

pytestmark = pytest.mark.usefixtures("postcodes")


@pytest.fixture
def hub_team(council):
    return OrganisationFactory(name="Children and Family Centres", local_authority=council)


@pytest.fixture
def worker(hub_team):
    return StaffFactory(organisation=hub_team, role=Role.PRACTITIONER)


@pytest.fixture
def session(hub_team):
    return SessionTodayFactory(
        activity__organisation=hub_team,
        activity__name="Stay and play",
        location__name="Overland Children and Family Centre",
    )


def household(**changes) -> NewHousehold:
    values = {
        "name": "Rahman",
        "postcode": "E1 1BB",
        "parent_given_name": "Amina",
        "parent_family_name": "Rahman",
        "children": (("Idris", dt.date(2024, 9, 14)),),
        "due_date": None,
        "channel": "sms",
        "contact": "07700 900982",
        "language": "bn",
    }
    return NewHousehold(**{**values, **changes})


def keys(session) -> list[str]:
    return [row.key for row in selectors.register_rows(session)]


# --- Who may take a register --------------------------------------------------------------


def test_staff_of_the_activity_or_of_the_place_in_a_front_line_role_take_its_register(
    council, hub_team, session
):
    place_team = OrganisationFactory(local_authority=council)
    elsewhere = SessionTodayFactory(
        activity__organisation=hub_team, location__organisation=place_team
    )
    assert may_take_register(
        StaffFactory(organisation=hub_team, role=Role.LOCALITY_MANAGER), session
    )
    assert may_take_register(
        StaffFactory(organisation=place_team, role=Role.PRACTITIONER), elsewhere
    )
    assert not may_take_register(
        StaffFactory(organisation=place_team, role=Role.PRACTITIONER), session
    )
    assert not may_take_register(StaffFactory(organisation=hub_team, role=Role.TRIAGE), session)
    session.cancelled = True
    assert not may_take_register(
        StaffFactory(organisation=hub_team, role=Role.PRACTITIONER), session
    )


# --- Ticking in ---------------------------------------------------------------------------


def test_ticking_a_booked_family_in_twice_records_it_once(session, worker):
    came = BookingFactory(session=session, contact_name="Hodan Ali", children=2)
    BookingFactory(session=session, contact_name="Nadia Khan")
    shown = keys(session)

    first = register_save(session=session, shown=shown, ticked=[f"b{came.pk}"], by=worker)
    second = register_save(session=session, shown=shown, ticked=[f"b{came.pk}"], by=worker)

    assert (first.added, first.removed, second.added, second.removed) == (1, 0, 0, 0)
    attendance = Attendance.objects.get()
    assert (attendance.booking, attendance.name, attendance.children) == (came, "Hodan Ali", 2)
    assert attendance.walk_in is False and attendance.family is None
    assert AuditEvent.objects.filter(record_type="activities.attendance").count() == 1


def test_unticking_on_the_day_takes_the_tick_and_its_chronology_away(session, worker):
    family = FamilyFactory()
    booking = BookingFactory(session=session, family=family)
    shown = keys(session)
    register_save(session=session, shown=shown, ticked=shown, by=worker)
    assert ChronologyEvent.objects.filter(family=family).count() == 1

    undone = register_save(session=session, shown=shown, ticked=[], by=worker)

    assert undone.removed == 1
    assert not Attendance.objects.filter(booking=booking).exists()
    assert not ChronologyEvent.objects.filter(family=family).exists()
    deleted = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, reason="Ticked in error")
    assert sorted(deleted.values_list("record_type", flat=True)) == [
        "activities.attendance",
        "families.chronologyevent",
    ]


def test_a_tick_a_colleague_made_meanwhile_is_not_taken_away(session, worker):
    mine = BookingFactory(session=session)
    shown_to_me = keys(session)
    theirs = BookingFactory(session=session)
    register_save(session=session, shown=keys(session), ticked=[f"b{theirs.pk}"], by=worker)

    register_save(session=session, shown=shown_to_me, ticked=[f"b{mine.pk}"], by=worker)

    assert set(Attendance.objects.values_list("booking_id", flat=True)) == {mine.pk, theirs.pk}


def test_past_days_ticks_stay_and_future_registers_are_not_open(hub_team, worker):
    yesterday = SessionTodayFactory(
        activity__organisation=hub_team,
        starts=timezone.now() - dt.timedelta(days=1, hours=1),
        ends=timezone.now() - dt.timedelta(days=1),
    )
    booking = BookingFactory(session=yesterday)
    register_save(session=yesterday, shown=keys(yesterday), ticked=keys(yesterday), by=worker)
    assert (
        register_save(session=yesterday, shown=keys(yesterday), ticked=[], by=worker).removed == 0
    )
    assert Attendance.objects.filter(booking=booking).exists()

    tomorrow = SessionFactory(activity__organisation=hub_team)
    with pytest.raises(ValidationError):
        walk_in_add(session=tomorrow, name="Early", children=1, by=worker)


def test_nobody_else_can_save_a_register(session):
    stranger = StaffFactory(role=Role.PRACTITIONER)
    booking = BookingFactory(session=session)
    with pytest.raises(PermissionDenied):
        register_save(
            session=session, shown=[f"b{booking.pk}"], ticked=[f"b{booking.pk}"], by=stranger
        )
    assert not Attendance.objects.exists()


# --- Attendance on the family record ------------------------------------------------------


def test_a_booked_family_on_the_record_gets_came_to_on_its_chronology_once(
    session, worker, hub_team
):
    family = FamilyFactory()
    BookingFactory(session=session, family=family)
    for _twice in range(2):
        register_save(session=session, shown=keys(session), ticked=keys(session), by=worker)

    event = ChronologyEvent.objects.get(family=family)
    assert event.summary == "Came to Stay and play at Overland Children and Family Centre"
    assert event.organisation == hub_team
    assert event.occurred_on == timezone.localdate()
    assert Attendance.objects.get().family == family


# --- Walk-ins and registering with the hub ------------------------------------------------


def test_a_walk_in_is_on_the_register_and_on_no_record(session, worker):
    attendance = walk_in_add(session=session, name="Hodan Ali", children=1, by=worker)
    assert (attendance.walk_in, attendance.booking, attendance.family) == (True, None, None)
    assert [row.name for row in selectors.register_rows(session)] == ["Hodan Ali"]


def test_registering_a_walk_in_makes_the_household_its_consent_and_registration(
    session, worker, hub_team
):
    walk_in = walk_in_add(session=session, name="Amina Rahman", children=2, by=worker)

    registration = hub_registration_make(
        session=session,
        household=household(due_date=timezone.localdate() + dt.timedelta(days=90)),
        by=worker,
        attendance=walk_in,
    )

    family = registration.family
    assert family.name == "Rahman" and family.postcode == "E1 1BB"
    roles = sorted(family.members.values_list("role", flat=True))
    assert roles == [Membership.Role.CHILD, Membership.Role.PARENT, Membership.Role.UNBORN]
    consent = registration.consent
    assert consent.scope == Consent.Scope.CONTACT_DETAILS
    assert list(consent.organisations.all()) == [hub_team]
    assert consent.given_by.given_name == "Amina"
    assert Involvement.objects.get(family=family).organisation == hub_team
    assert (registration.hub, registration.channel, registration.contact) == (
        session.location,
        "sms",
        "07700 900982",
    )
    assert (registration.language, registration.registered_by) == ("bn", worker)
    walk_in.refresh_from_db()
    assert walk_in.family == family
    assert ChronologyEvent.objects.filter(family=family).count() == 1
    # The worker now sees the family's people (names and contact details), and no more.
    now = timezone.now()
    assert can_see(worker, family, kind=RecordKind.PEOPLE, now=now)
    assert not can_see(worker, family, kind=RecordKind.CHRONOLOGY, now=now)
    audited = set(
        AuditEvent.objects.filter(family_id=family.pk).values_list("record_type", flat=True)
    )
    assert {
        "families.family",
        "families.membership",
        "families.consent",
        "families.involvement",
        "activities.hubregistration",
        "activities.attendance",
        "families.chronologyevent",
    } <= audited


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"postcode": "ZZ1 1ZZ"}, "postcode"),  # unknown
        ({"postcode": "E8 4RP"}, "postcode"),  # Hackney's
        ({"children": (), "due_date": None}, "child_1_born"),  # nobody to register
    ],
    ids=["unknown-postcode", "other-council", "no-children"],
)
def test_a_registration_that_cannot_be_made_leaves_nothing_behind(session, worker, changes, field):
    Postcode.objects.create(
        postcode="E8 4RP",
        local_authority_code="E09000012",
        easting=534000,
        northing=184500,
        latitude=51.54,
        longitude=-0.07,
    )
    with pytest.raises(ValidationError) as refused:
        hub_registration_make(session=session, household=household(**changes), by=worker)
    assert field in refused.value.message_dict
    assert not Family.objects.exists()
    assert not HubRegistration.objects.exists()


def test_a_failure_halfway_undoes_the_whole_registration(session, worker, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("familyhub.activities.services.involvement_start", broken)
    with pytest.raises(RuntimeError):
        hub_registration_make(session=session, household=household(), by=worker)
    assert not Family.objects.exists()
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(record_type__startswith="families.").exists()


def test_the_matching_only_warns_and_joins_nothing(session, worker):
    known = FamilyFactory(name="Rahman")
    FamilyMembershipFactory(
        family=known,
        person__given_name="Idris",
        person__family_name="Rahman",
        person__date_of_birth=dt.date(2024, 9, 14),
        person__postcode="E1 1BB",
    )
    assert selectors.may_already_be_known(
        local_authority_code=session.activity.local_authority_id,
        family_name="Rahman",
        children=[("Idris", dt.date(2024, 9, 14))],
        postcode="E1 1BB",
    )
    registration = hub_registration_make(session=session, household=household(), by=worker)
    assert registration.family != known
    assert not known.consents.exists() and not known.involvements.exists()


# --- Sustained engagement -----------------------------------------------------------------


def test_families_with_three_visits_in_the_period_are_sustained(hub_team, worker):
    hub = LocationFactory(kind="main_hub", organisation=hub_team)
    spoke = LocationFactory(hub=hub, organisation=hub_team)
    other_hub = LocationFactory(kind="main_hub", organisation=hub_team)
    activity = ActivityFactory(organisation=hub_team)
    regular, twice, old_regular = FamilyFactory(), FamilyFactory(), FamilyFactory()

    def came(family, where, days_ago):
        starts = timezone.now() - dt.timedelta(days=days_ago)
        past = SessionFactory(
            activity=activity, location=where, starts=starts, ends=starts + dt.timedelta(hours=1)
        )
        AttendanceFactory(session=past, family=family, recorded_by=worker)

    for days_ago, where in [(10, hub), (20, spoke), (30, hub)]:
        came(regular, where, days_ago)
    for days_ago in (10, 20):
        came(twice, hub, days_ago)
    for days_ago in (400, 410, 420):
        came(old_regular, hub, days_ago)
    AttendanceFactory(session=SessionFactory(activity=activity, location=hub))  # a walk-in

    since = timezone.localdate() - dt.timedelta(days=365)
    assert list(selectors.sustained_engagement_families(since=since)) == [regular]
    assert list(selectors.sustained_engagement_families(since=since, hubs=[hub])) == [regular]
    assert not selectors.sustained_engagement_families(since=since, hubs=[other_hub]).exists()
    assert set(selectors.sustained_engagement_families(since=since - dt.timedelta(days=100))) == {
        regular,
        old_regular,
    }
    assert selectors.sustained_engagement_counts(since=since) == {}  # no single place had 3
    assert SUSTAINED_VISITS == 3
