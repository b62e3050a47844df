"""A voluntary group's editor opens, accepts and completes a referral sent to its service, and
the school practitioner who referred sees each answer: in Chromium, on a phone and a desktop,
with axe at each step."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import User
from familyhub.directory.models import Service
from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.frontdoor_factories import ServiceReferralFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

EDITOR = "editor@example.org"  # Brick Lane Bengali Women's Network
REFERRER = "school.practitioner@example.org"
OUTCOME = "Nadia came to six of the eight sessions and has joined the coffee morning."


@pytest.fixture
def referral() -> SupportRequest:
    """The school's referral of Nadia Example to one of the women's network's services."""
    editor = User.objects.get(email=EDITOR)
    service = Service.objects.filter(organisation__memberships__user=editor).first()
    return ServiceReferralFactory(
        referrer=User.objects.get(email=REFERRER),
        service=service,
        local_authority=service.local_authority,
        parent_name="Nadia",
        family_name="Example",
    )


def test_a_service_accepts_and_completes_a_referral_and_the_referrer_sees_it(
    sized_page: Page, live_server, referral
):
    page = sized_page
    sign_in_as(page, live_server, EDITOR)
    page.goto(live_server.url + "/staff/referrals/received/")
    expect(page.locator("h1")).to_have_text("Referrals received")
    row = page.locator("tbody tr", has_text=referral.reference)
    expect(row).to_contain_text("New")
    expect(row).not_to_contain_text("Nadia")  # nothing of the family until it is opened
    assert_accessible(page)

    row.get_by_role("link", name=referral.reference).click()
    expect(page.locator("h1")).to_have_text(referral.reference)
    expect(page.locator("main")).not_to_contain_text("Nadia")
    assert_accessible(page)

    page.get_by_role("button", name="Open referral").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Nadia Example")
    assert_accessible(page)

    page.get_by_role("button", name="Accept referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral accepted")
    assert_accessible(page)

    page.get_by_role("button", name="Complete referral").click()
    expect(page.locator("h1")).to_have_text("Complete referral")
    page.get_by_role("button", name="Complete referral").click()  # nothing said yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what the outcome was")
    assert_accessible(page)
    page.get_by_label("What the outcome was").fill(OUTCOME)
    page.get_by_role("button", name="Complete referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral completed")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Completed")
    assert_accessible(page)

    sign_in_as(page, live_server, REFERRER)
    page.goto(live_server.url + "/staff/referrals/")
    row = page.locator("tbody tr", has_text=referral.reference)
    expect(row).to_contain_text("Completed")
    assert_accessible(page)
    row.get_by_role("link", name=referral.reference).click()
    expect(page.locator("main")).to_contain_text("Accepted")
    expect(page.locator("main")).to_contain_text(OUTCOME)
    assert_accessible(page)
    referral.refresh_from_db()
    assert referral.answer == SupportRequest.Answer.COMPLETED
