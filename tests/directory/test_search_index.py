"""The search index follows every write that changes what a family would find."""

import pytest

from familyhub.accounts.models import Organisation, Role
from familyhub.directory import services
from familyhub.directory.models import Location, Schedule, SearchEntry, Weekday
from familyhub.directory.search_index import search_entries_refresh, token
from familyhub.places.selectors import postcode_get
from tests.accounts.helpers import sign_in_verified
from tests.factories import (
    LanguageFactory,
    LocationFactory,
    MembershipFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")


def entry_for(sal) -> SearchEntry:
    return SearchEntry.objects.get(service_at_location=sal)


def test_an_entry_holds_categories_with_their_parents_languages_days_and_features():
    parent = TaxonomyTermFactory(name="Family support")
    child = TaxonomyTermFactory(name="Parenting", parent=parent, taxonomy=parent.taxonomy)
    sal = ServiceAtLocationFactory(
        service__name="Triple P", service__interpreter=True, location__quiet_space=True
    )
    sal.service.terms.add(child)
    sal.service.languages.add(LanguageFactory(code="so", name="Somali"))
    ScheduleFactory(service_at_location=sal, weekday=Weekday.THURSDAY)
    search_entries_refresh(service_ids=[sal.service_id])

    facets = entry_for(sal).facets
    for expected in [
        token("c", child.pk.hex),
        token("c", parent.pk.hex),
        token("l", "so"),
        token("d", Weekday.THURSDAY),
        token("f", "quiet_space"),
        token("f", "interpreter"),
    ]:
        assert expected in facets
    assert token("f", "step_free") not in facets
    assert "triple p" in entry_for(sal).text


def test_approving_an_organisation_puts_its_services_in_the_search_and_rejecting_does_not():
    approved = ServiceAtLocationFactory(service__organisation__status=Organisation.Status.PENDING)
    rejected = ServiceAtLocationFactory(service__organisation__status=Organisation.Status.PENDING)
    search_entries_refresh()
    assert not SearchEntry.objects.exists()
    manager = MembershipFactory(role=Role.DIRECTORY_MANAGER).user
    for sal, approve in [(approved, True), (rejected, False)]:
        services.organisation_decide(
            organisation=sal.service.organisation,
            approve=approve,
            by=manager,
            absolute_uri=lambda path: f"https://testserver{path}",
        )
    assert entry_for(approved)
    assert not SearchEntry.objects.filter(service_at_location=rejected).exists()


def test_sessions_added_and_removed_change_the_days_found():
    sal = ServiceAtLocationFactory()
    schedule = Schedule(weekday=Weekday.MONDAY, opens_at="09:00", closes_at="10:00")
    services.schedule_add(service_at_location=sal, schedule=schedule)
    assert token("d", Weekday.MONDAY) in entry_for(sal).facets
    services.schedule_remove(schedule=schedule)
    assert token("d", Weekday.MONDAY) not in entry_for(sal).facets


def test_moving_a_venue_moves_its_services_on_the_grid():
    venue = LocationFactory(kind=Location.Kind.VENUE)
    sal = ServiceAtLocationFactory(location=venue)
    search_entries_refresh()
    poplar = postcode_get("E14 2BG")
    venue.step_free = True
    services.location_save(location=venue, postcode=poplar)
    entry = entry_for(sal)
    assert (entry.easting, entry.northing) == (poplar.easting, poplar.northing)
    assert token("f", "step_free") in entry.facets


def test_a_service_saved_by_its_editor_is_found_at_once(client):
    membership = MembershipFactory(role=Role.DIRECTORY_EDITOR)
    spoke = LocationFactory(kind=Location.Kind.SPOKE)
    sign_in_verified(client, membership.user)
    client.post(
        f"/staff/directory/organisations/{membership.organisation.pk}/services/new",
        {
            "name": "Dads' breakfast club",
            "description": "Breakfast and play for dads and children.",
            "access": "drop_in",
            "is_free": "on",
            "status": "active",
            "locations": [str(spoke.pk)],
        },
    )
    page = client.get("/find", {"q": "breakfast"}).content.decode()
    assert "Dads&#x27; breakfast club" in page
