"""The public search: each filter narrows the results, distance orders them, input is forgiven."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Service, Weekday
from familyhub.directory.search_index import search_entries_refresh
from familyhub.directory.selectors import DirectorySearch, directory_search
from familyhub.places.selectors import postcode_get
from tests.factories import (
    LanguageFactory,
    LocationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.usefixtures("postcodes")

# Real Tower Hamlets postcodes: Whitechapel, Bethnal Green, Canary Wharf.
WHITECHAPEL, BETHNAL_GREEN, CANARY_WHARF = "E1 1BB", "E2 0QN", "E14 2BG"


def place(postcode: str, **fields) -> Location:
    found = postcode_get(postcode)
    return LocationFactory(
        postcode=found.postcode,
        easting=found.easting,
        northing=found.northing,
        latitude=found.latitude,
        longitude=found.longitude,
        **fields,
    )


def offered_at(location: Location, **service_fields):
    return ServiceAtLocationFactory(service=ServiceFactory(**service_fields), location=location)


def names(search: DirectorySearch) -> list[str]:
    search_entries_refresh()
    return [entry.service_name for entry in directory_search(search)]


def get_find(client, **query):
    """The search page, once the index holds what the test made."""
    search_entries_refresh()
    return client.get("/find", query)


def test_postcode_search_orders_by_distance_and_leaves_out_what_is_too_far():
    offered_at(place(CANARY_WHARF), name="Far")
    offered_at(place(BETHNAL_GREEN), name="Middle")
    offered_at(place(WHITECHAPEL), name="Near")
    near_whitechapel = postcode_get(WHITECHAPEL)
    assert names(DirectorySearch(postcode=near_whitechapel, distance_miles=5)) == [
        "Near",
        "Middle",
        "Far",
    ]
    # Canary Wharf is about 3.5 miles from Whitechapel; Bethnal Green about 1.
    assert names(DirectorySearch(postcode=near_whitechapel, distance_miles=2)) == [
        "Near",
        "Middle",
    ]


def test_online_provision_of_the_same_council_is_listed_after_places():
    online = LocationFactory(kind=Location.Kind.VIRTUAL, postcode="", easting=None, northing=None)
    offered_at(online, name="Online parenting course", online=True)
    offered_at(place(WHITECHAPEL), name="Stay and play")
    assert names(DirectorySearch(postcode=postcode_get(WHITECHAPEL), distance_miles=1)) == [
        "Stay and play",
        "Online parenting course",
    ]


def test_only_active_services_of_approved_organisations_are_found():
    here = place(WHITECHAPEL)
    offered_at(here, name="Listed")
    offered_at(here, name="Closed", status=Service.Status.DEFUNCT)
    offered_at(here, name="Unapproved", organisation__status=Organisation.Status.PENDING)
    assert names(DirectorySearch()) == ["Listed"]


def test_category_includes_the_categories_beneath_it():
    parent = TaxonomyTermFactory(name="Family support")
    child = TaxonomyTermFactory(name="Parenting", parent=parent, taxonomy=parent.taxonomy)
    here = place(WHITECHAPEL)
    offered_at(here, name="Triple P").service.terms.add(child)
    offered_at(here, name="Youth club")
    assert names(DirectorySearch(categories=[parent.pk])) == ["Triple P"]
    assert names(DirectorySearch(categories=[child.pk])) == ["Triple P"]


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        ("0-2", ["Baby group", "Bump and baby", "Open to all"]),
        ("12-15", ["Open to all", "Youth club"]),
        ("pregnancy", ["Antenatal class", "Bump and baby"]),
    ],
)
def test_age_band_matches_overlapping_ranges(band, expected):
    here = place(WHITECHAPEL)
    offered_at(here, name="Baby group", minimum_age=0, maximum_age=1)
    offered_at(here, name="Youth club", minimum_age=11, maximum_age=19)
    offered_at(here, name="Open to all")
    offered_at(here, name="Antenatal class", for_pregnancy=True)
    offered_at(here, name="Bump and baby", for_pregnancy=True, minimum_age=0, maximum_age=1)
    assert names(DirectorySearch(age_band=band)) == sorted(expected)


def test_language_cost_access_and_delivery_filters_combine():
    hub = place(WHITECHAPEL, kind=Location.Kind.MAIN_HUB)
    spoke = place(BETHNAL_GREEN, kind=Location.Kind.SPOKE)
    bengali = LanguageFactory(code="bn", name="Bengali")
    offered_at(hub, name="Bengali parenting group", is_free=True).service.languages.add(bengali)
    offered_at(spoke, name="Bengali paid class", is_free=False).service.languages.add(bengali)
    offered_at(hub, name="English drop-in", access=Service.Access.DROP_IN)
    offered_at(spoke, name="Referral only", access=Service.Access.REFERRAL, by_phone=True)

    assert names(DirectorySearch(languages=["bn"])) == [
        "Bengali paid class",
        "Bengali parenting group",
    ]
    assert names(DirectorySearch(languages=["bn"], cost="free")) == ["Bengali parenting group"]
    assert names(DirectorySearch(delivery=["hub"], access=["drop_in"])) == [
        "Bengali parenting group",
        "English drop-in",
    ]
    assert names(DirectorySearch(delivery=["phone"])) == ["Referral only"]


def test_day_and_access_features():
    quiet = place(WHITECHAPEL, quiet_space=True, paper_towels=True)
    noisy = place(BETHNAL_GREEN)
    ScheduleFactory(service_at_location=offered_at(quiet, name="Tuesday calm play"))
    ScheduleFactory(
        service_at_location=offered_at(noisy, name="Friday disco"), weekday=Weekday.FRIDAY
    )
    offered_at(noisy, name="Interpreted advice", interpreter=True)
    assert names(DirectorySearch(day=Weekday.TUESDAY)) == ["Tuesday calm play"]
    assert names(DirectorySearch(features=["quiet_space", "paper_towels"])) == ["Tuesday calm play"]
    assert names(DirectorySearch(features=["interpreter"])) == ["Interpreted advice"]


def test_keywords_match_name_description_and_organisation():
    here = place(WHITECHAPEL)
    offered_at(here, name="Baby massage", description="Gentle touch for babies")
    offered_at(here, name="Money advice", description="Debt and benefits help")
    assert names(DirectorySearch(keywords="massage")) == ["Baby massage"]
    assert names(DirectorySearch(keywords="DEBT benefits")) == ["Money advice"]


def test_the_search_page_keeps_filters_in_the_url_and_shows_distance(client):
    offered_at(place(BETHNAL_GREEN), name="Stay and play", is_free=True)
    response = get_find(client, postcode="e1 1bb", distance="2", cost="free")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stay and play" in page
    assert "miles away" in page
    assert 'value="E1 1BB"' in page or 'value="e1 1bb"' in page


def test_a_bad_postcode_gets_a_clear_message_and_keeps_what_was_typed(client):
    response = get_find(client, postcode="zz9 9zz", q="play", language="bn")
    page = response.content.decode()
    assert response.status_code == 200
    assert "We could not find ZZ9 9ZZ" in page
    assert "govuk-error-summary" in page
    assert 'value="play"' in page


def test_search_results_are_paged_and_paging_keeps_the_filters(client):
    here = place(WHITECHAPEL)
    for n in range(12):
        offered_at(here, name=f"Group {n:02d}")
    first = get_find(client, q="group").content.decode()
    second = get_find(client, q="group", page="2").content.decode()
    assert "12 results" in first
    assert "Group 00" in first and "Group 10" not in first
    assert "Group 10" in second and "Group 11" in second
    assert "q=group&amp;page=2" in first


def test_the_number_of_queries_does_not_grow_with_the_page(client):
    here = place(WHITECHAPEL)

    def add_groups(count: int) -> None:
        for _ in range(count):
            sal = offered_at(here, name="Group")
            ScheduleFactory(service_at_location=sal)
            sal.service.languages.add(LanguageFactory())

    def queries_for_search() -> int:
        search_entries_refresh()
        with CaptureQueriesContext(connection) as queries:
            client.get("/find", {"postcode": "E1 1BB", "q": "group", "language": "en"})
        return len(queries)

    add_groups(1)
    one_result = queries_for_search()
    add_groups(9)
    assert queries_for_search() == one_result
    assert one_result <= 12


def test_a_very_wide_search_says_more_than_the_cap(client, monkeypatch):
    monkeypatch.setattr("familyhub.directory.paging.RESULT_COUNT_CAP", 11)
    monkeypatch.setattr("familyhub.directory.views.public.RESULT_COUNT_CAP", 11)
    here = place(WHITECHAPEL)
    for n in range(12):
        offered_at(here, name=f"Group {n:02d}")
    page = get_find(client, q="group", page="2").content.decode()
    assert "More than 11 results" in page
    assert "Group 11" in page


def test_the_category_filter_on_the_page_takes_slugs_and_includes_children(client):
    parent = TaxonomyTermFactory(name="Family support")
    child = TaxonomyTermFactory(name="Parenting", parent=parent, taxonomy=parent.taxonomy)
    here = place(WHITECHAPEL)
    offered_at(here, name="Triple P").service.terms.add(child)
    offered_at(here, name="Youth club")
    page = get_find(client, category=parent.slug).content.decode()
    assert "Triple P" in page and "Youth club" not in page
