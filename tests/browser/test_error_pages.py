"""The error pages in Chromium: branded, in the visitor's language, with no axe violations."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.project.error_urls")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/no-such-page", 404, "Page not found"),
        ("/failing/403", 403, "You cannot see this page"),
        ("/failing/400", 400, "Sorry, there is a problem with your request"),
        ("/failing/500", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_the_error_page_has_no_axe_violations(page: Page, live_server, path, status, heading):
    response = page.goto(live_server.url + path)

    assert response is not None and response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_without_its_token_gets_a_page_that_says_what_to_do(page: Page, live_server):
    page.goto(live_server.url + "/staff/sign-in")
    page.context.clear_cookies()  # as if the browser had dropped them
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, this form could not be sent")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_404_page_in_bengali_has_no_axe_violations(page: Page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "bn", "url": live_server.url}])

    page.goto(live_server.url + "/no-such-page")

    expect(page.locator("html")).to_have_attribute("lang", "bn")
    expect(page.get_by_role("heading", level=1)).to_have_text("পৃষ্ঠাটি পাওয়া যায়নি")
    assert_accessible(page)
