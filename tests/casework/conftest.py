"""Shared fixtures for casework tests: one council, one family, one open episode.

    episode            open, from triage, led by `lead_professional` (of `lead_organisation`)
    team_member        a practitioner from `partner_organisation`, in the Team Around the Family
    locality_manager   of `council_organisation` (the council's early help service, involved with
                       the family as the hub team), who oversees every episode in the council
    triage_officer     of `council_organisation` too
    outsider           a lead professional of `outsider_organisation`, not involved at all

The family (a parent and two children) consented to share its whole record with the lead's,
the partner's and the council's organisations, not the outsider's.
"""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.models import Episode
from familyhub.casework.services.episodes import episode_open
from familyhub.casework.services.team import team_member_add
from familyhub.families.models import Involvement
from familyhub.families.models import Membership as HouseholdMember
from tests.factories import LocalAuthorityFactory, MembershipFactory, OrganisationFactory
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    FamilyMembershipFactory,
    InvolvementFactory,
)


@pytest.fixture
def council(db):
    return LocalAuthorityFactory()


@pytest.fixture
def council_organisation(council):
    return OrganisationFactory(name="Early Help service", local_authority=council)


@pytest.fixture
def lead_organisation(council):
    return OrganisationFactory(name="Health visiting", local_authority=council)


@pytest.fixture
def partner_organisation(council):
    return OrganisationFactory(name="Bright Start Primary School", local_authority=council)


@pytest.fixture
def outsider_organisation(council):
    return OrganisationFactory(name="Riverside Youth Club", local_authority=council)


@pytest.fixture
def lead_professional(lead_organisation):
    return MembershipFactory(organisation=lead_organisation, role=Role.LEAD_PROFESSIONAL).user


@pytest.fixture
def partner_practitioner(partner_organisation):
    return MembershipFactory(organisation=partner_organisation, role=Role.PRACTITIONER).user


@pytest.fixture
def locality_manager(council_organisation):
    return MembershipFactory(organisation=council_organisation, role=Role.LOCALITY_MANAGER).user


@pytest.fixture
def triage_officer(council_organisation):
    return MembershipFactory(organisation=council_organisation, role=Role.TRIAGE).user


@pytest.fixture
def outsider(outsider_organisation):
    return MembershipFactory(organisation=outsider_organisation, role=Role.LEAD_PROFESSIONAL).user


@pytest.fixture
def family(council, council_organisation, lead_organisation, partner_organisation):
    family = FamilyFactory(local_authority=council, name="Example")
    FamilyMembershipFactory(
        family=family,
        role=HouseholdMember.Role.PARENT,
        person__given_name="Amina",
        person__date_of_birth=dt.date(1990, 3, 14),
    )
    FamilyMembershipFactory(
        family=family, person__given_name="Zara", person__date_of_birth=dt.date(2019, 5, 1)
    )
    FamilyMembershipFactory(
        family=family, person__given_name="Idris", person__date_of_birth=dt.date(2023, 9, 20)
    )
    ConsentFactory(
        family=family,
        organisations=[council_organisation, lead_organisation, partner_organisation],
        given_at=timezone.now() - dt.timedelta(days=1),
    )
    InvolvementFactory(
        family=family,
        organisation=council_organisation,
        worker=None,
        role=Involvement.Role.HUB_TEAM,
    )
    return family


@pytest.fixture
def episode(family, lead_professional, lead_organisation) -> Episode:
    """Open, from triage, with the lead professional (their organisation involved, as triage's
    allocation leaves it)."""
    return episode_open(
        family=family,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        source=Episode.Source.TRIAGE,
        by=lead_professional,
    )


@pytest.fixture
def team_member(episode, partner_practitioner, partner_organisation, lead_professional):
    """The partner practitioner's TeamMember row in the episode's team."""
    return team_member_add(
        episode=episode,
        worker=partner_practitioner,
        organisation=partner_organisation,
        by=lead_professional,
    )
