"""A parent on a phone finds a session in What's on, books a place and cancels it from the link
in their text message, axe-clean at every step."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect

from familyhub.activities.models import Booking
from tests.activities_factories import SessionFactory
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_parent_books_a_place_and_cancels_it_from_the_link(phone: Page, live_server, fake_notify):
    session = SessionFactory(activity__name="Rhyme time", location__name="Chrisp Street hub")

    phone.goto(live_server.url + "/")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="What's on").click()
    expect(phone.get_by_role("heading", name="What's on", level=1)).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("Place").select_option(label="Chrisp Street hub")
    phone.get_by_role("button", name="Show sessions").click()
    phone.get_by_role("link", name="Rhyme time").click()
    # The session's own page, loaded, before axe reads it (not the list it is leaving).
    expect(phone.get_by_role("button", name="Book a place")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Book a place").click()  # nothing filled in
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_label("Your name").fill("Amina Begum")
    phone.get_by_label("How many children are coming?").fill("1")
    phone.get_by_label("How old are they?").fill("8 months")
    phone.get_by_label("Text message").check()
    phone.get_by_label("Mobile phone number").fill("07700 900982")
    phone.get_by_label("English").check()
    phone.get_by_role("button", name="Book a place").click()
    expect(phone.get_by_role("heading", name="Your place is booked")).to_be_visible()
    assert_accessible(phone)

    booking = Booking.objects.get(session=session)
    text = next(m for m in fake_notify if m.template == "booking_confirmed")
    link = text.body.rsplit("\n", 1)[-1]
    assert link.endswith(booking.cancel_token)
    phone.goto(link.replace(settings.SITE_URL, live_server.url))
    expect(phone.get_by_role("heading", name="Cancel your booking")).to_be_visible()
    assert_accessible(phone)

    phone.get_by_role("button", name="Cancel my booking").click()
    expect(phone.get_by_role("heading", name="Your booking is cancelled")).to_be_visible()
    assert_accessible(phone)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
