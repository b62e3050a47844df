"""A join that waits, in Chromium: triage matched a child to a household whose consent does not
name the request's lead professional's organisation; the locality manager reads where the two
consents part and keeps them apart, and the request is allocated to a new household."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.accounts.models import Role, User
from familyhub.families import services as family_services
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.triage.models import PendingJoin
from familyhub.triage.services import request_decide
from tests.browser.axe import assert_accessible
from tests.browser.helpers import a_request_from_a_family, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def test_a_locality_manager_keeps_a_disagreeing_join_apart(page: Page, live_server):
    triage = User.objects.get(email="triage@example.org")
    access_team = triage.memberships.get(role=Role.TRIAGE).organisation
    request = a_request_from_a_family()
    idris = request.people.get(given_name="Idris")
    household = family_services.family_create(
        local_authority=request.local_authority, name="Example household", by=triage
    )
    known = family_services.person_add(
        family=household,
        role="child",
        given_name="Idris",
        family_name="Example",
        date_of_birth=idris.date_of_birth,
        by=triage,
    ).person
    request_decide(
        request=request,
        level=NeedLevel.objects.get(local_authority=request.local_authority, number=2),
        reason="Known to the hub, we think.",
        lead_professional=User.objects.get(email="health.visitor@example.org"),
        triage_organisation=access_team,
        matches={idris.pk: known},
        by=triage,
    )
    pending = PendingJoin.objects.get(request=request)

    sign_in_as(page, live_server, "locality.manager@example.org")
    page.goto(live_server.url + "/staff/triage/joins/")
    assert_accessible(page)
    page.get_by_role("link", name=request.reference).click()
    expect(page.locator("h1")).to_contain_text(household.reference)
    expect(page.get_by_text("Not covered by the household's consent")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No: keep them apart", exact=False).check()
    page.get_by_label("Why").fill("A different Idris: checked with the school.")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has a new household")
    pending.refresh_from_db()
    request.refresh_from_db()
    assert pending.status == PendingJoin.Status.REFUSED
    assert request.status == SupportRequest.Status.ALLOCATED and request.family != household
