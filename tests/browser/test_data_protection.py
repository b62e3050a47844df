"""The data protection officer's pages in Chromium: a subject access request recorded from a
search, decided and answered with the printable copy; a rectification; an erasure that must be
refused. Every page axe-clean, every form a plain form."""

import datetime as dt

import pytest
from playwright.sync_api import Page

from familyhub.accounts.models import Role
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.families.models import Membership
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.casework_factories import EpisodeFactory
from tests.dataprotection_factories import ErasureRequestFactory, RectificationRequestFactory
from tests.factories import LocalAuthorityFactory, StaffFactory
from tests.families_factories import ChronologyEventFactory, FamilyMembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    return StaffFactory(
        role=Role.DATA_PROTECTION_OFFICER, organisation__local_authority=LocalAuthorityFactory()
    )


@pytest.fixture
def amina(officer):
    member = FamilyMembershipFactory(
        family__local_authority=officer.memberships.get().organisation.local_authority,
        role=Membership.Role.PARENT,
        person__given_name="Amina",
        person__family_name="Khan",
        person__date_of_birth=dt.date(1990, 3, 14),
    )
    ChronologyEventFactory(family=member.family, person=member.person, summary="Came to a drop-in")
    return member.person


def test_a_subject_access_request_from_search_to_the_printable_copy(
    page: Page, live_server, officer, amina
):
    sign_in_as(page, live_server, officer)
    page.goto(live_server.url + "/staff/data-protection/")
    assert_accessible(page)  # no requests yet

    page.get_by_role("button", name="Record a new request").click()
    page.get_by_label("Search by name, NHS number or front door request reference").fill(
        "amina khan"
    )
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)

    page.get_by_role("link", name="Amina Khan").click()
    page.get_by_role("button", name="Record the request").click()  # nothing filled in
    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_accessible(page)

    page.get_by_label("Subject access (a copy of their data)").check()
    page.get_by_label("Who asked").fill("Amina Khan")
    page.get_by_label("Photo identity document seen").check()
    page.get_by_label("Date received").fill("1/11/2026")
    page.get_by_role("button", name="Record the request").click()
    assert page.get_by_text("Due by").is_visible()
    assert_accessible(page)

    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page)

    page.get_by_role("link", name="Open the copy to print").click()
    assert page.get_by_role("heading", name="Copy of the data held about Amina Khan").is_visible()
    assert page.get_by_text("Came to a drop-in").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/staff/data-protection/")
    assert_accessible(page)


def test_rectification_and_a_refused_erasure_are_accessible(
    page: Page, live_server, officer, amina
):
    rectification = RectificationRequestFactory(
        person=amina,
        recorded_by=officer,
        approved=True,
        approved_fields=["given_name", "date_of_birth", "sex"],
    )
    EpisodeFactory(family=amina.households.get().family)
    erasure = ErasureRequestFactory(person=amina, recorded_by=officer)
    sign_in_as(page, live_server, officer)

    page.goto(f"{live_server.url}/staff/data-protection/{rectification.pk}/rectify")
    assert_accessible(page)
    page.get_by_label("First name").fill("Aminah")
    page.get_by_role("button", name="Save the corrections").click()
    assert page.get_by_text("Corrected: given_name").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/staff/data-protection/{erasure.pk}")
    assert page.get_by_role("heading", name="Why the data must be kept").is_visible()
    assert_accessible(page)
    page.get_by_label("Refuse").check()
    page.get_by_label("Reason").fill("Records are kept while early help goes on.")
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page)
    erasure.refresh_from_db()
    assert erasure.status == DataProtectionRequest.Status.REFUSED
