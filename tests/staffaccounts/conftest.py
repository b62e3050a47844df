"""The staff accounts cast: the shared council's administrator (tests/conftest.py), a member of
their staff, and another council with staff and an administrator of its own."""

import re

import pytest
from django.test import Client, TestCase

from familyhub.accounts.models import Role
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory


class CommittingClient(Client):
    """A test client whose requests run their after-commit work (the queued invitation emails)
    as they end, as a real commit would: each test runs inside one transaction."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def colleague(lead_organisation):
    """A lead professional at the council's health visiting service: the admin's to manage."""
    return StaffFactory(
        organisation=lead_organisation,
        role=Role.LEAD_PROFESSIONAL,
        first_name="Rukhsana",
        last_name="Ahmed",
        email="rukhsana.ahmed@example.org",
    )


@pytest.fixture
def other_council(db):
    return LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")


@pytest.fixture
def other_council_organisation(other_council):
    return OrganisationFactory(name="Hackney Early Help", local_authority=other_council)


@pytest.fixture
def stranger(other_council_organisation):
    """A member of staff of another council only."""
    return StaffFactory(
        organisation=other_council_organisation,
        role=Role.LEAD_PROFESSIONAL,
        email="kofi.mensah@example.org",
    )


@pytest.fixture
def other_administrator(other_council_organisation):
    return StaffFactory(organisation=other_council_organisation, role=Role.ADMINISTRATOR)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)
