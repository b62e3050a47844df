"""The family record page reads in at most 15 queries, however long its chronology: with 10
events and with 1,000, a household of several people with languages and relationships, two
requests joined to the family and an open episode, on SQLite and on PostgreSQL.

What is counted is every statement the request sends to the database (the session, the user,
their authenticator, the record, the audit write and the session's own update), except the
transaction control around them (SAVEPOINT, RELEASE, BEGIN): how many savepoints there are
depends on the test's own transaction, not on the page. bench/family_record.py counts alike.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.families.models import ChronologyEvent, Membership
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.casework_factories import EpisodeFactory
from tests.factories import LanguageFactory, OrganisationFactory, UserFactory
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.families_factories import (
    PersonFactory,
    RelationshipFactory,
    family_with_consent_for,
)
from tests.frontdoor_factories import SubmittedRequestFactory

QUERY_BUDGET = 15
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN")


@pytest.fixture
def family(organisation, lead):
    """The lead's family, whole record shared: four people speaking two languages, related,
    two requests sent and joined to it, and an open episode the lead leads."""
    family = family_with_consent_for(organisation, worker=lead, name="Hassan")
    bengali, somali = (
        LanguageFactory(code="bn", name="Bengali"),
        LanguageFactory(code="so", name="Somali"),
    )
    mother = PersonFactory(given_name="Hodan", family_name="Hassan", adult=True)
    mother.languages.set([somali, bengali])
    HouseholdMembershipFactory(family=family, role=Membership.Role.PARENT, person=mother)
    for _ in range(2):
        child = HouseholdMembershipFactory(family=family).person
        child.languages.set([somali])
        RelationshipFactory(person=mother, other=child)
    HouseholdMembershipFactory(
        family=family, role=Membership.Role.UNBORN, person=PersonFactory(unborn=True)
    )
    for hours_ago in (24 * 60, 2):
        SubmittedRequestFactory(
            family=family,
            local_authority=family.local_authority,
            language=somali,
            hours_ago=hours_ago,
        )
    EpisodeFactory(family=family, lead_organisation=organisation, lead_professional=lead)
    return family


def add_events(family, organisation, n: int) -> None:
    author = UserFactory()
    people = list(family.members.values_list("person_id", flat=True))
    ChronologyEvent.objects.bulk_create(
        ChronologyEvent(
            family=family,
            # Several organisations and authors, as a real chronology has.
            organisation=OrganisationFactory() if i % 100 == 0 else organisation,
            recorded_by=author,
            person_id=people[i % len(people)] if i % 2 else None,
            occurred_on=timezone.localdate() - dt.timedelta(days=i),
            summary=f"Event {i}",
        )
        for i in range(n)
    )


def page_queries(client, family, **params) -> list[str]:
    """The statements a GET of the record page sends, transaction control left out."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/staff/families/{family.pk}/", params)
    assert response.status_code == 200
    return [
        q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)
    ]


def within_budget(queries: list[str]) -> bool:
    return len(queries) <= QUERY_BUDGET


@pytest.mark.django_db
@pytest.mark.parametrize("events", [10, 1000])
def test_the_record_page_reads_in_at_most_15_queries(client, family, organisation, lead, events):
    add_events(family, organisation, events)
    sign_in(client, lead)
    client.get(f"/staff/families/{family.pk}/")  # the first audited read starts the trail

    queries = page_queries(client, family)

    assert within_budget(queries), f"{len(queries)} queries:\n" + "\n".join(queries)


@pytest.mark.django_db
def test_the_last_page_of_a_long_chronology_reads_no_more(client, family, organisation, lead):
    add_events(family, organisation, 1000)
    sign_in(client, lead)
    client.get(f"/staff/families/{family.pk}/")  # the first audited read starts the trail
    first = page_queries(client, family)

    last = page_queries(client, family, page=20)

    assert len(last) == len(first)


@pytest.mark.django_db
def test_the_chronology_is_paged_fifty_events_at_a_time(client, family, organisation, lead):
    add_events(family, organisation, 120)
    sign_in(client, lead)

    first = client.get(f"/staff/families/{family.pk}/").content.decode()
    last = client.get(f"/staff/families/{family.pk}/", {"page": 3}).content.decode()

    assert "Event 0<" in first and "Event 49<" in first and "Event 50<" not in first
    assert "Event 119<" in last and "Event 99<" not in last
    assert 'class="govuk-pagination' in first


@pytest.mark.django_db
def test_the_user_s_organisations_are_read_once_per_request(client, family, organisation, lead):
    sign_in(client, lead)

    queries = page_queries(client, family)

    membership_reads = [q for q in queries if 'FROM "accounts_membership"' in q]
    assert len(membership_reads) == 1


@pytest.mark.django_db
def test_every_read_of_the_page_is_still_audited_with_the_requests_it_shows(
    client, family, organisation, lead
):
    sign_in(client, lead)

    client.get(f"/staff/families/{family.pk}/")

    views = AuditEvent.objects.filter(actor=lead, action=AuditEvent.Action.VIEW)
    assert sorted(views.values_list("record_type", flat=True)) == [
        "families.family",
        "frontdoor.supportrequest",
        "frontdoor.supportrequest",
    ]
    assert set(views.values_list("family_id", flat=True)) == {family.pk}


@pytest.mark.django_db
def test_what_is_read_together_is_still_all_there(client, family, organisation, lead):
    """Languages, relationships and a consent's organisations come with their rows (one JSON
    list each) instead of in queries of their own: the page and export still show them all."""
    mother = family.members.get(role=Membership.Role.PARENT).person
    sign_in(client, lead)

    page = client.get(f"/staff/families/{family.pk}/").content.decode()
    export = client.get(f"/staff/families/{family.pk}/export.json").json()

    assert "Bengali, Somali" in page  # by name
    assert page.count(f"{mother} is a parent of") == 2
    assert organisation.name in page.split('id="consent"')[1]
    [exported_mother] = [m for m in export["members"] if m["role"] == Membership.Role.PARENT]
    assert exported_mother["languages"] == ["bn", "so"]
    assert export["consents"][0]["organisations"] == [organisation.name]
