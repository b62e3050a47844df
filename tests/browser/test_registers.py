"""The demo hub worker takes a register on a phone: signs in, opens today's session from their
home, ticks a booked family in, adds a walk-in who registers with the hub, and sees both
counted; axe-clean at every step."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.activities.models import Attendance, Booking, HubRegistration
from familyhub.demo.activities import load_demo_activities
from familyhub.places.models import LocalAuthority
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.browser.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

WORKER = "hub.worker@example.org"


def test_a_worker_takes_a_register_with_a_walk_in(page: Page, live_server):
    # The demo's sessions from today, with a week of registers behind them (the demo loads a year).
    load_demo_activities(LocalAuthority.objects.get(code="E09000030"), weeks_back=1)
    page.set_viewport_size(PHONE)
    sign_in_as(page, live_server, WORKER)

    page.goto(live_server.url + "/staff/")
    card = page.locator("section", has=page.get_by_role("heading", name="Today's sessions"))
    expect(card).to_be_visible()
    assert_accessible(page)

    card.get_by_role("link").first.click()
    expect(page.get_by_text("0 came, ")).to_be_visible()
    assert_accessible(page)
    session_id = int(re.search(r"/staff/sessions/(\d+)/", page.url)[1])
    booked = Booking.objects.filter(session_id=session_id, status="booked").order_by(
        "contact_name", "id"
    )[0]

    page.get_by_label(booked.contact_name).check()
    page.get_by_role("button", name="Save register").click()
    expect(page.get_by_text("Register saved: 1 ticked in, 0 taken off.")).to_be_visible()
    expect(page.get_by_text("1 came, ")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add a walk-in").click()
    page.get_by_role("button", name="Add to the register").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Hodan Ali")
    page.get_by_label("How many children came with them?").fill("2")
    page.get_by_label("Register them with the hub next").check()
    page.get_by_role("button", name="Add to the register").click()

    expect(page.get_by_role("heading", name="Register a family with the hub")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Household name").fill("Ali")
    page.get_by_label("Parent's first name").fill("Hodan")
    page.get_by_label("Parent's last name").fill("Ali")
    page.get_by_label("Postcode").fill("E1 1BB")
    page.get_by_label("Child 1: first name (optional)").fill("Sagal")
    page.get_by_label("Child 1: date of birth").fill("3/2/2025")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("hodan@example.org")
    page.get_by_label("English").check()
    page.get_by_label(re.compile("They agree to be contacted by")).check()
    page.get_by_role("button", name="Register with the hub").click()

    expect(page.get_by_text("The Ali household is registered with the hub.")).to_be_visible()
    expect(page.get_by_text("2 came, ")).to_be_visible()
    assert_accessible(page)

    walk_in = Attendance.objects.get(session_id=session_id, walk_in=True)
    assert walk_in.children == 2 and walk_in.family.name == "Ali"
    registration = HubRegistration.objects.get(family=walk_in.family)
    assert registration.registered_on == timezone.localdate()
    assert Attendance.objects.filter(session_id=session_id, booking=booked).exists()
