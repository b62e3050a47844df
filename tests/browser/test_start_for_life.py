"""The demo locality manager opens the first 1,001 days on a phone: from the Start for Life card
of their home to the localities, then one locality's list (counts, babies with who was invited,
registered, came, and the reviews due or overdue), and its second page; axe-clean at every
step. Then the demo health visitor records a review from the list."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.demo.start_for_life import load_demo_start_for_life
from familyhub.places.models import LocalAuthority
from familyhub.startforlife.models import MilestoneDone
from tests.browser.axe import assert_accessible
from tests.browser.conftest import PHONE
from tests.browser.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

MANAGER = "locality.manager@example.org"
HEALTH_VISITOR = "health.visitor@example.org"


@pytest.fixture
def a_year_of_births():
    # A smaller year than `make run`'s: enough for two pages in every locality.
    load_demo_start_for_life(LocalAuthority.objects.get(code="E09000030"), births_a_year=160)


def test_a_manager_opens_the_1001_days_view(page: Page, live_server, a_year_of_births):
    page.set_viewport_size(PHONE)
    sign_in_as(page, live_server, MANAGER)

    page.goto(live_server.url + "/staff/")
    card = page.locator("section", has=page.get_by_role("heading", name="Start for Life"))
    expect(card).to_contain_text("babies under 2")
    assert_accessible(page)
    card.get_by_role("link", name="The first 1,001 days, by locality").click()

    expect(page.get_by_role("heading", name="The first 1,001 days", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link").filter(has_text=re.compile("^(North|South)")).first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("The first 1,001 days in")
    counts = page.locator("#counts")
    expect(counts).to_contain_text("Babies under 2")
    babies = page.locator(".govuk-summary-card")
    assert babies.count() > 0
    expect(page.get_by_text("Invited", exact=True).first).to_be_visible()
    expect(page.locator(".govuk-tag").first).to_be_visible()  # a review done, due or overdue
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Next")).click()
    expect(page).to_have_url(re.compile(r"page=2"))
    assert page.locator(".govuk-summary-card").count() > 0
    assert_accessible(page)


def test_the_health_visitor_records_a_review(page: Page, live_server, a_year_of_births):
    page.set_viewport_size(PHONE)
    sign_in_as(page, live_server, HEALTH_VISITOR)
    page.goto(live_server.url + "/staff/start-for-life/first-1001-days/")
    page.get_by_role("link").filter(has_text=re.compile("^(North|South)")).first.click()
    record = page.get_by_role("link", name=re.compile("^Record a review")).first
    baby_id = re.search(r"babies/([0-9a-f-]+)/", record.get_attribute("href")).group(1)

    record.click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the review").click()  # nothing chosen: errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("New birth visit").check()
    page.get_by_label("Date of the review").fill("1/1/2020")  # before the birth
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("after the birth")
    today = timezone.localdate()
    page.get_by_label("Date of the review").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record the review").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("The first 1,001 days in")
    expect(page.get_by_text("The review is recorded.")).to_be_visible()
    done = MilestoneDone.objects.get(baby_id=baby_id, milestone="new_birth_visit")
    assert done.done_on == today  # recorded, or its date put right
    assert_accessible(page)
