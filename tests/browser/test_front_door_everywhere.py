"""A parent finds the front door from the home page, on a phone and on a desktop, and gets the
confirmation by the way they chose; the journey's rough edges (conditional questions, a long
link on a phone) in Chromium, with axe at each step."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

MOBILE_NUMBER = "07700 900982"
UNBROKEN_TOKEN = "Kq7ZtW2mXp9LcV4nRb8HsJ3dFg6TyU1eAo5iPk0wQzE"  # 43 characters, as tokens are


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def _radio(page: Page, name: str) -> None:
    page.get_by_role("radio", name=name, exact=True).check()


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing sticks out)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def check(page: Page) -> None:
    """axe-clean, and nothing wider than the screen (a phone scrolls only down)."""
    assert_accessible(page)
    assert overflow(page) <= 0, f"{page.url} is {overflow(page)}px wider than the screen"


def test_a_parent_asks_for_help_from_the_home_page_and_is_confirmed_by_text(
    sized_page: Page, live_server, demo_borough, fake_notify
):
    page = sized_page
    page.goto(live_server.url + "/")
    check(page)
    # The home page's start button (on a phone the menu's own link is behind "Menu").
    page.get_by_role("button", name="Ask for help").click()

    expect(page.locator("h1")).to_have_text("Ask for help for your family")
    check(page)
    page.get_by_role("button", name="Start now").click()
    _radio(page, "I am a parent or carer")
    _continue(page)
    _radio(page, "A child or young person")
    _continue(page)
    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2021")
    _continue(page)
    _radio(page, "No")
    _continue(page)
    page.get_by_label("What is worrying you?").fill("My daughter does not sleep.")
    _continue(page)
    page.get_by_label("Money, bills or debt").check()
    _continue(page)
    _radio(page, "No")
    _continue(page)
    page.get_by_label("Address line 1").fill("1 Example Street")
    page.get_by_label("Postcode").fill("E1 0AA")
    _continue(page)

    expect(page.locator("h1")).to_have_text("How should we contact you?")
    page.get_by_label("Your name").fill("Sam Begum")
    _radio(page, "Text message")
    page.get_by_label("Mobile phone number").fill(MOBILE_NUMBER)
    check(page)
    _continue(page)

    _radio(page, "English")
    _radio(page, "No")
    _continue(page)
    _radio(page, "Yes, I agree")
    _continue(page)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    check(page)
    page.get_by_role("button", name="Send request").click()

    expect(page.locator("h1")).to_have_text("Request sent")
    expect(page.locator("main")).to_contain_text(f"We have sent a text message to {MOBILE_NUMBER}.")
    check(page)
    sent = SupportRequest.objects.get(status=SupportRequest.Status.NEW)
    [message] = fake_notify
    assert (message.channel, message.template, message.to) == (
        "sms",
        "request_received",
        MOBILE_NUMBER,
    )
    assert sent.reference in message.body


def _draft_saved_for_later(page: Page, base_url: str) -> None:
    page.goto(base_url + "/request-support/who")
    _radio(page, "I am a parent or carer")
    _continue(page)
    expect(page.locator("h1")).to_have_text("Who do you want to add?")
    # A token with no hyphen or underscore, where a browser could break the line anyway: the
    # longest the link can be without a place to wrap, as tokens sometimes are.
    draft = SupportRequest.objects.get()
    draft.resume_token = UNBROKEN_TOKEN
    draft.save(update_fields=["resume_token"])
    page.goto(f"{base_url}/request-support/{draft.resume_token}/worries")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("h1")).to_have_text("Your answers have been saved")


def test_the_save_and_come_back_link_fits_a_phone_screen(phone_page: Page, live_server, council):
    _draft_saved_for_later(phone_page, live_server.url)

    link = phone_page.locator("main p a.govuk-link").first
    assert "/request-support/" in link.inner_text()
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    check(phone_page)


def _contact_page(page: Page, base_url: str) -> None:
    page.goto(base_url + "/request-support/who")
    _radio(page, "I am a parent or carer")
    _continue(page)
    expect(page.locator("h1")).to_have_text("Who do you want to add?")
    draft = SupportRequest.objects.get()
    page.goto(f"{base_url}/request-support/{draft.resume_token}/contact")
    expect(page.locator("h1")).to_have_text("How should we contact you?")


def test_the_contact_details_are_revealed_by_the_chosen_way_with_javascript(
    page: Page, live_server, council
):
    _contact_page(page, live_server.url)
    mobile = page.get_by_label("Mobile phone number")
    email = page.get_by_label("Email address")
    expect(mobile).to_be_hidden()
    expect(email).to_be_hidden()

    _radio(page, "Text message")

    expect(mobile).to_be_visible()
    expect(email).to_be_hidden()
    expect(page.get_by_role("radio", name="Text message")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert_accessible(page)

    _radio(page, "Email")

    expect(mobile).to_be_hidden()
    expect(email).to_be_visible()


def test_without_javascript_every_contact_detail_is_shown(
    page_without_javascript: Page, live_server, council
):
    page = page_without_javascript
    _contact_page(page, live_server.url)

    for label in ("Phone number", "Mobile phone number", "Email address"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
