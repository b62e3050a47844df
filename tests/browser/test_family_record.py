"""The shared family record in Chromium: the lead professional reads it and adds to it; a
practitioner from an organisation not working with the family can neither find nor open it."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from familyhub.families.models import Membership
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.casework_factories import EpisodeFactory
from tests.factories import (
    LeadProfessionalFactory,
    OrganisationFactory,
    PartnerPractitionerFactory,
)
from tests.families_factories import (
    ChronologyEventFactory,
    PersonFactory,
    family_with_consent_for,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("postcodes")]


@pytest.fixture
def cast():
    """A family the Early Help Team works with (whole record shared), and an outsider."""
    team = OrganisationFactory(name="Early Help Team")
    lead = LeadProfessionalFactory(organisation=team)
    outsider = PartnerPractitionerFactory(organisation__name="Riverside Youth Club")
    family = family_with_consent_for(team, worker=lead, name="Chowdhury")
    HouseholdMembershipFactory(
        family=family,
        role=Membership.Role.PARENT,
        person=PersonFactory(given_name="Nasreen", family_name="Chowdhury", adult=True),
    )
    HouseholdMembershipFactory(
        family=family,
        person=PersonFactory(given_name="Imran", family_name="Chowdhury", nhs_number="9434765919"),
    )
    ChronologyEventFactory(
        family=family,
        organisation=team,
        summary="Family Hub welcome visit",
        occurred_on=timezone.localdate() - dt.timedelta(days=20),
    )
    return {"lead": lead, "outsider": outsider, "family": family}


def test_the_lead_professional_reads_the_record_and_adds_an_event(page: Page, live_server, cast):
    family = cast["family"]
    sign_in_as(page, live_server, cast["lead"])
    page.goto(f"{live_server.url}/staff/families/")
    page.get_by_role("link", name="Chowdhury").click()
    expect(page.locator("h1")).to_have_text("Chowdhury")
    expect(page.get_by_role("row", name=re.compile("Imran Chowdhury"))).to_contain_text(
        "ending 5919"
    )
    expect(page.get_by_text("Family Hub welcome visit")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add an event").click()
    page.get_by_role("button", name="Add event").click()  # nothing typed: errors shown
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what happened")
    assert_accessible(page)
    page.get_by_label("Date").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("What happened").fill("Attended the parenting course")
    page.get_by_label("Who it was about (optional)").select_option(label="Imran Chowdhury")
    page.get_by_role("button", name="Add event").click()

    expect(page).to_have_url(re.compile(rf"/staff/families/{family.pk}/#chronology$"))
    expect(page.get_by_role("alert")).to_contain_text("The event has been added")
    first_event = page.locator("#chronology ~ table tbody tr").first
    expect(first_event).to_contain_text("Attended the parenting course")
    expect(first_event).to_contain_text("Imran Chowdhury")
    assert_accessible(page)


def test_a_practitioner_not_involved_can_neither_find_nor_open_the_record(
    page: Page, live_server, cast
):
    family = cast["family"]
    sign_in_as(page, live_server, cast["outsider"])
    page.goto(f"{live_server.url}/staff/families/")
    page.get_by_label("Search by family name or reference").fill("Chowdhury")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No family you work with matches")).to_be_visible()
    expect(page.get_by_role("link", name="Chowdhury")).to_have_count(0)
    assert_accessible(page)

    response = page.goto(f"{live_server.url}/staff/families/{family.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Nasreen")).to_have_count(0)


def test_the_lead_professional_finds_how_to_contact_the_family_and_their_episode(
    sized_page: Page, live_server, cast
):
    page, family, lead = sized_page, cast["family"], cast["lead"]
    SubmittedRequestFactory(
        family=family,
        local_authority=family.local_authority,
        parent_name="Nasreen",
        family_name="Chowdhury",
        phone="020 7946 0555",
        worries="Imran cries every night and I cannot cope alone.",
    )
    team = lead.memberships.get().organisation
    episode = EpisodeFactory(family=family, lead_organisation=team, lead_professional=lead)
    sign_in_as(page, live_server, lead)

    page.goto(f"{live_server.url}/staff/families/{family.pk}/")

    expect(page.get_by_role("link", name="020 7946 0555")).to_have_attribute(
        "href", "tel:02079460555"
    )
    expect(page.get_by_text("Imran cries every night and I cannot cope alone.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Go to the early help episode").click()
    expect(page).to_have_url(re.compile(rf"/staff/casework/{episode.pk}/$"))
