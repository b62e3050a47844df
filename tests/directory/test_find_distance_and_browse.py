"""Find support applies the distance it shows, and "Browse all support" lists everything, paged."""

import re

import pytest

from familyhub.directory.models import Location
from familyhub.directory.search_index import search_entries_refresh
from familyhub.directory.selectors import DirectorySearch, directory_search
from familyhub.places.selectors import postcode_get
from tests.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory

pytestmark = pytest.mark.usefixtures("postcodes")

# Real Tower Hamlets postcodes: Canary Wharf is about 2.5 miles from Whitechapel.
WHITECHAPEL, CANARY_WHARF = "E1 1BB", "E14 2BG"


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


def offered_at(location: Location, name: str) -> None:
    ServiceAtLocationFactory(service=ServiceFactory(name=name), location=location)


def find(client, **query) -> str:
    search_entries_refresh()
    response = client.get("/find", query)
    assert response.status_code == 200
    return response.content.decode()


def selected_distance(page: str) -> str:
    return re.search(r'<option value="(\d+)" selected>', page).group(1)


@pytest.fixture
def near_and_far(postcodes):
    offered_at(place(WHITECHAPEL), "Stay and play in Whitechapel")
    offered_at(place(CANARY_WHARF), "Baby rhyme time at Canary Wharf")


@pytest.mark.usefixtures("near_and_far")
def test_a_service_beyond_the_distance_is_left_out():
    search = DirectorySearch(postcode=postcode_get(WHITECHAPEL), distance_miles=1)
    search_entries_refresh()
    assert [e.service_name for e in directory_search(search)] == ["Stay and play in Whitechapel"]
    search.distance_miles = 5
    assert len(directory_search(search)) == 2


@pytest.mark.usefixtures("near_and_far")
def test_the_page_applies_the_distance_chosen(client):
    page = find(client, postcode=WHITECHAPEL, distance="1")
    assert "Stay and play in Whitechapel" in page
    assert "Canary Wharf" not in page
    assert selected_distance(page) == "1"


@pytest.mark.usefixtures("near_and_far")
def test_a_search_without_a_distance_shows_the_distance_it_applied(client):
    # The home page's postcode box sends no distance: the select must not show "Within 1 mile"
    # (its first choice) while 5 miles are applied.
    page = find(client, postcode=WHITECHAPEL)
    assert "Baby rhyme time at Canary Wharf" in page
    assert selected_distance(page) == "5"


@pytest.mark.usefixtures("near_and_far")
def test_without_a_postcode_the_page_says_distance_needs_one(client):
    page = find(client, distance="1")
    assert "Canary Wharf" in page  # nothing to measure from: every place is listed
    assert "Enter a postcode to see the nearest support first" in page


def test_browse_all_support_lists_every_service_in_pages(client):
    hall = place(WHITECHAPEL)
    for number in range(12):
        offered_at(hall, f"Group {number:02}")
    first = find(client)
    assert "12 results" in first
    assert first.count('class="familyhub-result ') == 10
    assert "Group 00" in first and "Group 10" not in first
    second = find(client, page="2")
    assert second.count('class="familyhub-result ') == 2
    assert "Group 10" in second and "Group 11" in second


def test_browse_all_is_what_the_home_page_links_to(client):
    assert 'href="/find"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "language, words",
    [
        ("bn", ["ফলাফল ফিল্টার করুন", 'data-button-text="ফিল্টার"', "একটি পোস্টকোড লিখুন"]),
        ("so", ["Shaandhee natiijooyinka", 'data-button-text="Shaandhee"', "Geli koodhka"]),
    ],
)
def test_the_filter_link_and_button_are_in_the_familys_language(client, settings, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = find(client)
    for word in words:
        assert word in page


def test_a_search_that_finds_nothing_says_so(client, postcodes):
    offered_at(place(CANARY_WHARF), "Baby rhyme time at Canary Wharf")
    page = find(client, postcode=WHITECHAPEL, distance="1")
    assert "0 results" in page
    assert "No support matches your search." in page
