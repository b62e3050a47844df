"""Listing an organisation in Chromium: the application, the manager's approval, the emailed link
to create a password, then setting up an app; and the page for sending a form too often."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from familyhub.accounts.models import Role, User
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "kettle orchard lantern 42"


@pytest.fixture
def manager(transactional_db):
    council = LocalAuthorityFactory()
    return StaffFactory(
        organisation=OrganisationFactory(name="Family Hubs", local_authority=council),
        role=Role.DIRECTORY_MANAGER,
    )


def fill_application(page: Page, live_server, name: str) -> None:
    page.goto(live_server.url + "/list-your-organisation")
    page.get_by_label("Council area you work in").select_option(label="Tower Hamlets")
    page.get_by_label("Organisation name").fill(name)
    page.get_by_label("Sector").select_option(label="Voluntary and community")
    page.get_by_label("Description").fill("Saturday mornings for dads and their children.")
    page.get_by_label("Your full name").fill("Sam Example")
    page.get_by_label("Your work email address").fill("sam@example.org")
    page.get_by_role("button", name="Send for approval").click()


def test_an_applicant_is_approved_creates_a_password_and_sets_up_an_app(
    page: Page, live_server, manager
):
    fill_application(page, live_server, "Shadwell Dads Club")

    expect(page.get_by_role("heading", name="We have your application")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(email="sam@example.org").exists()

    sign_in_as(page, live_server, manager)
    page.goto(live_server.url + "/staff/directory/")
    expect(page.get_by_text("Asked by Sam Example, sam@example.org")).to_be_visible()
    page.get_by_role("button", name="Approve Shadwell Dads Club").click()
    expect(page.get_by_text("Shadwell Dads Club is approved")).to_be_visible()

    link = re.search(r"https?://[^/\s]+(/staff/set-password/\S+)", mail.outbox[-1].body).group(1)
    page.context.clear_cookies()
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Create your password")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill("not the same")
    page.get_by_role("button", name="Create password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("not the same")
    assert_accessible(page)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Type the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create password").click()

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="This link does not work any more")).to_be_visible()
    assert_accessible(page)


def test_sending_the_form_too_often_shows_a_page_that_says_so(
    page: Page, live_server, manager, settings
):
    # A rate of its own, so this test's count is kept apart from other tests' in the cache.
    settings.RATE_LIMIT_JOIN = "1/2h"
    fill_application(page, live_server, "First Club")
    fill_application(page, live_server, "Second Club")

    expect(
        page.get_by_role("heading", name="You have sent this form too many times")
    ).to_be_visible()
    assert_accessible(page)
