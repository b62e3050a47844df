"""A page without a row in its area's access matrix fails here: every named URL pattern of
casework, triage, referrals, the directory's staff pages, the audit log and social care must
be covered by the matrix of its area (or, for the directory, be one of its public pages, listed
below), and every role there is must have a column in each matrix.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from familyhub.accounts.models import Role
from tests.access import (
    test_audit_log_matrix,
    test_casework_matrix,
    test_directory_management_matrix,
    test_feedback_matrix,
    test_insight_matrix,
    test_notices_matrix,
    test_referral_inbox_matrix,
    test_referrals_matrix,
    test_registers_matrix,
    test_start_for_life_matrix,
    test_triage_matrix,
    test_two_year_offer_matrix,
)
from tests.access.conftest import ROLES

# The directory's pages for everyone, signed in or not: nothing in them is anybody's to guard.
DIRECTORY_PUBLIC_PAGES = {
    "find",
    "service",
    "location",
    "locality",
    "organisation",
    "bus",
    "join",  # "List your organisation": an application, decided on a staff page
}


def pattern_names(patterns) -> set[str]:
    """The names of every pattern, walking into includes."""
    names: set[str] = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            names |= pattern_names(entry.url_patterns)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(entry.name)
    return names


def names_in(urlconf: str) -> set[str]:
    return pattern_names(get_resolver(urlconf).url_patterns)


def matrix_names(expected: dict) -> set[str]:
    return {name for name, _method in expected}


AREAS = {
    "familyhub.casework.urls": matrix_names(test_casework_matrix.EXPECTED),
    "familyhub.triage.urls": matrix_names(test_triage_matrix.EXPECTED),
    # The referrer's pages, and the receiving service's inbox (a matrix of its own).
    "familyhub.frontdoor.referrals.urls": matrix_names(test_referrals_matrix.EXPECTED)
    | matrix_names(test_referral_inbox_matrix.EXPECTED),
    "familyhub.directory.urls": matrix_names(test_directory_management_matrix.EXPECTED)
    | DIRECTORY_PUBLIC_PAGES,
    "familyhub.oversight.urls": {"audit-log"},
    "familyhub.insight.urls": matrix_names(test_insight_matrix.EXPECTED),
    "familyhub.notifications.urls_notices": matrix_names(test_notices_matrix.EXPECTED),
    "familyhub.startforlife.urls": matrix_names(test_start_for_life_matrix.EXPECTED),
    "familyhub.activities.urls_registers": matrix_names(test_registers_matrix.EXPECTED),
    "familyhub.earlyeducation.urls": matrix_names(test_two_year_offer_matrix.EXPECTED),
    "familyhub.feedback.urls_staff": matrix_names(test_feedback_matrix.EXPECTED),
}


@pytest.mark.parametrize("urlconf", list(AREAS))
def test_every_page_of_the_area_is_in_its_matrix(urlconf):
    assert names_in(urlconf) == AREAS[urlconf]


def test_the_project_mounts_each_area_once():
    """The areas above are the ones the site serves (a urlconf moved elsewhere would leave its
    old name here checking nothing)."""
    mounted = {
        entry.urlconf_name.__name__
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and hasattr(entry.urlconf_name, "__name__")
    }
    assert set(AREAS) <= mounted


def test_every_role_has_a_column_in_every_matrix():
    assert [role.value for role in Role] == ROLES
    for matrix in (
        test_casework_matrix,
        test_triage_matrix,
        test_referrals_matrix,
        test_referral_inbox_matrix,
        test_directory_management_matrix,
        test_audit_log_matrix,
        test_notices_matrix,
        test_registers_matrix,
        test_start_for_life_matrix,
        test_two_year_offer_matrix,
        test_feedback_matrix,
    ):
        assert matrix.ACTORS[: len(ROLES)] == ROLES, matrix.__name__
