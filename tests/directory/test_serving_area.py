"""Which locality and hubs serve a postcode: the one function other apps use to route families."""

import pytest

from familyhub.directory.models import Location
from familyhub.directory.selectors import postcode_served_by
from familyhub.places.models import LocalitySector, Postcode
from familyhub.places.selectors import postcode_get
from tests.factories import LocalityFactory, LocationFactory

pytestmark = pytest.mark.usefixtures("postcodes")


def site_at(postcode: str, **fields) -> Location:
    found = postcode_get(postcode)
    return LocationFactory(easting=found.easting, northing=found.northing, **fields)


def test_the_sector_decides_the_locality_and_its_main_hub():
    north_west = LocalityFactory(name="North West")
    south_east = LocalityFactory(name="South East")
    LocalitySector.objects.create(
        locality=north_west, local_authority_id="E09000030", sector="E2 0"
    )
    nw_hub = site_at("E2 0QN", kind=Location.Kind.MAIN_HUB, locality=north_west)
    site_at("E14 2BG", kind=Location.Kind.MAIN_HUB, locality=south_east)
    spoke = site_at("E2 0QN", kind=Location.Kind.SPOKE, locality=north_west, hub=nw_hub)

    served = postcode_served_by(postcode_get("E2 0QN"))
    assert served.locality == north_west
    assert served.main_hub == nw_hub
    assert served.nearest_site in {nw_hub, spoke}
    assert served.nearest_site_metres == 0


def test_without_a_sector_the_nearest_hub_sites_locality_serves():
    south_east = LocalityFactory(name="South East")
    se_hub = site_at("E14 2BG", kind=Location.Kind.MAIN_HUB, locality=south_east)
    served = postcode_served_by(postcode_get("E14 2BG"))
    assert (served.locality, served.main_hub, served.nearest_site) == (south_east, se_hub, se_hub)


def test_every_demo_borough_postcode_has_a_locality_and_main_hub(demo_borough):
    for postcode in Postcode.objects.filter(local_authority_code="E09000030")[::500]:
        served = postcode_served_by(postcode)
        assert served.locality is not None, postcode
        assert served.main_hub is not None and served.main_hub.locality == served.locality


def test_the_search_page_names_the_familys_hub(client, demo_borough):
    page = client.get("/find", {"postcode": "E14 2BG"}).content.decode()
    assert "Your Family Hub is" in page
