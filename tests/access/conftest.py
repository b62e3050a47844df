"""What the access matrices share: a second council, and one way to ask a page as somebody.

The matrices (one module per area) write out, cell by cell, what each of the ten roles and
each relationship that matters gets from every page and every form of that area; the cast of
staff is tests/conftest.py's, casework's family and episode tests/casework/conftest.py's.
"""

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in_verified
from tests.casework.conftest import (  # noqa: F401  (casework's fixtures, shared here)
    episode,
    family,
    stepped_up_episode,
    team_member,
)
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory

# Every matrix's columns start with the ten roles, written out rather than read from
# accounts.models.Role: a role added there without a decision here fails the guard test.
ROLES = [
    "directory_editor",
    "directory_manager",
    "triage",
    "lead_professional",
    "practitioner",
    "locality_manager",
    "data_analyst",
    "data_protection_officer",
    "administrator",
    "social_worker",
]
SIGN_IN = "/staff/sign-in"


@pytest.fixture
def other_council(db):
    return LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")


@pytest.fixture
def other_council_organisation(other_council):
    return OrganisationFactory(name="Hackney Early Help", local_authority=other_council)


def staff_of(organisation, role: str):
    return StaffFactory(organisation=organisation, role=role)


def ask(client: Client, user, method: str, url: str, data: dict | None = None):
    """The page's answer to `user` (None: signed out), by GET or POST."""
    if user is not None:
        sign_in_verified(client, user)
    if method == "GET":
        return client.get(url, data or {})
    return client.post(url, data or {})


def _what_the_page_said(response) -> str:
    """For a failing cell: the form's error summary if the page has one, else its start."""
    text = response.content.decode(errors="replace")
    start = text.find("govuk-error-summary__list")
    return text[start : start + 600] if start >= 0 else text[:300]


def assert_status(response, expected: int, *, signed_out: bool) -> None:
    """The status; a signed-out visitor's 302 must be to sign in (any other 302 is a page that
    did its work and sent them on)."""
    assert response.status_code == expected, _what_the_page_said(response)
    if signed_out:
        assert response["Location"].startswith(SIGN_IN)
