"""Merging two records of one child in Chromium: front door triage finds the duplicate from the
family record, checks the two side by side, merges with a reason, then undoes it from the
record. Every page on the way passes axe."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import User
from familyhub.families.models import Person, Sex
from tests.accounts.helpers import verified_session_cookie
from tests.browser.axe import assert_accessible
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.families_factories import (
    PersonFactory,
    family_with_consent_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

BORN = dt.date(2016, 9, 12)


@pytest.fixture
def cast():
    """Layla at home; a second record of her, "Laila", at her grandmother's: both families
    worked with by the demo Early Help team, whose triage officer does the merge."""
    triage = User.objects.get(email="triage@example.org")
    team = triage.memberships.get().organisation
    families = {}
    for name, given_name in (("Hassan", "Layla"), ("Osman", "Laila")):
        family = family_with_consent_for(team, name=name)
        HouseholdMembershipFactory(
            family=family,
            person=PersonFactory(
                given_name=given_name,
                family_name="Hassan",
                date_of_birth=BORN,
                sex=Sex.FEMALE,
                postcode="E1 6AN",
            ),
        )
        families[name] = family
    return {"triage": triage, "home": families["Hassan"], "nan": families["Osman"]}


def test_triage_merges_two_records_of_one_child_and_undoes_it(page: Page, live_server, cast):
    nan = cast["nan"]
    laila = nan.members.get().person
    page.context.add_cookies([verified_session_cookie(cast["triage"], live_server.url)])
    page.goto(f"{live_server.url}/staff/families/{nan.pk}/")
    page.get_by_role("link", name=re.compile("Same person as someone else")).click()

    expect(page.locator("h1")).to_have_text("Is Laila Hassan the same person as someone else?")
    expect(page.get_by_text("likely to be the same person")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()  # nothing chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the record")
    page.get_by_label("Layla Hassan").check()
    page.get_by_role("button", name="Continue").click()

    expect(page.locator("h1")).to_have_text("Check these are the same person")
    expect(page.get_by_role("table")).to_contain_text("Hassan (")
    assert_accessible(page)
    page.get_by_role("button", name="Merge the records").click()  # no reason
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why these records")
    assert_accessible(page)
    page.get_by_label("Why are these the same person?").fill("Same child: school confirmed")
    page.get_by_role("button", name="Merge the records").click()

    expect(page).to_have_url(re.compile(rf"/staff/families/{nan.pk}/#merged-records$"))
    expect(page.get_by_role("alert")).to_contain_text("The records have been merged")
    household = page.get_by_role("table", name="People in the household")
    expect(household).to_contain_text("Layla Hassan")
    expect(household).not_to_contain_text("Laila Hassan")
    expect(page.locator("#merged-records")).to_be_visible()
    assert_accessible(page)
    laila.refresh_from_db()
    assert laila.merged_into is not None

    page.get_by_label("Why is this merge being undone?").fill("Checked again: twins")
    page.get_by_role("button", name=re.compile("Undo this merge")).click()
    expect(page.get_by_role("alert")).to_contain_text("The merge has been undone")
    expect(page.get_by_role("table", name="People in the household")).to_contain_text(
        "Laila Hassan"
    )
    assert Person.objects.get(pk=laila.pk).merged_into is None
