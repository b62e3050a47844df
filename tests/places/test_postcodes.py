import pytest

from familyhub.places.models import Postcode
from familyhub.places.rules import PostcodeError, normalise_postcode, postcode_sector
from familyhub.places.selectors import postcode_get
from familyhub.places.services import postcodes_import


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("e16an", "E1 6AN"), (" E1  6AN ", "E1 6AN"), ("e14 2bg", "E14 2BG"), ("ec3n4ab", "EC3N 4AB")],
)
def test_it_forgives_case_and_spaces(typed, expected):
    assert normalise_postcode(typed) == expected


@pytest.mark.parametrize("typed", ["", "   ", "hello", "E1", "123 456", "E1 6A"])
def test_it_rejects_what_is_not_a_postcode(typed):
    with pytest.raises(PostcodeError):
        normalise_postcode(typed)


def test_sector_is_outward_code_and_first_inward_digit():
    assert postcode_sector("E14 2BG") == "E14 2"


def test_a_real_borough_postcode_is_found_with_coordinates(postcodes):
    found = postcode_get("e1 1bb")
    assert found.local_authority_code == "E09000030"
    # Whitechapel Road: about 51.52 N, 0.06 W; the grid reference converts to that.
    assert 51.50 < found.latitude < 51.53
    assert -0.09 < found.longitude < -0.05


def test_an_unknown_postcode_says_so(postcodes):
    with pytest.raises(PostcodeError, match="could not find ZZ9 9ZZ"):
        postcode_get("zz99zz")


def test_a_terminated_postcode_says_it_is_no_longer_in_use(postcodes):
    Postcode.objects.filter(postcode="E1 1BB").update(terminated=True)
    with pytest.raises(PostcodeError, match="no longer in use"):
        postcode_get("E1 1BB")


def test_reimport_changes_nothing_and_marks_vanished_postcodes_terminated(postcodes):
    before = Postcode.objects.count()
    Postcode.objects.create(
        postcode="E3 9ZZ",
        local_authority_code="E09000030",
        easting=535000,
        northing=181000,
        latitude=51.5,
        longitude=-0.05,
    )
    result = postcodes_import(local_authority_codes=["E09000030"], letters="E")
    assert (result.added, result.updated, result.terminated) == (0, 0, 1)
    assert Postcode.objects.get(postcode="E3 9ZZ").terminated
    assert Postcode.objects.count() == before + 1
