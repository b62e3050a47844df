"""Triage chooses the family hub at allocation: the council's hubs are offered by locality, the
one serving the family's postcode chosen already; the chosen hub is what the request, the
family, the episode, the hub team's involvement and the consent get; another council's hub is
refused, on the page and in the service; a join that waits keeps the choice."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from familyhub.casework.models import Episode
from familyhub.directory.models import Location
from familyhub.families.models import Consent, Involvement, Sex
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.triage.models import PendingJoin
from familyhub.triage.services import join_decide, request_decide
from tests.accounts.helpers import sign_in_verified
from tests.factories import (
    LocalAuthorityFactory,
    LocalityFactory,
    LocalitySectorFactory,
    LocationFactory,
    OrganisationFactory,
    StaffFactory,
)
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.frontdoor_factories import RequestPersonFactory, SubmittedRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postcodes")]

BORN = dt.date(2020, 2, 17)


@pytest.fixture
def hubs(council):
    """Two localities, each with its main hub run by its own organisation. E1 1BB's sector is
    Stepney's, so Stepney Family Hub serves the requests here; Bow Family Hub is the other."""
    stepney = LocalityFactory(local_authority=council, name="South West")
    bow = LocalityFactory(local_authority=council, name="North East")
    LocalitySectorFactory(locality=stepney, sector="E1 1")
    return {
        "stepney": LocationFactory(
            local_authority=council,
            locality=stepney,
            kind=Location.Kind.MAIN_HUB,
            name="Stepney Family Hub",
            organisation=OrganisationFactory(local_authority=council, name="Stepney hub team"),
        ),
        "bow": LocationFactory(
            local_authority=council,
            locality=bow,
            kind=Location.Kind.MAIN_HUB,
            name="Bow Family Hub",
            organisation=OrganisationFactory(local_authority=council, name="Bow hub team"),
        ),
    }


@pytest.fixture
def hackney_hub():
    hackney = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    return LocationFactory(local_authority=hackney, kind=Location.Kind.MAIN_HUB, name="Hackney Hub")


@pytest.fixture
def levels(council):
    front_door_set_up(local_authority=council)
    return {level.number: level for level in NeedLevel.objects.filter(local_authority=council)}


def client_for(user) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_the_council_s_hubs_are_offered_by_locality_with_the_postcode_s_chosen(
    council, hubs, hackney_hub, triage_officer
):
    LocationFactory(local_authority=council, kind=Location.Kind.SPOKE, name="A spoke")
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")

    page = client_for(triage_officer).get(f"/staff/triage/{request.pk}").content.decode()

    hub_select = page.split('name="hub"')[1].split("</select>")[0]
    assert f'value="{hubs["stepney"].pk}" selected>Stepney Family Hub (South West)' in hub_select
    assert f'value="{hubs["bow"].pk}">Bow Family Hub (North East)' in hub_select
    assert "Hackney Hub" not in hub_select
    assert "A spoke" not in hub_select  # a spoke is where services are given, not a hub team


