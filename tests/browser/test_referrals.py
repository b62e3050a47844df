"""A school practitioner refers a family to the front door in Chromium, then follows its status."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.frontdoor.models import SupportRequest
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def fill_date(page: Page, prefix: str, day: dt.date) -> None:
    page.locator(f"#id_{prefix}").fill(str(day.day))  # the day box carries the field's id
    page.locator(f"[name={prefix}_month]").fill(str(day.month))
    page.locator(f"[name={prefix}_year]").fill(str(day.year))


def test_a_school_practitioner_refers_to_the_front_door_and_sees_it_waiting(
    page: Page, live_server
):
    sign_in_as(page, live_server, "school.practitioner@example.org")
    page.goto(live_server.url + "/staff/referrals/")
    expect(page.locator("h1")).to_have_text("Your referrals")
    assert_accessible(page)

    page.get_by_role("button", name="Make a referral").click()
    expect(page.locator("h1")).to_have_text("Make a referral")
    assert_accessible(page)

    # Sent with almost nothing: the error summary, and nothing typed is lost.
    page.locator("#id_child1_given_name").fill("Idris")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select where the referral")
    expect(page.locator("#id_child1_given_name")).to_have_value("Idris")
    assert_accessible(page)

    page.get_by_label("The Family Hub front door", exact=True).check()
    page.locator("#id_child1_family_name").fill("Example")
    fill_date(page, "child1_date_of_birth", timezone.localdate() - dt.timedelta(days=365 * 6))
    page.locator("#id_adult1_given_name").fill("Nadia")
    page.locator("#id_adult1_family_name").fill("Example")
    page.get_by_label("Address line 1").fill("1 Example Street")
    page.get_by_label("Postcode").fill("E1 0AA")
    page.get_by_label("What is worrying you, and why now?").fill(
        "Idris has missed 12 days this term and seems withdrawn."
    )
    page.get_by_label("What help do you think the family needs?").fill("Routines and support.")
    page.locator("#id_at_risk_1").check()  # No
    page.get_by_label("Yes, to the referral and to sharing").check()
    page.get_by_label("Who should we contact in the family?").fill("Nadia Example")
    page.get_by_label("Their phone number").fill("020 7946 0123")
    page.get_by_role("button", name="Send referral").click()

    referral = SupportRequest.objects.get(source=SupportRequest.Source.PRACTITIONER)
    expect(page.locator("h1")).to_have_text(referral.reference)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral sent")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Waiting for triage")
    assert_accessible(page)

    page.get_by_role("link", name="Your referrals").first.click()
    row = page.locator("tbody tr", has_text=referral.reference)
    expect(row).to_contain_text("Waiting for triage")
    expect(row).to_contain_text("Idris, Nadia")
    expect(row).to_contain_text("Family Hub front door")
    assert referral.status == SupportRequest.Status.NEW
    assert_accessible(page)
