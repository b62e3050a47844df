"""A family whose postcode is outside our area is told whose area it is, not "try another"."""

import pytest
from django.conf import settings

from familyhub.places.selectors import postcode_council_elsewhere
from tests.frontdoor.conftest import start, url

pytestmark = pytest.mark.django_db

HACKNEY = "E8 4RP"  # Hackney (E09000012): just outside Tower Hamlets
BASILDON = "SS14 1DL"  # Basildon district, whose children's services are Essex County Council's
EDINBURGH = "EH1 1YZ"  # Scotland: a real postcode whose council our list does not name


def answer_address(client, postcode: str):
    draft = start(client)
    response = client.post(
        url(draft, "address"), {"address_1": "Flat 3, 1 Example Road", "postcode": postcode}
    )
    draft.refresh_from_db()
    return draft, response


def test_a_hackney_postcode_is_answered_with_hackney(client, council):
    draft, response = answer_address(client, HACKNEY)

    page = response.content.decode()
    assert response.status_code == 200  # the family stays on the question
    assert "E8 4RP is in Hackney, outside the area we cover" in page
    assert "try a nearby postcode" not in page
    assert "Families who live in Hackney can get help from Hackney's family hubs." in page
    assert 'href="https://www.gov.uk/find-local-council"' in page
    assert "Find Hackney council's website on GOV.UK" in page
    # Placed in temporary accommodation by our council: they can still come to us.
    assert "placed your family in temporary accommodation there" in page
    assert draft.postcode == ""


def test_a_configured_family_hub_page_is_linked(client, council, settings):
    settings.FAMILY_HUB_URLS = {"E09000012": "https://hackney.example/family-hubs"}

    _draft, response = answer_address(client, HACKNEY)

    page = response.content.decode()
    assert 'href="https://hackney.example/family-hubs"' in page
    assert "Go to Hackney's family hub page" in page


def test_a_district_is_answered_with_the_county_that_runs_its_family_hubs(client, council):
    _draft, response = answer_address(client, BASILDON)

    assert "SS14 1DL is in Essex, outside the area we cover" in response.content.decode()


def test_a_postcode_whose_council_we_cannot_name_points_to_find_your_local_council(client, council):
    _draft, response = answer_address(client, EDINBURGH)

    page = response.content.decode()
    assert "EH1 1YZ is outside the area we cover" in page
    assert "Find your local council on GOV.UK" in page


def test_a_postcode_that_does_not_exist_still_asks_to_check_it(client, council):
    _draft, response = answer_address(client, "E8 9ZZ")

    page = response.content.decode()
    assert "We could not find E8 9ZZ. Check it, or try a nearby postcode." in page
    assert "outside the area we cover" not in page


def test_our_own_postcodes_are_never_elsewhere(council):
    assert postcode_council_elsewhere("E1 0AA") is None
    assert postcode_council_elsewhere("E8 4RP").name == "Hackney"


def test_the_answer_is_in_bengali_for_a_family_reading_bengali(client, council):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"

    _draft, response = answer_address(client, HACKNEY)

    page = response.content.decode()
    assert "E8 4RP Hackney-এ, আমরা যে এলাকায় কাজ করি তার বাইরে" in page
