"""The whole early help journey in Chromium, axe-checked at every step: a triaged request opens
an episode; the lead professional assesses, plans, reviews and closes it with outcomes."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.casework.models import Episode, PlanNeed, Review
from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.helpers import allocated_episode, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_from_a_triaged_request_to_a_closed_episode_with_outcomes(page: Page, live_server):
    episode = allocated_episode(
        "health.visitor@example.org", reason="Sleep and low mood: a Team Around the Family."
    )
    assert episode.request.status == SupportRequest.Status.ALLOCATED

    sign_in_as(page, live_server, "health.visitor@example.org")
    page.goto(live_server.url + "/staff/casework/caseload")
    assert_accessible(page)
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)

    # The Early Help Assessment: every area scored, each child heard, the analysis, consent.
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/assessment")
    page.get_by_role("button", name="Start the assessment").click()
    assert_accessible(page)
    for select in page.locator("select[name$='__score']").all():
        select.select_option("4")
    for voice in page.locator("textarea[name^='voice_']").all():
        voice.fill("Idris says bedtime is scary when the neighbours are loud.")
    page.locator("textarea[name='analysis']").fill("Sleep routines and low mood; good warmth.")
    page.locator("input[name='consent_recorded']").check()
    page.get_by_role("button", name="Save and complete the assessment").click()
    expect(page.get_by_text("Completed").first).to_be_visible()

    # The family plan: a need with its baseline and an action owned by the lead professional.
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/plan")
    assert_accessible(page)
    need_form = page.locator("form[action$='/plan/need']")
    need_form.locator("select[name$='outcome']").select_option("health")
    need_form.locator("[name$='description']").fill("Mum's low mood and the children's sleep")
    need_form.locator("input[name$='baseline_score']").fill("7")
    need_form.get_by_role("button").click()
    expect(page.get_by_text("Mum's low mood and the children's sleep").first).to_be_visible()
    action_form = page.locator("form[action$='/plan/action']")
    action_form.locator("select[name$='need']").select_option(index=1)
    action_form.locator("[name$='description']").fill(
        "Refer to the perinatal mental health team and start a bedtime routine"
    )
    action_form.locator("select[name$='owner']").select_option(index=1)
    due = timezone.localdate() + dt.timedelta(weeks=4)
    action_form.locator("input[name$='due_on']").fill(f"{due.day}/{due.month}/{due.year}")
    action_form.get_by_role("button").click()
    expect(page.get_by_text("Refer to the perinatal mental health team").first).to_be_visible()
    assert_accessible(page)

    # A review scores progress against the baseline.
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/review")
    today = timezone.localdate()
    page.locator("input[name$='held_on']").fill(f"{today.day}/{today.month}/{today.year}")
    for score in page.locator("input[name*='score_']").all():
        score.fill("3")
    assert_accessible(page)
    page.locator("main form button[type='submit']").last.click()

    review = Review.objects.get(episode=episode)
    assert [score.score for score in review.scores.all()] == [3]

    # Closure with an outcome for every need and a family adviser for life.
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/close")
    assert_accessible(page)
    need = PlanNeed.objects.get(episode=episode)
    page.locator(f"input[name$='need_{need.pk}'][value='achieved']").check()
    reason_radio = page.locator("input[name$='reason'][value='outcomes_met']")
    if reason_radio.count():
        reason_radio.check()
    else:
        page.locator("select[name$='reason']").select_option("outcomes_met")
    page.locator("select[name$='family_adviser']").select_option(index=1)
    page.locator("main form button[type='submit']").last.click()

    episode.refresh_from_db()
    assert episode.status == Episode.Status.CLOSED
    assert PlanNeed.objects.get(pk=need.pk).result == PlanNeed.Result.ACHIEVED
    assert episode.family_adviser is not None
    page.goto(live_server.url + f"/staff/casework/{episode.pk}/")
    expect(page.get_by_text("Closed").first).to_be_visible()
    assert_accessible(page)
