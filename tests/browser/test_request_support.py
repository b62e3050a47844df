"""A family asks for help once, in Chromium: every page passes axe, and it works without JS."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"FH-[A-HJ-NP-Z2-9]{6}")


def _continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def _radio(page: Page, name: str) -> None:
    page.get_by_role("radio", name=name, exact=True).check()


def _add_person(page: Page, kind: str, fields: dict[str, str], check: Callable) -> None:
    _radio(page, kind)
    _continue(page)
    check(page)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    _continue(page)


def complete_journey(page: Page, base_url: str, check: Callable[[Page], None]) -> str:
    """Answer every question as a family would, calling `check` on each page; the reference."""
    page.goto(base_url + "/request-support/")
    expect(page.locator("h1")).to_have_text("Ask for help for your family")
    check(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.locator("h1")).to_have_text("Who is asking for help?")
    check(page)
    _radio(page, "I am a parent or carer")
    _continue(page)

    expect(page.locator("h1")).to_have_text("Who do you want to add?")
    check(page)
    _radio(page, "A child or young person")
    _continue(page)
    check(page)
    _continue(page)  # nothing typed: errors, answers kept
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their first name")
    check(page)
    page.get_by_label("First name").fill("Amira")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2021")
    _continue(page)

    expect(page.locator("h1")).to_have_text("You have added 1 person")
    check(page)
    _radio(page, "Yes")
    _continue(page)
    due = timezone.localdate() + dt.timedelta(days=60)
    _add_person(
        page,
        "A baby you are expecting",
        {"Day": str(due.day), "Month": str(due.month), "Year": str(due.year)},
        check,
    )
    _radio(page, "Yes")
    _continue(page)
    _add_person(
        page,
        "A parent",
        {"First name": "Sam", "Last name": "Begum", "Day": "3", "Month": "7", "Year": "1990"},
        check,
    )
    expect(page.locator("h1")).to_have_text("You have added 3 people")
    page.get_by_role("link", name="Remove Sam Begum").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to remove Sam Begum?")
    check(page)
    _radio(page, "Yes")
    _continue(page)
    expect(page.locator("h1")).to_have_text("You have added 2 people")
    _radio(page, "No")
    _continue(page)

    expect(page.locator("h1")).to_have_text("What is worrying you?")
    check(page)
    page.get_by_label("What is worrying you?").fill("My daughter does not sleep and I am tired.")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.locator("h1")).to_have_text("Your answers have been saved")
    check(page)
    page.get_by_role("link", name="Carry on with my request now").click()

    expect(page.locator("h1")).to_have_text("What help would you like?")
    check(page)
    page.get_by_label("Money, bills or debt").check()
    _continue(page)

    expect(page.locator("h1")).to_have_text(
        "Is a child, or anyone else in your home, at risk of harm right now?"
    )
    check(page)
    _radio(page, "Yes")
    _continue(page)
    expect(page.locator("h1")).to_have_text("Get help now if someone is in danger")
    check(page)
    page.get_by_role("button", name="Carry on with my request").click()

    expect(page.locator("h1")).to_have_text("What is your address?")
    check(page)
    page.get_by_label("Address line 1").fill("1 Example Street")
    page.get_by_label("Postcode").fill("ZZ1 1ZZ")
    _continue(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("We could not find ZZ1 1ZZ")
    expect(page.get_by_label("Address line 1")).to_have_value("1 Example Street")
    check(page)
    page.get_by_label("Postcode").fill("E1 0AA")
    _continue(page)

    expect(page.locator("h1")).to_have_text("How should we contact you?")
    check(page)
    page.get_by_label("Your name").fill("Sam Begum")
    _radio(page, "Email")
    page.get_by_label("Email address").fill("sam@example.org")
    _continue(page)

    expect(page.locator("h1")).to_have_text("Your language")
    check(page)
    _radio(page, "Bengali")
    _radio(page, "No")
    _continue(page)

    expect(page.locator("h1")).to_have_text("Sharing your information")
    check(page)
    _radio(page, "Yes, I agree")
    _continue(page)

    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    check(page)
    page.get_by_role("link", name="Change what is worrying you").click()
    page.get_by_label("What is worrying you?").fill("She wakes every night.")
    _continue(page)
    expect(page.locator("h1")).to_have_text("Check your answers before sending your request")
    expect(page.locator("main")).to_contain_text("She wakes every night.")
    page.get_by_role("button", name="Send request").click()

    expect(page.locator("h1")).to_have_text("Request sent")
    check(page)
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    return reference


def test_a_family_asks_for_help_and_gets_a_reference(page: Page, live_server, demo_borough):
    reference = complete_journey(page, live_server.url, assert_accessible)

    sent = SupportRequest.objects.get(reference=reference)
    assert sent.status == SupportRequest.Status.NEW
    assert sent.safeguarding_concern and sent.consent_to_share
    assert sent.people.count() == 2
    assert sent.worries == "She wakes every night."

    # The link in the confirmation shows the request's status.
    page.locator("main a.govuk-link").last.click()
    expect(page.locator("h1")).to_have_text("Your request for help")
    expect(page.locator("main")).to_contain_text(reference)
    assert_accessible(page)


def test_an_expired_link_says_so_accessibly(page: Page, live_server, demo_borough):
    page.goto(live_server.url + "/request-support/who")
    _radio(page, "I am a young person")
    _continue(page)
    draft = SupportRequest.objects.get()
    SupportRequest.objects.filter(pk=draft.pk).update(
        created=timezone.now() - dt.timedelta(days=29)
    )

    page.goto(f"{live_server.url}/request-support/{draft.resume_token}/")

    expect(page.locator("h1")).to_have_text("This link has expired")
    assert_accessible(page)


def test_a_family_can_ask_for_help_without_javascript(
    page_without_javascript: Page, live_server, demo_borough
):
    reference = complete_journey(page_without_javascript, live_server.url, lambda page: None)

    assert SupportRequest.objects.filter(reference=reference).count() == 1
