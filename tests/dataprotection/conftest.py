"""Fixtures for data protection requests: a household of the cast's council with something of
every kind held about its parent, Amina Khan, and a second council with its own officer.

    household          the Khans: Amina (parent, the subject) and Zara (child); consent, an
                       involvement, chronology about each, a request for help in Amina's words,
                       a school's referral, an open episode with an assessment, a plan and a
                       review; the lead professional has viewed the record
    amina              the subject
    other_council      City of London, with its own data protection officer (`other_officer`)

The cast (data_protection_officer, lead_professional, …) is in tests/conftest.py.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode
from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.families.models import Family, Person
from familyhub.families.models import Membership as HouseholdMember
from familyhub.frontdoor.models import SupportRequest
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import (
    CompletedAssessmentFactory,
    EpisodeFactory,
    PlanActionFactory,
    PlanNeedFactory,
    ReviewFactory,
)
from tests.factories import DataProtectionOfficerFactory, LocalAuthorityFactory
from tests.families_factories import (
    ChronologyEventFactory,
    ConsentFactory,
    FamilyFactory,
    FamilyMembershipFactory,
    InvolvementFactory,
)
from tests.frontdoor_factories import ReferralFactory, SubmittedRequestFactory

AMINA_NHS_NUMBER = synthetic_nhs_number(4242)


@dataclass
class Household:
    family: Family
    amina: Person
    zara: Person
    request: SupportRequest
    referral: SupportRequest
    episode: Episode


@pytest.fixture
def household(council, lead_organisation, lead_professional, partner_practitioner) -> Household:
    family = FamilyFactory(
        local_authority=council, name="Khan", address_1="12 Example Street", postcode="E1 6AN"
    )
    amina = FamilyMembershipFactory(
        family=family,
        role=HouseholdMember.Role.PARENT,
        person__given_name="Amina",
        person__family_name="Khan",
        person__date_of_birth=dt.date(1990, 3, 14),
        person__nhs_number=AMINA_NHS_NUMBER,
    ).person
    zara = FamilyMembershipFactory(
        family=family, person__given_name="Zara", person__date_of_birth=dt.date(2019, 5, 1)
    ).person
    ConsentFactory(
        family=family, organisations=[lead_organisation], purpose="To plan early help together"
    )
    InvolvementFactory(family=family, organisation=lead_organisation, worker=lead_professional)
    ChronologyEventFactory(
        family=family,
        person=amina,
        organisation=lead_organisation,
        summary="Amina said she has felt low since the winter",
        detail="Talked at the Tuesday drop-in.",
    )
    ChronologyEventFactory(
        family=family,
        person=zara,
        organisation=lead_organisation,
        summary="Zara started at the nursery",
        detail="Settling in well.",
    )
    request = SubmittedRequestFactory(
        local_authority=council,
        family=family,
        status=SupportRequest.Status.ALLOCATED,
        parent_name="Amina",
        family_name="Khan",
        parent__person=amina,
        worries="Our flat is damp and the children keep coughing.",
        help_wanted="Someone to talk to the landlord with me.",
        email="amina.khan@example.org",
    )
    referral = ReferralFactory(
        local_authority=council,
        family=family,
        status=SupportRequest.Status.ALLOCATED,
        referrer=partner_practitioner,
        parent_name="Amina",
        family_name="Khan",
        worries="Zara falls asleep in class.",
    )
    episode = EpisodeFactory(
        family=family, lead_organisation=lead_organisation, lead_professional=lead_professional
    )
    CompletedAssessmentFactory(episode=episode, voice_of_parents="We want a warm, dry home.")
    need = PlanNeedFactory(episode=episode, description="Get the damp in the flat fixed")
    PlanActionFactory(need=need, description="Write to the landlord about the damp")
    ReviewFactory(episode=episode, summary="The landlord has agreed to fix the damp.")
    audit_record(actor=lead_professional, action=AuditEvent.Action.VIEW, record=family)
    return Household(family, amina, zara, request, referral, episode)


@pytest.fixture
def other_council(db):
    return LocalAuthorityFactory(code="E09000001", name="City of London", slug="city-of-london")


@pytest.fixture
def other_officer(other_council):
    return DataProtectionOfficerFactory(organisation__local_authority=other_council)


@pytest.fixture
def officer_client(client, data_protection_officer):
    sign_in_verified(client, data_protection_officer)
    return client
