"""Merging two records of one person from the family record, and undoing it there: both histories
kept, the undo restores every row, only triage and locality managers, only people in families
they can see, a reason each time, and the merged-away record gone from the household lists."""

import datetime as dt

import pytest

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.merging import person_merge
from familyhub.families.models import Membership, Person, Relationship, Sex
from familyhub.families.rules import may_merge
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory, OrganisationFactory
from tests.families.test_merging import snapshot
from tests.families_factories import (
    ChronologyEventFactory,
    ConsentFactory,
    FamilyFactory,
    PersonFactory,
    RelationshipFactory,
    family_with_consent_for,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory

pytestmark = pytest.mark.django_db

BORN = dt.date(2016, 9, 12)
MERGING_ROLES = [Role.TRIAGE, Role.LOCALITY_MANAGER]


def child(given_name: str, **kwargs) -> Person:
    return PersonFactory(
        given_name=given_name,
        family_name="Hassan",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode="E1 6AN",
        **kwargs,
    )


@pytest.fixture
def world():
    """Layla at home with her mum; a second record of her, "Laila", at her grandmother's."""
    team = OrganisationFactory(name="Front Door")
    home = family_with_consent_for(team, name="Hassan")
    nan = family_with_consent_for(team, name="Osman")
    layla = child("Layla", nhs_number="9434765919")
    laila = child("Laila")
    mum = PersonFactory(adult=True, given_name="Hodan", family_name="Hassan")
    HouseholdMembershipFactory(family=home, person=layla)
    HouseholdMembershipFactory(family=home, person=mum, role=Membership.Role.PARENT)
    HouseholdMembershipFactory(family=nan, person=laila)
    RelationshipFactory(person=mum, other=layla)
    RelationshipFactory(person=mum, other=laila)
    ChronologyEventFactory(family=nan, organisation=team, person=laila, summary="Nan called")
    ChronologyEventFactory(family=home, organisation=team, person=layla)
    ConsentFactory(family=nan, given_by=laila, organisations=[team])
    return {
        "team": team,
        "home": home,
        "nan": nan,
        "layla": layla,
        "laila": laila,
        "triage": MembershipFactory(organisation=team, role=Role.TRIAGE).user,
    }


def urls(world) -> dict[str, str]:
    nan, laila, layla = world["nan"], world["laila"], world["layla"]
    candidates = f"/staff/families/{nan.pk}/people/{laila.pk}/same-person"
    return {
        "record": f"/staff/families/{nan.pk}/",
        "candidates": candidates,
        "confirm": f"{candidates}/{layla.pk}",
    }


def test_only_triage_and_locality_managers_may_merge():
    for role in Role:
        user = MembershipFactory(role=role).user
        assert may_merge(user) is (role in MERGING_ROLES)


def test_merge_then_undo_through_the_pages_restores_everything(client, world):
    before = snapshot()
    laila, layla, triage = world["laila"], world["layla"], world["triage"]
    url = urls(world)
    sign_in_verified(client, triage)

    record = client.get(url["record"]).text
    assert "Same person as someone else?" in record and url["candidates"] in record

    page = client.get(url["candidates"])
    assert page.status_code == 200
    assert "Layla Hassan" in page.text and "Osman" in page.text  # the candidate and this home
    assert "Same last name" in page.text and "% likely to be the same person" in page.text
    assert f'value="{laila.pk}"' not in page.text  # never offered to itself

    response = client.post(url["candidates"], {"record": str(layla.pk)})
    assert response.status_code == 302 and response["Location"] == url["confirm"]

    page = client.get(url["confirm"])
    assert page.status_code == 200
    assert "ending 5919" in page.text and "9434765919" not in page.text  # masked
    assert "Hassan (" in page.text and "Osman (" in page.text  # both households

    response = client.post(url["confirm"], {"reason": "Same child, school confirmed"}, follow=True)
    assert response.redirect_chain[-1][0] == url["record"] + "#merged-records"
    assert "The records have been merged" in response.text
    laila.refresh_from_db()
    assert laila.merged_into == layla
    event = AuditEvent.objects.get(action=AuditEvent.Action.MERGE)
    assert event.actor == triage and event.reason == "Same child, school confirmed"
    # On the kept person's record now: Layla, not Laila, and the merge with its undo.
    assert "Merged records" in response.text and "Laila Hassan merged into Layla Hassan" in (
        response.text
    )
    assert f"/merges/{event.pk}/undo" in response.text

    response = client.post(
        f"/staff/families/{world['nan'].pk}/merges/{event.pk}/undo",
        {"reason": "Twins: different children"},
        follow=True,
    )
    assert "The merge has been undone" in response.text
    assert snapshot() == before
    undo = AuditEvent.objects.get(action=AuditEvent.Action.UNMERGE)
    assert undo.actor == triage and undo.reason == "Twins: different children"
    assert undo.details["merge_event"] == event.pk
    assert "Merged records" not in client.get(url["record"]).text


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in MERGING_ROLES], ids=lambda role: role.value
)
def test_other_roles_get_no_link_and_404_on_every_merge_page(client, world, role):
    user = MembershipFactory(organisation=world["team"], role=role).user
    event = person_merge(keep=world["layla"], merge=world["laila"], by=world["triage"], reason="x")
    sign_in_verified(client, user)
    url = urls(world)
    record = client.get(url["record"])
    if record.status_code == 200:  # the casework roles see the record, and the merge in it
        assert "Same person as someone else?" not in record.text
        assert "Merged records" in record.text and "/undo" not in record.text
    undo = f"/staff/families/{world['nan'].pk}/merges/{event.pk}/undo"
    for path in (url["candidates"], url["confirm"], undo):
        assert client.get(path).status_code == 404
    assert client.post(undo, {"reason": "Let me"}).status_code == 404
    assert client.post(url["confirm"], {"reason": "Let me"}).status_code == 404
    assert Person.objects.get(pk=world["laila"].pk).merged_into == world["layla"]


