"""A lead professional allocated a new case sees the unread count in the header, opens her
notifications (a POST button that reads as a link), follows the "new case" notice to the episode,
and the count goes down: in Chromium, on a phone and a desktop, with axe on each page."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.helpers import allocated_episode, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

LEAD = "lead.professional@example.org"


def open_menu(page: Page) -> None:
    """On a phone the service navigation folds behind its "Menu" button."""
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.click()


def test_a_lead_follows_a_new_case_notice_and_the_count_goes_down(sized_page: Page, live_server):
    page = sized_page
    episode = allocated_episode(LEAD)
    sign_in_as(page, live_server, LEAD)

    page.goto(live_server.url + "/staff/")
    open_menu(page)
    count = page.locator("#unread-count")
    expect(count).to_be_visible()
    expect(count).to_have_text("1 unread")
    assert_accessible(page)

    page.get_by_role("link", name="Notifications").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    notice = page.get_by_role("button", name=f"family {episode.family.reference}")
    expect(notice).to_contain_text("New case")
    expect(page.locator("#notices")).to_contain_text("Unread")
    assert_accessible(page)

    notice.click()
    expect(page).to_have_url(f"{live_server.url}/staff/casework/{episode.pk}/")
    open_menu(page)
    expect(page.get_by_role("link", name="Notifications")).to_be_visible()
    expect(page.locator("#unread-count")).to_have_count(0)

    page.goto(live_server.url + "/staff/notifications/")
    expect(page.locator("#notices")).not_to_contain_text("Unread")
    assert_accessible(page)
