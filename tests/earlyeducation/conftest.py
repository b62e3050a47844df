"""The 2-year-old offer's test world: two localities of the council, each serving a postcode
sector with real Tower Hamlets postcodes, a nursery near each, and a way to write a list."""

import csv
import io
from types import SimpleNamespace

import pytest

from familyhub.directory.search_index import search_entries_refresh
from familyhub.earlyeducation.lists import COLUMNS
from familyhub.places.models import Postcode
from familyhub.places.rules import postcode_sector
from tests.earlyeducation_factories import ProviderFactory
from tests.factories import (
    LocalityFactory,
    LocalitySectorFactory,
    LocationFactory,
    OrganisationFactory,
    ServiceAtLocationFactory,
)


def _postcodes_in_two_sectors() -> tuple[list[str], list[str]]:
    """Three live postcodes of sector E1 6 and three of E3 2."""
    live = Postcode.objects.filter(local_authority_code="E09000030", terminated=False)
    one = live.filter(postcode__startswith="E1 6").order_by("postcode")[:3]
    two = live.filter(postcode__startswith="E3 2").order_by("postcode")[:3]
    return [p.postcode for p in one], [p.postcode for p in two]


@pytest.fixture
def places(council, postcodes):
    """Whitechapel (E1 6…) and Bow (E3 …), a nursery taking funded 2-year-olds in each."""
    whitechapel = LocalityFactory(local_authority=council, name="Whitechapel")
    bow = LocalityFactory(local_authority=council, name="Bow")
    one, two = _postcodes_in_two_sectors()
    LocalitySectorFactory(locality=whitechapel, sector=postcode_sector(one[0]))
    LocalitySectorFactory(locality=bow, sector=postcode_sector(two[0]))
    nurseries = []
    for name, postcode in (("Whitechapel Nursery", one[0]), ("Bow Nursery", two[0])):
        at = Postcode.objects.get(postcode=postcode)
        organisation = OrganisationFactory(local_authority=council, name=f"{name} Ltd")
        provider = ProviderFactory(organisation=organisation, name=name)
        ServiceAtLocationFactory(
            service=provider,
            location=LocationFactory(
                local_authority=council,
                name=name,
                postcode=postcode,
                easting=at.easting,
                northing=at.northing,
            ),
        )
        nurseries.append(provider)
    search_entries_refresh(service_ids=[n.pk for n in nurseries])
    return SimpleNamespace(
        council=council,
        whitechapel=whitechapel,
        bow=bow,
        whitechapel_postcodes=one,
        bow_postcodes=two,
        nurseries=nurseries,
    )


def child_row(**values) -> dict[str, str]:
    """A good row: a child born in spring 2024 (2 in autumn 2026), contact by letter only."""
    row = {
        "parent_name": "Amina Rahman",
        "ni_number": "AB123456C",
        "address_1": "1 Example Street",
        "postcode": "E1 6AN",
        "child_first_name": "Yusuf",
        "child_last_name": "Rahman",
        "child_date_of_birth": "15/04/2024",
    }
    row.update(values)
    return row


def csv_bytes(rows: list[dict[str, str]], columns=COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()