def test_the_chosen_hub_lands_on_the_request_family_episode_involvement_and_consent(
    council, hubs, levels, triage_officer, lead_professional, council_organisation
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")

    response = client_for(triage_officer).post(
        f"/staff/triage/{request.pk}",
        {
            "level": levels[2].pk,
            "reason": "Known at Bow: the family would rather go there.",
            "lead_professional": lead_professional.pk,
            "hub": hubs["bow"].pk,
        },
    )

    assert response.status_code == 302
    request.refresh_from_db()
    bow = hubs["bow"]
    assert request.status == SupportRequest.Status.ALLOCATED
    assert (request.hub, request.locality) == (bow, bow.locality)
    assert (request.family.hub, request.family.locality) == (bow, bow.locality)
    episode = Episode.objects.get(family=request.family)
    assert (episode.hub, episode.locality) == (bow, bow.locality)
    hub_team = Involvement.objects.get(family=request.family, role=Involvement.Role.HUB_TEAM)
    assert hub_team.organisation == bow.organisation
    consent = Consent.objects.get(family=request.family)
    assert set(consent.organisations.all()) == {
        council_organisation,
        lead_professional.memberships.get().organisation,
        bow.organisation,
    }
    page = client_for(triage_officer).get(f"/staff/triage/{request.pk}").content.decode()
    assert "Bow Family Hub" in page.split(">Decision<")[1]


def test_left_as_it_was_the_postcode_s_hub_is_allocated(
    council, hubs, levels, triage_officer, lead_professional
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")

    client_for(triage_officer).post(
        f"/staff/triage/{request.pk}",
        {
            "level": levels[2].pk,
            "reason": "A Team Around the Family.",
            "lead_professional": lead_professional.pk,
            "hub": hubs["stepney"].pk,
        },
    )

    request.refresh_from_db()
    assert request.hub == request.family.hub == hubs["stepney"]
    assert Involvement.objects.get(
        family=request.family, role=Involvement.Role.HUB_TEAM
    ).organisation == (hubs["stepney"].organisation)


def test_an_allocation_without_a_hub_asks_for_one(
    council, hubs, levels, triage_officer, lead_professional
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")

    page = (
        client_for(triage_officer)
        .post(
            f"/staff/triage/{request.pk}",
            {
                "level": levels[2].pk,
                "reason": "A Team Around the Family.",
                "lead_professional": lead_professional.pk,
                "hub": "",
            },
        )
        .content.decode()
    )

    assert "Choose the family hub" in page
    assert 'href="#id_hub"' in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


@pytest.mark.parametrize("value", ["hackney", "not-an-id", "spoke"])
def test_a_hub_not_offered_is_refused_on_the_page(
    council, hubs, hackney_hub, levels, triage_officer, lead_professional, value
):
    spoke = LocationFactory(local_authority=council, kind=Location.Kind.SPOKE)
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")
    posted = {"hackney": hackney_hub.pk, "spoke": spoke.pk}.get(value, value)

    page = (
        client_for(triage_officer)
        .post(
            f"/staff/triage/{request.pk}",
            {
                "level": levels[2].pk,
                "reason": "A Team Around the Family.",
                "lead_professional": lead_professional.pk,
                "hub": posted,
            },
        )
        .content.decode()
    )

    assert "Choose one of the family hubs listed" in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def test_the_service_refuses_another_council_s_hub_and_a_hub_for_another_route(
    council, hubs, hackney_hub, levels, triage_officer, lead_professional, council_organisation
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")
    decide = {
        "request": request,
        "reason": "A Team Around the Family.",
        "lead_professional": lead_professional,
        "triage_organisation": council_organisation,
        "by": triage_officer,
    }

    with pytest.raises(ValidationError, match="this council's family hubs"):
        request_decide(level=levels[2], hub=hackney_hub, **decide)
    with pytest.raises(ValidationError, match="only when you allocate"):
        request_decide(level=levels[1], hub=hubs["bow"], **decide)

    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def test_signposting_and_handing_over_ignore_the_hub_on_the_page(
    council, hubs, levels, triage_officer
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")

    client_for(triage_officer).post(
        f"/staff/triage/{request.pk}",
        {"level": levels[3].pk, "reason": "Social care now.", "hub": hubs["bow"].pk},
    )

    request.refresh_from_db()
    assert request.status == SupportRequest.Status.HANDED_OVER
    assert request.hub is None


def test_a_council_without_hubs_allocates_as_before(
    council, levels, triage_officer, lead_professional
):
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB")
    client = client_for(triage_officer)

    assert 'name="hub"' not in client.get(f"/staff/triage/{request.pk}").content.decode()
    client.post(
        f"/staff/triage/{request.pk}",
        {
            "level": levels[2].pk,
            "reason": "A Team Around the Family.",
            "lead_professional": lead_professional.pk,
        },
    )

    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ALLOCATED and request.hub is None


def test_a_join_that_waits_keeps_the_chosen_hub_for_the_locality_manager_s_answer(
    council, hubs, levels, council_organisation, triage_officer, lead_professional
):
    """Yusuf's household shares with Early Help only: the request's answer (with its lead and
    the chosen hub) disagrees, so the join waits, and keeps the hub triage chose."""
    household = FamilyFactory(local_authority=council, postcode="E1 1BB")
    yusuf = PersonFactory(
        local_authority=council,
        given_name="Yusuf",
        family_name="Ahmed",
        date_of_birth=BORN,
        sex=Sex.MALE,
        postcode="E1 1BB",
        nhs_number="",
    )
    MembershipFactory(family=household, person=yusuf, role="child")
    InvolvementFactory(family=household, organisation=council_organisation)
    ConsentFactory(family=household, organisations=[council_organisation])
    request = SubmittedRequestFactory(local_authority=council, postcode="E1 1BB", child=None)
    described = RequestPersonFactory(
        request=request, given_name="Yusuf", family_name="Ahmed", date_of_birth=BORN, sex="male"
    )

    request_decide(
        request=request,
        level=levels[2],
        reason="Known to early help.",
        lead_professional=lead_professional,
        triage_organisation=council_organisation,
        matches={described.pk: yusuf},
        by=triage_officer,
        hub=hubs["bow"],
    )
    pending = PendingJoin.objects.get(request=request)
    assert pending.hub == hubs["bow"]

    manager = StaffFactory(organisation=council_organisation, role="locality_manager")
    join_decide(pending=pending, confirm=False, note="Keep them apart.", by=manager)

    request.refresh_from_db()
    assert request.family != household
    assert request.hub == request.family.hub == hubs["bow"]
    assert Involvement.objects.get(
        family=request.family, role=Involvement.Role.HUB_TEAM
    ).organisation == (hubs["bow"].organisation)
