"""Joins that wait for a locality manager: who may see and decide them (the access matrix over
every role and anonymous, written out here), what confirming and refusing do, and how triage is
shown a possible match (initials, year of birth, household; one audit event per person shown).
"""

import datetime as dt

import pytest
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.families.models import Consent, Sex
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.triage.models import PendingJoin
from familyhub.triage.services import request_decide
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.frontdoor_factories import RequestPersonFactory, SubmittedRequestFactory

BORN = dt.date(2020, 2, 17)

# Written out, not imported: the eight roles of accounts.models.Role and whether each may see
# and decide the joins waiting in its council. Anonymous is sent to sign in.
MAY_DECIDE_JOINS = {
    "directory_editor": False,
    "directory_manager": False,
    "triage": False,
    "lead_professional": False,
    "practitioner": False,
    "locality_manager": True,
    "data_analyst": False,
    "administrator": False,
}


@pytest.fixture
def household(council, council_organisation):
    """Yusuf Ahmed's household, shared with the Early Help service only."""
    family = FamilyFactory(local_authority=council, postcode="E1 1BB")
    yusuf = PersonFactory(
        local_authority=council,
        given_name="Yusuf",
        family_name="Ahmed",
        date_of_birth=BORN,
        sex=Sex.MALE,
        postcode="E1 1BB",
        nhs_number="",
    )
    MembershipFactory(family=family, person=yusuf, role="child")
    InvolvementFactory(family=family, organisation=council_organisation)
    ConsentFactory(family=family, organisations=[council_organisation])
    family.child = yusuf
    return family


@pytest.fixture
def request_about_yusuf(council):
    request = SubmittedRequestFactory(
        local_authority=council, postcode="E1 1BB", family_name="Ahmed", child=None
    )
    RequestPersonFactory(
        request=request, given_name="Yusuf", family_name="Ahmed", date_of_birth=BORN, sex="male"
    )
    return request


@pytest.fixture
def pending(postcodes, council, household, request_about_yusuf, council_organisation):
    """Triage matched Yusuf. The household shares with the Early Help service only; the
    request's answer shares with its lead professional's organisation, health visiting, too:
    they disagree, so the join waits."""
    front_door_set_up(local_authority=council)
    triage = StaffFactory(organisation=council_organisation, role="triage")
    lead = StaffFactory(
        organisation=OrganisationFactory(name="Health visiting", local_authority=council),
        role="lead_professional",
    )
    described = request_about_yusuf.people.get(role="child")
    request_decide(
        request=request_about_yusuf,
        level=NeedLevel.objects.get(local_authority=council, number=2),
        reason="Known to early help.",
        lead_professional=lead,
        triage_organisation=council_organisation,
        matches={described.pk: household.child},
        by=triage,
    )
    return PendingJoin.objects.get(request=request_about_yusuf)


@pytest.mark.parametrize("role", sorted(MAY_DECIDE_JOINS))
def test_only_a_locality_manager_sees_and_decides_joins(
    client, staff_sign_in, council_organisation, pending, role
):
    staff_sign_in(StaffFactory(organisation=council_organisation, role=role))
    allowed = MAY_DECIDE_JOINS[role]
    listing = client.get(reverse("triage:joins"))
    page = client.get(reverse("triage:join", args=[pending.pk]))
    answer = client.post(
        reverse("triage:join", args=[pending.pk]), {"decision": "refuse", "note": "Not them."}
    )
    assert listing.status_code == (200 if allowed else 403)
    assert page.status_code == (200 if allowed else 403)
    assert answer.status_code == (302 if allowed else 403)
    pending.refresh_from_db()
    assert pending.status == (PendingJoin.Status.REFUSED if allowed else PendingJoin.Status.PENDING)
    if allowed:
        assert pending.request.reference in listing.content.decode()
        assert page["Cache-Control"] and "no-store" in page["Cache-Control"]


def test_anonymous_is_sent_to_sign_in(client, pending):
    for response in (
        client.get(reverse("triage:joins")),
        client.get(reverse("triage:join", args=[pending.pk])),
        client.post(reverse("triage:join", args=[pending.pk]), {"decision": "confirm"}),
    ):
        assert response.status_code == 302 and "sign-in" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == PendingJoin.Status.PENDING


def test_a_locality_manager_of_another_council_gets_404(client, staff_sign_in, pending):
    barking = LocalAuthorityFactory(code="E09000002", name="Barking", slug="barking")
    elsewhere = OrganisationFactory(local_authority=barking)
    staff_sign_in(StaffFactory(organisation=elsewhere, role="locality_manager"))
    assert client.get(reverse("triage:join", args=[pending.pk])).status_code == 404
    assert pending.request.reference not in client.get(reverse("triage:joins")).content.decode()


def test_the_page_shows_where_the_consents_part_and_refuses_a_confirm_the_lead_cannot_see(
    client, staff_sign_in, locality_manager, pending, household
):
    staff_sign_in(locality_manager)
    url = reverse("triage:join", args=[pending.pk])
    page = client.get(url).content.decode()
    assert "Health visiting" in page and "Not covered by the household" in page
    response = client.post(url, {"decision": "confirm", "note": "Same family."})
    assert response.status_code == 200
    assert "does not cover Health visiting" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == PendingJoin.Status.PENDING
    assert list(Consent.objects.filter(family=household).values_list("organisations", flat=True))


def test_confirming_joins_under_the_households_consent_unchanged(
    locality_manager, pending, household
):
    """The household then agrees to share with health visiting themselves (their own answer):
    the locality manager confirms, and the request joins with no consent recorded for it."""
    from familyhub.triage.services import join_decide

    health_visiting = pending.lead_professional.memberships.get().organisation
    ConsentFactory(family=household, organisations=[health_visiting])
    consents = set(Consent.objects.filter(family=household).values_list("pk", flat=True))
    join_decide(pending=pending, confirm=True, note="Checked with the family.", by=locality_manager)
    request = SupportRequest.objects.get(pk=pending.request_id)
    assert request.status == SupportRequest.Status.ALLOCATED and request.family == household
    assert set(Consent.objects.filter(family=household).values_list("pk", flat=True)) == consents
    assert request.people.get(role="child").person == household.child


def test_triage_sees_initials_year_and_household_and_each_showing_is_audited(
    client, staff_sign_in, postcodes, council, council_organisation, household, request_about_yusuf
):
    front_door_set_up(local_authority=council)
    staff_sign_in(StaffFactory(organisation=council_organisation, role="triage"))
    page = client.get(reverse("triage:detail", args=[request_about_yusuf.pk])).content.decode()
    assert "Y. A., born 2020, household " + household.reference in page
    assert "17/02/2020" not in page
    shown = AuditEvent.objects.filter(
        action=AuditEvent.Action.SEARCH_HIT, record_id=str(household.child.pk)
    )
    assert shown.count() == 1
    assert shown.get().details["request"] == str(request_about_yusuf.pk)
