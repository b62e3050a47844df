"""Keeping the household current in Chromium, on a phone's width and a desktop's: the lead
professional records the birth of the family's unborn baby on the record, axe-clean at each step."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.families.models import Membership, Sex
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.factories import LeadProfessionalFactory, OrganisationFactory
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.families_factories import PersonFactory, family_with_consent_for

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("postcodes")]


@pytest.fixture
def cast():
    """The Begum family the Early Help Team works with (whole record shared): a mother and the
    baby she is expecting, and their lead professional."""
    team = OrganisationFactory(name="Early Help Team")
    lead = LeadProfessionalFactory(organisation=team)
    family = family_with_consent_for(team, worker=lead, name="Begum")
    HouseholdMembershipFactory(
        family=family,
        role=Membership.Role.PARENT,
        person=PersonFactory(given_name="Shirin", family_name="Begum", adult=True),
    )
    baby = HouseholdMembershipFactory(
        family=family,
        role=Membership.Role.UNBORN,
        person=PersonFactory(unborn=True, family_name="", sex=Sex.UNKNOWN),
    )
    return {"lead": lead, "family": family, "baby": baby}


def test_a_lead_records_a_birth_on_the_record(sized_page: Page, live_server, cast):
    page, family, baby = sized_page, cast["family"], cast["baby"]
    sign_in_as(page, live_server, cast["lead"])
    page.goto(f"{live_server.url}/staff/families/{family.pk}/")
    expect(page.get_by_role("row", name=re.compile("Unborn baby"))).to_contain_text("Unborn child")
    assert_accessible(page)

    page.get_by_role("link", name="Record the birth (Unborn baby)").click()
    expect(page.locator("h1")).to_have_text("Record a birth")
    assert_accessible(page)
    page.get_by_label("First name").fill("")
    page.get_by_role("button", name="Record the birth").click()  # nothing typed: errors shown
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the baby's first name")
    expect(summary).to_contain_text("Enter the baby's date of birth")
    assert_accessible(page)

    page.get_by_label("First name").fill("Nusrat")
    page.get_by_label("Last name").fill("Begum")
    page.get_by_label("Date of birth").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Female").check()
    page.get_by_role("button", name="Record the birth").click()

    expect(page).to_have_url(re.compile(rf"/staff/families/{family.pk}/#household$"))
    expect(page.get_by_role("alert")).to_contain_text("The birth of Nusrat Begum has been recorded")
    row = page.get_by_role("row", name=re.compile("Nusrat Begum"))
    expect(row).to_contain_text("Child or young person")
    expect(page.get_by_role("link", name=re.compile("Record the birth"))).to_have_count(0)
    assert_accessible(page)
    baby.refresh_from_db()
    assert baby.role == Membership.Role.CHILD
    assert baby.person.due_date is None
