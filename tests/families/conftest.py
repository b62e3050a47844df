"""The shared record's fixtures: one organisation working with families, and its lead
professional. The families themselves differ by module (each tells its own story); build them
with tests.families_factories (`family_with_consent_for` …)."""

import pytest

from tests.factories import LeadProfessionalFactory, OrganisationFactory


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Early Help Team")


@pytest.fixture
def lead(organisation):
    return LeadProfessionalFactory(organisation=organisation)
