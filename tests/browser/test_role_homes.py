"""Every demo account lands on its own home after signing in, axe-clean at phone and desktop
widths, with the work its role gives it (a request waiting, an allocated episode)."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.helpers import PASSWORD, current_code, totp_device
from tests.browser.axe import assert_accessible
from tests.browser.helpers import a_request_from_a_family, allocated_episode, sign_in_as
from tests.factories import TriageOfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
# Demo account → a heading its home must show.
HOMES = {
    "triage@example.org": "Triage",
    "lead.professional@example.org": "My caseload",
    "locality.manager@example.org": "Your locality",
    "school.practitioner@example.org": "Your referrals",
    "council.editor@example.org": "Directory entries",
    "directory.manager@example.org": "Directory entries",
    "admin@example.org": "Background jobs",
    "analyst@example.org": "Your work",
}


def test_signing_in_lands_on_the_home(page: Page, live_server):
    triage = TriageOfficerFactory()
    device = totp_device(triage)
    page.goto(live_server.url + "/staff/sign-in")
    page.get_by_label("Email address").fill(triage.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        current_code(device)
    )
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(live_server.url + "/staff/")
    expect(page.get_by_role("heading", name="Your work")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_demo_role_has_a_home_with_its_work(page: Page, live_server, viewport):
    a_request_from_a_family(urgent=True)
    episode = allocated_episode()
    page.set_viewport_size(viewport)
    for email, heading in HOMES.items():
        sign_in_as(page, live_server, email)
        page.goto(live_server.url + "/staff/")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
    sign_in_as(page, live_server, "lead.professional@example.org")
    page.goto(live_server.url + "/staff/")
    expect(page.get_by_role("link", name=episode.family.reference).first).to_be_visible()
