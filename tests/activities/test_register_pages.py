"""The register's pages as a worker uses them: the day's list, saving ticks, the "may already be
known" warning that names nobody, booking a family by its reference, visits on the register and
the home page's card. Who may open each page is tests/access/test_registers_matrix.py."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.activities.models import Attendance, Booking, HubRegistration
from tests.activities_factories import (
    AttendanceFactory,
    BookingFactory,
    SessionFactory,
    SessionTodayFactory,
)
from tests.factories import OrganisationFactory, StaffFactory
from tests.families_factories import (
    FamilyFactory,
    FamilyMembershipFactory,
    family_with_consent_for,
)

pytestmark = pytest.mark.usefixtures("postcodes")


@pytest.fixture
def hub_team(council):
    return OrganisationFactory(name="Children and Family Centres", local_authority=council)


@pytest.fixture
def worker(hub_team, staff_sign_in):
    worker = StaffFactory(organisation=hub_team, role=Role.PRACTITIONER)
    staff_sign_in(worker)
    return worker


@pytest.fixture
def session(hub_team):
    return SessionTodayFactory(activity__organisation=hub_team, activity__name="Rhyme time")


def test_the_list_shows_the_day_asked_for_and_today_for_nonsense(client, worker, hub_team):
    SessionTodayFactory(activity__organisation=hub_team, activity__name="Rhyme time")
    SessionFactory(activity__organisation=hub_team, activity__name="Baby massage")  # tomorrow
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()

    today = client.get(reverse("registers:sessions"))
    assert "Rhyme time" in today.text and "Baby massage" not in today.text
    assert "no-store" in today["Cache-Control"]
    assert "Baby massage" in client.get(reverse("registers:sessions"), {"day": tomorrow}).text
    for nonsense in ("31-12-2026", "9999-12-31", "x" * 500):
        page = client.get(reverse("registers:sessions"), {"day": nonsense})
        assert page.status_code == 200 and "Rhyme time" in page.text


def test_a_tick_for_a_row_not_on_the_register_is_refused(client, worker, session):
    other = BookingFactory()  # another session's booking
    url = reverse("registers:register", args=[session.pk])
    page = client.post(url, {"shown": [f"b{other.pk}"], "came": [f"b{other.pk}"]})
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text
    assert not Attendance.objects.exists()


def test_a_family_coming_for_the_third_time_is_tagged(client, worker, session, hub_team):
    family = FamilyFactory()
    for days_ago in (14, 7):
        starts = timezone.now() - dt.timedelta(days=days_ago)
        past = SessionFactory(
            activity=session.activity, starts=starts, ends=starts + dt.timedelta(hours=1)
        )
        AttendanceFactory(session=past, family=family, recorded_by=worker)
    booking = BookingFactory(session=session, family=family, contact_name="Hodan Ali")
    url = reverse("registers:register", args=[session.pk])

    client.post(url, {"shown": [f"b{booking.pk}"], "came": [f"b{booking.pk}"]})

    assert "Visit 3 this year" in client.get(url).text


REGISTRATION = {
    "name": "Rahman",
    "parent_given_name": "Amina",
    "parent_family_name": "Rahman",
    "postcode": "e1 1bb",
    "child_1_name": "Idris",
    "child_1_born": "14/9/2024",
    "channel": "email",
    "email": "amina@example.org",
    "language": "bn",
    "agrees": "on",
}


def test_a_family_that_may_be_known_is_warned_of_without_saying_who(client, worker, session):
    known = FamilyFactory(name="Rahman")
    FamilyMembershipFactory(
        family=known,
        person__given_name="Idris",
        person__family_name="Rahman",
        person__date_of_birth=dt.date(2024, 9, 14),
    )
    url = reverse("registers:register-family", args=[session.pk])

    warned = client.post(url, REGISTRATION)

    assert warned.status_code == 200
    assert "may already be known" in warned.text
    assert known.reference not in warned.text
    assert not HubRegistration.objects.exists()

    again = client.post(url, {**REGISTRATION, "warned": "True"})
    assert again.status_code == 302
    registration = HubRegistration.objects.get()
    assert registration.family != known and registration.family.postcode == "E1 1BB"


def test_a_registration_without_agreement_or_child_is_refused(client, worker, session):
    url = reverse("registers:register-family", args=[session.pk])
    page = client.post(url, {**REGISTRATION, "agrees": "", "child_1_born": "", "child_1_name": ""})
    assert page.status_code == 200
    assert "The family must agree to be contacted to register" in page.text
    assert "Enter a child&#x27;s date of birth, or that the family is expecting" in page.text
    assert not HubRegistration.objects.exists()


def test_staff_book_a_family_they_work_with_by_its_reference(client, worker, hub_team):
    tomorrow = SessionFactory(activity__organisation=hub_team)
    mine = family_with_consent_for(hub_team)
    not_mine = FamilyFactory()
    url = reverse("registers:book", args=[tomorrow.pk])
    booking = {
        "contact_name": "Amina Rahman",
        "children": "1",
        "children_ages": "8 months",
        "channel": "email",
        "email": "amina@example.org",
        "language": "en-gb",
    }

    refused = client.post(url, {**booking, "family_reference": not_mine.reference})
    assert "No family you work with has this reference" in refused.text
    assert not Booking.objects.exists()

    assert (
        client.post(url, {**booking, "family_reference": mine.reference.lower()}).status_code == 302
    )
    made = Booking.objects.get()
    assert (made.family, made.booked_by, made.status) == (mine, worker, Booking.Status.BOOKED)


def test_the_home_page_lists_todays_sessions_to_take_registers_at(client, worker, session):
    home = client.get("/staff/")
    assert "Today's sessions" in home.text
    assert reverse("registers:register", args=[session.pk]) in home.text


def test_the_card_stays_on_days_without_sessions_for_those_who_run_them(
    client, worker, hub_team, staff_sign_in
):
    SessionFactory(activity__organisation=hub_team)  # tomorrow
    assert "No sessions of yours today." in client.get("/staff/").text

    staff_sign_in(StaffFactory(role=Role.LEAD_PROFESSIONAL))  # runs no sessions
    assert "Today's sessions" not in client.get("/staff/").text
