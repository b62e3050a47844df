"""A social worker of children's social care finds a handover from the front door on their
home, reads it, and returns it to early help with advice; triage finds the request back in its
queue with the advice beside it; and accepts an early help step-up and opens the step-down form.
In Chromium, on a phone and a desktop, with axe at each step."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import User
from familyhub.casework.services.episodes import episode_step_up
from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.helpers import a_request_from_a_family, allocated_episode, sign_in_as
from tests.socialcare_factories import request_hand_over

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

SOCIAL_WORKER = "social.worker@example.org"
TRIAGE = "triage@example.org"
ADVICE = "Not a child in need now: early help should support Nadia with Idris's sleep."


@pytest.fixture
def handed_over() -> SupportRequest:
    """Nadia Example's request, which demo triage handed over at level 3."""
    return request_hand_over(a_request_from_a_family(), by=User.objects.get(email=TRIAGE))


def test_a_social_worker_returns_a_handover_with_advice(sized_page: Page, live_server, handed_over):
    page = sized_page
    sign_in_as(page, live_server, SOCIAL_WORKER)
    page.goto(live_server.url + "/staff/")
    card = page.locator("section", has_text="Handovers to children's social care")
    expect(card).to_contain_text("waiting for an answer")
    assert_accessible(page)

    card.get_by_role("link", name=handed_over.reference).click()
    expect(page.locator("h1")).to_have_text(handed_over.reference)
    expect(page.locator("main")).to_contain_text("My son is not sleeping")
    expect(page.locator("main")).to_contain_text(str(handed_over.level))
    assert_accessible(page)

    page.get_by_role("button", name="Return to early help with advice").click()
    expect(page.locator("h1")).to_have_text("Return to early help with advice")
    page.get_by_role("button", name="Return to early help").click()  # no advice yet
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give your advice for early help")
    assert_accessible(page)
    page.get_by_label("Your advice for early help").fill(ADVICE)
    page.get_by_role("button", name="Return to early help").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{handed_over.reference} is back in the triage queue with your advice"
    )
    answered = page.locator("table", has_text="Answer").locator(
        "tr", has_text=handed_over.reference
    )
    expect(answered).to_contain_text("Returned to early help")
    assert_accessible(page)

    sign_in_as(page, live_server, TRIAGE)
    page.goto(live_server.url + f"/staff/triage/{handed_over.pk}")
    expect(page.locator("main")).to_contain_text("Returned to early help")
    expect(page.locator("main")).to_contain_text(ADVICE)
    expect(page.get_by_role("button", name="Save decision")).to_be_visible()
    assert_accessible(page)


def test_a_social_worker_accepts_a_step_up_and_opens_the_step_down_form(
    sized_page: Page, live_server
):
    episode = allocated_episode()
    step_up = episode_step_up(
        episode=episode,
        by=episode.lead_professional,
        reason="Idris told his teacher about bruises at home.",
    )
    page = sized_page
    sign_in_as(page, live_server, SOCIAL_WORKER)
    page.goto(live_server.url + f"/staff/social-care/step-ups/{step_up.pk}")
    expect(page.locator("main")).to_contain_text("Idris told his teacher about bruises at home.")
    expect(page.locator(".familyhub-handover")).to_be_visible()  # the summary from the record
    assert_accessible(page)
    page.get_by_role("button", name="Accept handover").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You accepted the step-up")
    expect(page.locator("main")).to_contain_text("Accepted")
    assert_accessible(page)

    page.goto(live_server.url + "/staff/social-care/step-down")
    expect(page.locator("h1")).to_have_text("Step a family down into early help")
    page.get_by_role("button", name="Send step-down").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us about at least one child")
    assert_accessible(page)
