"""Staff directory management: editors keep their own entries; the manager approves and watches."""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.accounts.models import Organisation, Role
from familyhub.directory.models import Location, Schedule, Service
from tests.accounts.helpers import sign_in_verified
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")


@pytest.fixture
def own_org():
    return OrganisationFactory(name="Bengali Mothers Group")


@pytest.fixture
def editor(client, own_org):
    membership = MembershipFactory(organisation=own_org, role=Role.DIRECTORY_EDITOR)
    sign_in_verified(client, membership.user)
    return membership.user


@pytest.fixture
def manager_client(client):
    council = OrganisationFactory(name="Tower Hamlets Council Family Hubs")
    membership = MembershipFactory(organisation=council, role=Role.DIRECTORY_MANAGER)
    sign_in_verified(client, membership.user)
    return client


def service_post_data(**overrides):
    data = {
        "name": "Stay and play",
        "description": "Play, songs and a chat for parents and under-fives.",
        "access": "drop_in",
        "minimum_age": "0",
        "maximum_age": "5",
        "is_free": "on",
        "status": "active",
        "locations": [],
    }
    data.update(overrides)
    return data


def test_an_editor_adds_a_service_at_a_hub_site(client, editor, own_org):
    spoke = LocationFactory(kind=Location.Kind.SPOKE)
    response = client.post(
        f"/staff/directory/organisations/{own_org.pk}/services/new",
        service_post_data(locations=[str(spoke.pk)]),
    )
    assert response.status_code == 302
    service = Service.objects.get(name="Stay and play")
    assert service.organisation == own_org
    assert service.last_checked == timezone.localdate()
    assert list(service.at_locations.values_list("location", flat=True)) == [spoke.pk]


def test_a_bad_service_form_says_what_is_wrong_and_keeps_what_was_typed(client, editor, own_org):
    response = client.post(
        f"/staff/directory/organisations/{own_org.pk}/services/new",
        service_post_data(minimum_age="12", maximum_age="5", description="Kept words"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The oldest age must be the same as or above the youngest" in page
    assert "Kept words" in page
    assert not Service.objects.exists()


def test_nobody_edits_another_organisations_entries(client, editor):
    other = ServiceFactory(name="Someone else's")
    venue = LocationFactory(organisation=other.organisation)
    sal = ServiceAtLocationFactory(service=other)
    for url in [
        f"/staff/directory/services/{other.pk}/edit",
        f"/staff/directory/services/{other.pk}/sessions",
        f"/staff/directory/places/{venue.pk}/edit",
        f"/staff/directory/organisations/{other.organisation.pk}/services/new",
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, service_post_data()).status_code == 403, url
    assert client.post(f"/staff/directory/services/{other.pk}/checked").status_code == 403
    assert not Schedule.objects.filter(service_at_location=sal).exists()
    other.refresh_from_db()
    assert other.name == "Someone else's"


def test_staff_pages_need_sign_in(client):
    response = client.get("/staff/directory/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response["Location"]


def test_marking_a_service_checked_clears_its_stale_flag(client, editor, own_org):
    old = timezone.localdate() - dt.timedelta(days=400)
    service = ServiceFactory(organisation=own_org, last_checked=old)
    home = client.get("/staff/directory/").content.decode()
    assert "Check now" in home
    client.post(f"/staff/directory/services/{service.pk}/checked")
    service.refresh_from_db()
    assert service.last_checked == timezone.localdate()
    assert "Check now" not in client.get("/staff/directory/").content.decode()


def test_an_editor_adds_and_removes_a_session(client, editor, own_org):
    sal = ServiceAtLocationFactory(service=ServiceFactory(organisation=own_org))
    url = f"/staff/directory/services/{sal.service.pk}/sessions"
    bad = client.post(
        url, {"place": sal.pk, "weekday": "2", "opens_at": "11:00", "closes_at": "10:00"}
    )
    assert "The end time must be after the start time" in bad.content.decode()
    client.post(url, {"place": sal.pk, "weekday": "2", "opens_at": "10:00", "closes_at": "11:30"})
    session = Schedule.objects.get(service_at_location=sal)
    assert (session.weekday, session.opens_at) == (2, dt.time(10, 0))
    client.post(f"/staff/directory/sessions/{session.pk}/remove")
    assert not Schedule.objects.exists()


def test_an_editor_adds_a_venue_placed_at_its_postcode(client, editor, own_org):
    response = client.post(
        f"/staff/directory/organisations/{own_org.pk}/places/new",
        {"name": "Community hall", "address_1": "1 Road", "city": "London", "postcode": "e2 0qn"},
    )
    assert response.status_code == 302
    venue = Location.objects.get(name="Community hall")
    assert venue.postcode == "E2 0QN"
    assert venue.organisation == own_org
    assert venue.easting and venue.latitude


def test_an_unknown_venue_postcode_is_refused_with_a_message(client, editor, own_org):
    response = client.post(
        f"/staff/directory/organisations/{own_org.pk}/places/new",
        {"name": "Community hall", "postcode": "ZZ9 9ZZ"},
    )
    assert "We could not find ZZ9 9ZZ" in response.content.decode()
    assert 'value="Community hall"' in response.content.decode()


def test_only_a_directory_manager_decides(client, editor):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    response = client.post(
        f"/staff/directory/organisations/{pending.pk}/decision", {"decision": "approve"}
    )
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Organisation.Status.PENDING


def test_the_manager_sees_stale_entries_of_every_organisation(manager_client):
    ServiceFactory(name="Old entry", last_checked=timezone.localdate() - dt.timedelta(days=200))
    ServiceFactory(name="Fresh entry")
    page = manager_client.get("/staff/directory/").content.decode()
    assert "Old entry" in page
    assert "Fresh entry" not in page
