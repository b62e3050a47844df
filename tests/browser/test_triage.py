"""Triage in Chromium, on a phone and a desktop: the access team sets level 2 and allocates, and
finds the decision again; the lead professional then sees the family; a practitioner whose
organisation is not involved cannot find it."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.helpers import a_request_from_a_family, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def test_triage_allocates_and_only_the_team_around_the_family_sees_it(
    sized_page: Page, live_server
):
    page = sized_page
    calm = a_request_from_a_family()
    urgent = a_request_from_a_family(urgent=True)

    sign_in_as(page, live_server, "triage@example.org")
    page.goto(live_server.url + "/staff/triage/")
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(urgent.reference)  # safeguarding jumps the queue
    expect(rows.first).to_contain_text("Urgent")
    assert_accessible(page)

    page.get_by_role("link", name=calm.reference).click()
    expect(page.locator("h1")).to_have_text(calm.reference)
    assert_accessible(page)
    page.get_by_label("2 – Targeted early help", exact=False).check()
    page.get_by_label("Why this level").fill("Low mood and sleep: a Team Around the Family.")
    page.get_by_label("Lead professional").select_option(label="Kim Example (0 open episodes)")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is decided")
    calm.refresh_from_db()
    assert calm.status == SupportRequest.Status.ALLOCATED
    # The decision stays in sight: on the request, then again from "Recently decided".
    decision = page.locator("dl", has_text="Decided by")
    expect(decision).to_contain_text("Low mood and sleep")
    expect(decision.get_by_role("link", name="Open the family record")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/staff/triage/")
    page.get_by_role("link", name=calm.reference).click()
    expect(page.locator("dl", has_text="Decided by")).to_contain_text("Kim Example")

    sign_in_as(page, live_server, "health.visitor@example.org")
    page.goto(live_server.url + "/staff/families/")
    page.get_by_role("link", name="Nadia Example", exact=False).first.click()
    expect(page.get_by_text("Idris Example").first).to_be_visible()
    assert_accessible(page)

    sign_in_as(page, live_server, "school.practitioner@example.org")
    page.goto(live_server.url + "/staff/families/")
    expect(page.get_by_text("Nadia Example")).to_have_count(0)
    response = page.goto(live_server.url + f"/staff/families/{calm.family_id}/")
    assert response is not None and response.status == 404
