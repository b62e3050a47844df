"""Each form on the family plan posts to its own address. Without JavaScript a need with a wrong
score comes back with its errors and what was typed; with it the page is axe-clean in that state
too, and an action's progress is saved from its own form."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.casework.models import Outcome, PlanAction
from familyhub.casework.services import plan as plan_services
from tests.browser.axe import assert_accessible
from tests.browser.helpers import allocated_episode, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def test_a_need_with_a_wrong_score_comes_back_with_its_errors(
    page_without_javascript: Page, live_server
):
    page = page_without_javascript
    episode = allocated_episode()
    sign_in_as(page, live_server, episode.lead_professional)
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/plan")

    need_form = page.locator(f"form[action='/staff/casework/{episode.pk}/plan/need']")
    need_form.locator("select[name$='outcome']").select_option("housing")
    need_form.locator("[name$='description']").fill("Damp in the children's bedroom")
    need_form.locator("input[name$='baseline_score']").fill("11")
    need_form.get_by_role("button", name="Add need").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a score from 1 to 10")
    expect(page.locator("textarea[name$='description']").first).to_have_value(
        "Damp in the children's bedroom"
    )
    assert page.title().startswith("Error:")
    assert not episode.needs.exists()


def test_the_plan_with_errors_is_accessible_and_an_update_is_saved(page: Page, live_server):
    episode = allocated_episode()
    lead = episode.lead_professional
    need = plan_services.need_add(
        episode, outcome=Outcome.HEALTH, description="Sleep", baseline_score=7, by=lead
    )
    action = plan_services.action_add(
        need,
        description="A bedtime routine",
        owner=episode.team.get(worker=lead),
        due_on=episode.opened_on,
        by=lead,
    )
    sign_in_as(page, live_server, lead)
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/plan")
    page.locator("form[action$='/plan/review-interval'] input[name$='weeks']").fill("30")
    page.get_by_role("button", name="Change").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Update this action").click()
    update_form = page.locator(f"form[action$='/plan/actions/{action.pk}']")
    update_form.get_by_label("Done").check()
    update_form.get_by_role("button", name="Save update").click()
    expect(page.get_by_text("Action updated")).to_be_visible()
    action.refresh_from_db()
    assert action.status == PlanAction.Status.DONE
