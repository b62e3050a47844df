"""Triage in Chromium: the access team sets level 2 and allocates; the lead professional then
sees the family; a practitioner whose organisation is not involved cannot find it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.accounts.models import User
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.places.models import LocalAuthority
from tests.accounts.helpers import verified_session_cookie
from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def sign_in_as(page: Page, live_server, email: str) -> None:
    page.context.clear_cookies()
    user = User.objects.get(email=email)
    page.context.add_cookies([verified_session_cookie(user, live_server.url)])


def a_request_from_a_family(*, urgent: bool = False) -> SupportRequest:
    count = SupportRequest.objects.count()
    request = SupportRequest.objects.create(
        local_authority=LocalAuthority.objects.get(code="E09000030"),
        reference=f"FH-TEST{count}",
        resume_token=f"browser-test-{count}",
        source=SupportRequest.Source.FAMILY,
        status=SupportRequest.Status.NEW,
        submitted_at=timezone.now() - dt.timedelta(hours=3),
        worries="My son is not sleeping and I feel very low.",
        contact_name="Nadia Example",
        contact_method=SupportRequest.Contact.PHONE,
        phone="020 7946 0123",
        postcode="E1 1BB",
        consent_to_share=True,
        safeguarding_concern=urgent,
    )
    RequestPerson.objects.create(
        request=request, role="parent", given_name="Nadia", family_name="Example"
    )
    RequestPerson.objects.create(
        request=request,
        role="child",
        given_name="Idris",
        family_name="Example",
        date_of_birth=dt.date(2023, 9, 14),
    )
    return request


def test_triage_allocates_and_only_the_team_around_the_family_sees_it(page: Page, live_server):
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
    page.get_by_label("Lead professional").select_option(label="Kim Example")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is decided")
    calm.refresh_from_db()
    assert calm.status == SupportRequest.Status.ALLOCATED

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
