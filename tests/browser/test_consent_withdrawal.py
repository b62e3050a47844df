"""Recording a family's withdrawal of consent in Chromium: the confirmation page says who
loses access and what becomes of the open episode before anything changes, asks for a reason,
and passes axe with and without errors."""

import re

import pytest
from playwright.sync_api import Page, expect

from familyhub.families.models import Consent, Involvement
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.factories import (
    LeadProfessionalFactory,
    OrganisationFactory,
    PartnerPractitionerFactory,
)
from tests.families_factories import InvolvementFactory, family_with_consent_for

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("postcodes")]


@pytest.fixture
def cast():
    """The Early Help Team leads (Ada Okafor); the family shares its whole record with the team
    only; Ben Hale of the same team is in the Team Around the Family."""
    team = OrganisationFactory(name="Early Help Team")
    lead = LeadProfessionalFactory(organisation=team, first_name="Ada", last_name="Okafor")
    colleague = PartnerPractitionerFactory(organisation=team, first_name="Ben", last_name="Hale")
    family = family_with_consent_for(team, worker=lead, name="Chowdhury")
    InvolvementFactory(
        family=family, organisation=team, worker=colleague, role=Involvement.Role.TEAM_MEMBER
    )
    return {"lead": lead, "family": family}


def test_the_lead_professional_records_a_withdrawal_after_seeing_its_effect(
    page: Page, live_server, cast
):
    family = cast["family"]
    sign_in_as(page, live_server, cast["lead"])
    page.goto(f"{live_server.url}/staff/families/{family.pk}/")
    page.get_by_role("link", name=re.compile("^Withdraw")).click()

    expect(page.locator("h1")).to_have_text("Withdraw consent")
    losing = page.get_by_role("heading", name="Early Help Team")
    expect(losing).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Ada Okafor")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Ben Hale")).to_be_visible()
    lead_loses = page.get_by_text("The lead professional, Ada Okafor, will no longer see")
    expect(lead_loses).to_be_visible()
    expect(page.get_by_text("Afterwards nobody can see the family's record")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Withdraw consent").click()  # nothing chosen: errors
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how consent was withdrawn")
    expect(summary).to_contain_text("Enter why the family withdrew consent")
    assert_accessible(page)

    page.get_by_label("In writing").check()
    page.get_by_label("Why the family withdrew consent").fill("The family asked us to stop.")
    page.get_by_role("button", name="Withdraw consent").click()

    # She relied on that consent: back to her list, where the family no longer is.
    expect(page).to_have_url(re.compile(r"/staff/families/$"))
    expect(page.get_by_role("alert")).to_contain_text("The consent has been withdrawn")
    expect(page.get_by_role("link", name="Chowdhury")).to_have_count(0)
    assert Consent.objects.get(family=family).withdrawn_at is not None
    assert_accessible(page)
