"""The public pages of the directory: places, the bus, services, organisations, localities."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Weekday
from familyhub.directory.selectors import bus_visits, week_at
from tests.factories import (
    LocalityFactory,
    LocationFactory,
    OrganisationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")
LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 11, 23)


def test_whats_on_lists_the_next_seven_days_and_leaves_out_ended_sessions():
    hub = LocationFactory(kind=Location.Kind.MAIN_HUB)
    sal = ServiceAtLocationFactory(location=hub, service__name="Stay and play")
    ScheduleFactory(service_at_location=sal, weekday=Weekday.TUESDAY)
    ScheduleFactory(
        service_at_location=sal, weekday=Weekday.THURSDAY, valid_to=MONDAY - dt.timedelta(days=1)
    )
    week = week_at(hub, today=MONDAY)
    assert [date for date, _ in week][0] == MONDAY and len(week) == 7
    on = {date: sessions for date, sessions in week if sessions}
    assert list(on) == [dt.date(2026, 11, 24)]


def test_the_bus_page_shows_the_next_stop_first(client):
    stop = LocationFactory(kind=Location.Kind.BUS_STOP, name="Ocean Estate")
    later = LocationFactory(kind=Location.Kind.BUS_STOP, name="Teviot Estate")
    bus = ServiceFactory(name="Family Hub outreach bus")
    ScheduleFactory(
        service_at_location=ServiceAtLocationFactory(service=bus, location=later),
        weekday=Weekday.WEDNESDAY,
    )
    ScheduleFactory(
        service_at_location=ServiceAtLocationFactory(service=bus, location=stop),
        weekday=Weekday.TUESDAY,
    )
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LONDON)
    visits = bus_visits(now=monday_noon)
    assert [v.stop.name for v in visits[:2]] == ["Ocean Estate", "Teviot Estate"]
    assert visits[0].when == dt.datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)
    # Tuesday after 11:30 the Tuesday stop has gone: Wednesday's is next.
    tuesday_afternoon = dt.datetime(2026, 11, 24, 12, 0, tzinfo=LONDON)
    assert bus_visits(now=tuesday_afternoon)[0].stop.name == "Teviot Estate"
    assert "Next stop" in client.get("/outreach-bus").content.decode()


def test_a_service_page_says_when_it_was_checked_and_warns_when_stale(client):
    fresh = ServiceAtLocationFactory().service
    stale = ServiceFactory(last_checked=timezone.localdate() - dt.timedelta(days=200))
    page = client.get(f"/services/{fresh.pk}").content.decode()
    assert "Details last checked on" in page and "may be out of date" not in page
    assert "may be out of date" in client.get(f"/services/{stale.pk}").content.decode()


def test_unapproved_organisations_and_their_services_are_not_public(client):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    service = ServiceFactory(organisation=pending)
    assert client.get(f"/organisations/{pending.pk}").status_code == 404
    assert client.get(f"/services/{service.pk}").status_code == 404


def test_a_locality_page_lists_its_main_hub_and_spokes(client):
    locality = LocalityFactory(name="North East")
    hub = LocationFactory(kind=Location.Kind.MAIN_HUB, locality=locality, name="Bow Family Hub")
    LocationFactory(kind=Location.Kind.SPOKE, locality=locality, hub=hub, name="Old Ford Centre")
    page = client.get(f"/areas/tower-hamlets/{locality.slug}").content.decode()
    assert "Bow Family Hub" in page and "Old Ford Centre" in page