def test_a_family_the_user_cannot_see_is_404(client, world):
    outsider = MembershipFactory(role=Role.TRIAGE).user  # another organisation, not involved
    sign_in_verified(client, outsider)
    url = urls(world)
    assert client.get(url["candidates"]).status_code == 404
    assert client.post(url["confirm"], {"reason": "Same"}).status_code == 404
    assert world["laila"].merged_into is None


def test_a_record_in_a_family_the_user_cannot_see_is_not_offered(client, world):
    elsewhere = FamilyFactory(name="Hidden")
    HouseholdMembershipFactory(family=elsewhere, person=child("Lailah"))
    sign_in_verified(client, world["triage"])
    url = urls(world)
    page = client.get(url["candidates"]).text
    assert "Lailah" not in page and "Hidden" not in page
    hidden = elsewhere.members.get().person
    assert client.get(f"{url['candidates']}/{hidden.pk}").status_code == 404


def test_a_record_with_its_own_nhs_number_is_still_matched_on_its_other_details(client, world):
    sign_in_verified(client, world["triage"])
    layla_path = f"/staff/families/{world['home'].pk}/people/{world['layla'].pk}/same-person"
    page = client.get(layla_path).text
    assert f'value="{world["laila"].pk}"' in page
    assert f'value="{world["layla"].pk}"' not in page


def test_choosing_nothing_and_giving_no_reason_are_errors_and_keep_what_was_typed(client, world):
    sign_in_verified(client, world["triage"])
    url = urls(world)

    page = client.post(url["candidates"], {})
    assert page.status_code == 200
    assert "govuk-error-summary" in page.text and "<title>Error:" in page.text
    assert 'href="#id_record_0"' in page.text
    assert "Select the record that is the same person" in page.text

    for reason in ("", "   "):
        page = client.post(url["confirm"], {"reason": reason})
        assert page.status_code == 200
        assert "Enter why these records are the same person" in page.text
        assert 'href="#id_reason"' in page.text
    too_long = "Same school, same date of birth. " * 40
    page = client.post(url["confirm"], {"reason": too_long})
    assert page.status_code == 200 and too_long.strip() in page.text
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MERGE).exists()
    assert Person.objects.get(pk=world["laila"].pk).merged_into is None


def test_undoing_needs_a_reason_and_keeps_what_was_typed(client, world):
    event = person_merge(keep=world["layla"], merge=world["laila"], by=world["triage"], reason="x")
    sign_in_verified(client, world["triage"])
    undo = f"/staff/families/{world['home'].pk}/merges/{event.pk}/undo"
    assert client.get(undo).status_code == 200
    page = client.post(undo, {"reason": ""})
    assert page.status_code == 200 and "Enter why this merge is being undone" in page.text
    assert Person.objects.get(pk=world["laila"].pk).merged_into == world["layla"]
    long = "Checked with the school. " * 50
    assert long.strip() in client.post(undo, {"reason": long}).text
    # Done once, the merge is no longer on the record: a second undo finds nothing.
    assert client.post(undo, {"reason": "Different children"}).status_code == 302
    assert client.post(undo, {"reason": "Different children"}).status_code == 404


def test_a_merged_away_record_is_not_listed_in_its_household(client, world):
    """Both records in one home: the duplicate's membership stays (see person_merge), hidden."""
    home, layla, mum = world["home"], world["layla"], world["home"].members.get(role="parent")
    twin = child("Leila")
    HouseholdMembershipFactory(family=home, person=twin)
    RelationshipFactory(person=mum.person, other=twin)
    RelationshipFactory(person=twin, kind=Relationship.Kind.SIBLING_OF, other=layla)
    person_merge(keep=layla, merge=twin, by=world["triage"], reason="Same child")
    sign_in_verified(client, world["triage"])
    page = client.get(f"/staff/families/{home.pk}/").text
    household = page.split("Merged records")[0]
    assert "Leila Hassan" not in household and "Layla Hassan" in household
    assert "Leila Hassan merged into Layla Hassan" in page
