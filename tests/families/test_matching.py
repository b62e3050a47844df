import datetime as dt

import pytest

from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.families.matching import MATCH_THRESHOLD, find_candidates
from familyhub.families.models import Sex
from tests.factories import LocalAuthorityFactory
from tests.families_factories import PersonFactory

pytestmark = pytest.mark.django_db

LA = "E09000030"
BORN = dt.date(2015, 3, 4)


@pytest.fixture
def amira():
    return PersonFactory(
        given_name="Amira",
        family_name="Rahman",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode="E1 6AN",
        nhs_number=synthetic_nhs_number(1),
    )


@pytest.fixture
def crowd():
    """Other children born the same day, and others with the same initial that year."""
    return [
        PersonFactory(given_name="Oliver", family_name="Smith", date_of_birth=BORN),
        PersonFactory(given_name="Sadia", family_name="Begum", date_of_birth=BORN),
        PersonFactory(given_name="Ruby", family_name="Roberts", date_of_birth=dt.date(2015, 7, 1)),
        PersonFactory(given_name="Amir", family_name="Rahman", date_of_birth=dt.date(2012, 1, 9)),
    ]


def find(**described):
    query = {
        "local_authority_code": LA,
        "given_name": "",
        "family_name": "",
        "date_of_birth": None,
        "sex": None,
        "postcode": None,
        "nhs_number": None,
    }
    return find_candidates(**(query | described))


def test_same_nhs_number_is_certain_whatever_else_differs(amira, crowd):
    found = find(
        given_name="Amy",
        family_name="Smith",
        date_of_birth=dt.date(2014, 1, 1),
        nhs_number=f"{amira.nhs_number[:3]} {amira.nhs_number[3:6]} {amira.nhs_number[6:]}",
    )
    assert [c.person for c in found] == [amira]
    assert found[0].score == 1.0
    assert found[0].reasons[0] == "Same NHS number"
    assert "Different date of birth" in found[0].reasons


def test_an_invalid_nhs_number_is_ignored_not_trusted(amira, crowd):
    wrong = amira.nhs_number[:-1] + str((int(amira.nhs_number[-1]) + 1) % 10)
    found = find(given_name="Amira", family_name="Rahman", date_of_birth=BORN, nhs_number=wrong)
    assert [c.person for c in found] == [amira]
    assert found[0].score < 1.0


def test_a_different_valid_nhs_number_counts_against(amira):
    same = find(given_name="Amira", family_name="Rahman", date_of_birth=BORN, sex=Sex.FEMALE)
    other = find(
        given_name="Amira",
        family_name="Rahman",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        nhs_number=synthetic_nhs_number(2),
    )
    assert (other[0].score if other else 0) < same[0].score


def test_typo_in_the_name_with_the_same_date_of_birth_is_found(amira, crowd):
    found = find(given_name="Amria", family_name="Rahmen", date_of_birth=BORN)
    assert found and found[0].person == amira
    assert found[0].score >= MATCH_THRESHOLD
    assert "Same date of birth" in found[0].reasons
    assert any(r.startswith("Last name similar (Jaro-Winkler 0.") for r in found[0].reasons)


def test_day_and_month_swapped_is_found(amira, crowd):
    found = find(
        given_name="Amira",
        family_name="Rahman",
        date_of_birth=dt.date(2015, 4, 3),
        sex=Sex.FEMALE,
    )
    assert found and found[0].person == amira
    assert "Date of birth with day and month swapped" in found[0].reasons


def test_year_typed_wrong_is_found_with_the_postcode(amira, crowd):
    found = find(
        given_name="Amira",
        family_name="Rahman",
        date_of_birth=dt.date(2016, 3, 4),
        postcode="e16an",
    )
    assert found and found[0].person == amira
    assert "Date of birth one digit different" in found[0].reasons
    assert "Same postcode" in found[0].reasons


def test_known_name_variants_are_found():
    mohammed = PersonFactory(given_name="Mohammed", family_name="Uddin", date_of_birth=BORN)
    jessica = PersonFactory(given_name="Jessica", family_name="Clarke", date_of_birth=BORN)
    assert find(given_name="Muhammad", family_name="Uddin", date_of_birth=BORN)[0].person == (
        mohammed
    )
    found = find(given_name="Jess", family_name="Clarke", date_of_birth=BORN)
    assert found[0].person == jessica
    assert any("known variant" in reason for reason in found[0].reasons)


def test_names_swapped_between_the_boxes_are_found(amira):
    found = find(given_name="Rahman", family_name="Amira", date_of_birth=BORN)
    assert found and found[0].person == amira
    assert "First and last names swapped" in found[0].reasons


def test_a_different_person_with_the_same_date_of_birth_is_not_offered(amira, crowd):
    found = find(given_name="Jack", family_name="Taylor", date_of_birth=BORN, sex=Sex.MALE)
    assert found == []


def test_a_twin_is_not_offered_as_the_same_child(amira):
    found = find(
        given_name="Zara",
        family_name="Rahman",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode="E1 6AN",
    )
    assert found == []


def test_sex_and_postcode_raise_the_score(amira):
    described = {"given_name": "Amirah", "family_name": "Rahman", "date_of_birth": BORN}
    bare = find(**described, threshold=0)[0].score
    with_sex = find(**described, sex=Sex.FEMALE, threshold=0)[0].score
    with_sector = find(**described, sex=Sex.FEMALE, postcode="E1 6AB", threshold=0)[0].score
    with_postcode = find(**described, sex=Sex.FEMALE, postcode="E1 6AN", threshold=0)[0].score
    assert bare < with_sex < with_sector < with_postcode
    wrong_sex = find(**described, sex=Sex.MALE, threshold=0)[0].score
    assert wrong_sex < bare


def test_best_first_and_limited(amira):
    PersonFactory(given_name="Amira", family_name="Rahman", date_of_birth=BORN, postcode="E3 2AB")
    PersonFactory(given_name="Amira", family_name="Rahman", date_of_birth=BORN, postcode="E14 2BG")
    found = find(given_name="Amira", family_name="Rahman", date_of_birth=BORN, postcode="E1 6AN")
    assert len(found) == 3
    assert found[0].person == amira
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert len(find(given_name="Amira", family_name="Rahman", date_of_birth=BORN, limit=2)) == 2


def test_merged_away_people_are_never_offered(amira):
    duplicate = PersonFactory(
        given_name="Amira",
        family_name="Rahman",
        date_of_birth=BORN,
        nhs_number="",
        merged_into=amira,
    )
    found = find(given_name="Amira", family_name="Rahman", date_of_birth=BORN)
    assert [c.person for c in found] == [amira]
    duplicate.nhs_number = synthetic_nhs_number(7)
    duplicate.save()
    assert find(nhs_number=duplicate.nhs_number, date_of_birth=BORN) == []


def test_other_councils_people_are_not_offered(amira):
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    PersonFactory(
        local_authority=hackney, given_name="Amira", family_name="Rahman", date_of_birth=BORN
    )
    found = find(given_name="Amira", family_name="Rahman", date_of_birth=BORN)
    assert [c.person for c in found] == [amira]


def test_without_a_date_of_birth_only_the_nhs_number_is_used(amira):
    assert find(given_name="Amira", family_name="Rahman") == []
    assert find(nhs_number=amira.nhs_number)[0].person == amira
