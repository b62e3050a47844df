"""A hub's page tells a family when it is open, its phone number and how to get there."""

import datetime as dt

import pytest

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Weekday
from familyhub.directory.rules import opening_hours
from familyhub.directory.selectors import week_at
from tests.factories import (
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
)

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 11, 23)


def session(location: Location, weekday: int, opens: str, closes: str, **fields) -> None:
    ScheduleFactory(
        service_at_location=ServiceAtLocationFactory(location=location),
        weekday=weekday,
        opens_at=dt.time.fromisoformat(opens),
        closes_at=dt.time.fromisoformat(closes),
        **fields,
    )


def hub(**fields) -> Location:
    runner = OrganisationFactory(name="Tower Hamlets Family Hubs", phone="020 7946 0123")
    return LocationFactory(
        kind=Location.Kind.MAIN_HUB, name="Bow Family Hub", organisation=runner, **fields
    )


def test_opening_hours_run_from_the_first_session_to_the_last_each_day():
    bow = hub()
    session(bow, Weekday.TUESDAY, "13:00", "15:00")
    session(bow, Weekday.TUESDAY, "09:30", "11:00")
    session(bow, Weekday.MONDAY, "10:00", "12:00")
    session(bow, Weekday.FRIDAY, "10:00", "12:00", valid_to=MONDAY - dt.timedelta(days=1))
    assert opening_hours(week_at(bow, today=dt.date(2026, 11, 25))) == [
        (Weekday.MONDAY, dt.time(10), dt.time(12)),
        (Weekday.TUESDAY, dt.time(9, 30), dt.time(15)),
    ]


def test_a_hub_page_shows_opening_hours_phone_and_map_links(client):
    bow = hub(latitude=51.5291, longitude=-0.0205)
    session(bow, Weekday.WEDNESDAY, "09:30", "16:00")
    page = client.get(f"/places/{bow.pk}").content.decode()
    assert "Opening hours" in page
    assert "Wednesday" in page and "09:30 to 16:00" in page
    assert '<a class="govuk-link" href="tel:02079460123">020 7946 0123</a>' in page
    assert "https://www.openstreetmap.org/?mlat=51.529100&amp;mlon=-0.020500" in page
    assert "https://www.openstreetmap.org/directions?to=51.529100%2C-0.020500" in page


def test_a_hub_with_no_sessions_asks_the_family_to_phone(client):
    page = client.get(f"/places/{hub().pk}").content.decode()
    assert "No sessions are listed here this week. Phone to ask when it is open." in page


def test_a_place_without_a_grid_reference_has_no_map_link(client):
    page = client.get(f"/places/{hub(latitude=None, longitude=None).pk}").content.decode()
    assert "openstreetmap" not in page


def test_no_phone_number_for_an_organisation_not_yet_approved(client):
    bow = hub()
    Organisation.objects.filter(pk=bow.organisation_id).update(status=Organisation.Status.PENDING)
    assert "tel:" not in client.get(f"/places/{bow.pk}").content.decode()


def test_a_venue_gets_no_opening_hours_from_one_group(client):
    hall = LocationFactory(kind=Location.Kind.VENUE)
    session(hall, Weekday.MONDAY, "10:00", "12:00")
    assert "Opening hours" not in client.get(f"/places/{hall.pk}").content.decode()


@pytest.mark.parametrize(
    "language, words",
    [
        ("bn", ["খোলার সময়", "ফোন", "মানচিত্রে Bow Family Hub দেখুন"]),
        ("so", ["Saacadaha furitaanka", "Taleefan", "Ka eeg Bow Family Hub khariidadda"]),
    ],
)
def test_a_hub_page_is_in_the_familys_language(client, settings, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/places/{hub().pk}").content.decode()
    for word in words:
        assert word in page
