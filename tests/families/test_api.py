"""The read API of the shared family record (/api/families/): only a verified staff session, the
same rules as the pages (the full role × involvement × sharing matrix is in test_access_matrix),
every read audited, paged, and read in a constant number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.merging import person_merge
from familyhub.families.models import ChronologyEvent, Consent, Membership
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.families_factories import (
    ChronologyEventFactory,
    PersonFactory,
    RelationshipFactory,
    family_with_consent_for,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.queries import queries_for as _queries_for

pytestmark = pytest.mark.django_db

API = "/api/families/"


def shared_family(organisation, *, name: str = "Begum", scope: str = Consent.Scope.WHOLE_RECORD):
    """A family the organisation works with, `scope` of its record shared with it."""
    return family_with_consent_for(organisation, scope=scope, name=name)


@pytest.fixture
def family(organisation):
    family = shared_family(organisation)
    mother = HouseholdMembershipFactory(
        family=family,
        role=Membership.Role.PARENT,
        person=PersonFactory(given_name="Rahima", family_name="Begum", adult=True),
    ).person
    child = HouseholdMembershipFactory(
        family=family,
        person=PersonFactory(given_name="Ayaan", family_name="Begum", nhs_number="9434765919"),
    ).person
    RelationshipFactory(person=mother, other=child)
    for days, summary in ((30, "Welcome visit"), (3, "School meeting"), (10, "Health visit")):
        ChronologyEventFactory(
            family=family,
            organisation=organisation,
            person=child,
            summary=summary,
            occurred_on=timezone.localdate() - dt.timedelta(days=days),
        )
    return family


def audit(action: str, family) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, family_id=family.pk).order_by("id"))


# --- Authentication ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "{pk}", "{pk}/chronology", "nothing-here"])
def test_anonymous_callers_get_401_and_no_personal_data(client, family, path):
    response = client.get(API + path.format(pk=family.pk))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert "Begum" not in response.text and family.reference not in response.text
    assert not AuditEvent.objects.filter(family_id=family.pk).exists()


@pytest.mark.parametrize("path", ["", "{pk}", "{pk}/chronology"])
def test_a_session_without_its_second_factor_gets_401(client, family, lead, path):
    client.force_login(lead)  # password accepted, authenticator code not yet given
    response = client.get(API + path.format(pk=family.pk))
    assert response.status_code == 401
    assert "Begum" not in response.text


def test_answers_are_never_cached(client, family, lead):
    sign_in_verified(client, lead)
    assert client.get(f"{API}{family.pk}")["Cache-Control"] == "no-store"


def test_the_openapi_document_describes_the_three_reads(client):
    response = client.get(f"{API}openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/api/families/",
        "/api/families/{family_id}",
        "/api/families/{family_id}/chronology",
    }


# --- The rules ---------------------------------------------------------------------------------


def test_the_family_lists_household_relationships_and_involvements(client, family, lead):
    sign_in_verified(client, lead)
    data = client.get(f"{API}{family.pk}").json()
    assert data["reference"] == family.reference and data["name"] == "Begum"
    assert data["shared_without_consent"] is False
    names = {(p["given_name"], p["role"]) for p in data["household"]}
    assert names == {("Rahima", "parent"), ("Ayaan", "child")}
    assert [r["kind"] for r in data["relationships"]] == ["parent_of"]
    assert [i["organisation"] for i in data["involvements"]] == ["Early Help Team"]


def test_a_family_the_caller_does_not_work_with_is_404_everywhere(client, family):
    outsider = MembershipFactory(role=Role.LEAD_PROFESSIONAL).user
    sign_in_verified(client, outsider)
    for path in (f"{family.pk}", f"{family.pk}/chronology"):
        response = client.get(API + path)
        assert response.status_code == 404
        assert "Begum" not in response.text
    assert client.get(API).json()["count"] == 0
    assert client.get(API, {"q": family.reference}).json()["results"] == []
    assert not audit(AuditEvent.Action.VIEW, family)


def test_a_contact_details_consent_gives_the_people_and_not_the_events(client, organisation, lead):
    family = shared_family(organisation, scope=Consent.Scope.CONTACT_DETAILS)
    sign_in_verified(client, lead)
    assert client.get(f"{API}{family.pk}").status_code == 200
    assert client.get(f"{API}{family.pk}/chronology").status_code == 404


def test_a_chronology_consent_gives_the_events_without_naming_anyone(client, organisation, lead):
    family = shared_family(organisation, scope=Consent.Scope.CHRONOLOGY)
    person = HouseholdMembershipFactory(family=family, person__given_name="Quillon").person
    ChronologyEventFactory(family=family, organisation=organisation, person=person)
    sign_in_verified(client, lead)
    assert client.get(f"{API}{family.pk}").status_code == 404
    assert client.get(API).json()["count"] == 0  # the list is of families whose people show
    response = client.get(f"{API}{family.pk}/chronology")
    assert response.status_code == 200
    assert [e["person"] for e in response.json()["results"]] == [None]
    assert "Quillon" not in response.text


def test_the_chronology_is_newest_first(client, family, lead):
    sign_in_verified(client, lead)
    data = client.get(f"{API}{family.pk}/chronology").json()
    assert [e["summary"] for e in data["results"]] == [
        "School meeting",
        "Health visit",
        "Welcome visit",
    ]
    assert {e["person"] for e in data["results"]} == {"Ayaan Begum"}


def test_a_merged_away_record_is_not_listed_in_the_household(client, family, lead):
    ayaan = family.members.get(person__given_name="Ayaan").person
    duplicate = HouseholdMembershipFactory(
        family=family, person=PersonFactory(given_name="Ayan", family_name="Begum")
    ).person
    RelationshipFactory(person=family.members.get(role="parent").person, other=duplicate)
    person_merge(keep=ayaan, merge=duplicate, by=lead, reason="Same child")
    sign_in_verified(client, lead)
    data = client.get(f"{API}{family.pk}").json()
    assert sorted(p["given_name"] for p in data["household"]) == ["Ayaan", "Rahima"]
    assert str(duplicate.pk) not in str(data["relationships"])


# --- Audit -------------------------------------------------------------------------------------


def test_each_read_is_audited_as_the_pages_audit_it(client, family, lead):
    sign_in_verified(client, lead)
    client.get(f"{API}{family.pk}")
    client.get(f"{API}{family.pk}/chronology", {"page": 1})
    people, chronology = audit(AuditEvent.Action.VIEW, family)
    assert people.actor == lead and people.details == {"kinds": ["people"], "via": "api"}
    assert chronology.details == {"kinds": ["chronology"], "via": "api", "page": 1}


def test_a_search_audits_each_family_it_returns_and_the_plain_list_does_not(
    client, family, organisation, lead
):
    other = shared_family(organisation, name="Begum-Hussain")
    unrelated = shared_family(organisation, name="Smith")
    sign_in_verified(client, lead)
    assert client.get(API).json()["count"] == 3
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT).exists()

    data = client.get(API, {"q": "begum"}).json()
    assert [f["name"] for f in data["results"]] == ["Begum", "Begum-Hussain"]
    hits = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT, actor=lead)
    assert {h.family_id for h in hits} == {family.pk, other.pk}
    assert {h.details["query"] for h in hits} == {"begum"}
    assert not audit(AuditEvent.Action.SEARCH_HIT, unrelated)

    assert [f["id"] for f in client.get(API, {"q": other.reference}).json()["results"]] == [
        str(other.pk)
    ]


# --- Paging ------------------------------------------------------------------------------------


def test_the_list_is_paged_and_a_search_audits_only_the_page_returned(client, organisation, lead):
    for n in range(5):
        shared_family(organisation, name=f"Ahmed {n}")
    sign_in_verified(client, lead)
    data = client.get(API, {"q": "ahmed", "page": 2, "per_page": 2}).json()
    assert (data["count"], data["page"], data["per_page"], data["total_pages"]) == (5, 2, 2, 3)
    assert [f["name"] for f in data["results"]] == ["Ahmed 2", "Ahmed 3"]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT).count() == 2
    assert client.get(API, {"page": 9, "per_page": 2}).json()["results"] == []
    assert client.get(API, {"per_page": 10_000}).json()["per_page"] == 100


def test_the_chronology_is_paged(client, family, lead):
    sign_in_verified(client, lead)
    data = client.get(f"{API}{family.pk}/chronology", {"page": 2, "per_page": 2}).json()
    assert (data["count"], data["total_pages"]) == (3, 2)
    assert [e["summary"] for e in data["results"]] == ["Welcome visit"]
    assert client.get(f"{API}{family.pk}/chronology", {"page": "two"}).status_code == 422


# --- Query counts ------------------------------------------------------------------------------


def test_reads_take_a_constant_number_of_queries(client, family, organisation, lead):
    sign_in_verified(client, lead)
    author = UserFactory()

    def grow(n: int) -> None:
        for _ in range(n):
            person = HouseholdMembershipFactory(family=family).person
            RelationshipFactory(person=person, other=family.members.first().person)
            shared_family(organisation, name=f"Begum {person.given_name}")
        ChronologyEvent.objects.bulk_create(
            ChronologyEvent(
                family=family,
                organisation=OrganisationFactory() if i % 10 == 0 else organisation,
                recorded_by=author,
                person=family.members.first().person if i % 2 else None,
                occurred_on=timezone.localdate() - dt.timedelta(days=i),
                summary=f"Event {i}",
            )
            for i in range(n * 10)
        )

    urls = [
        (API, {"q": "begum", "per_page": 100}),
        (f"{API}{family.pk}", None),
        (f"{API}{family.pk}/chronology", {"per_page": 100}),
    ]
    # The first audited read starts the trail (from the last purge's checkpoint): not measured.
    client.get(API, {"q": "begum"})
    grow(2)
    small = [_queries_for(client, url, params) for url, params in urls]
    grow(20)
    large = [_queries_for(client, url, params) for url, params in urls]
    assert large == small
