"""Every demo account lands on its own home after signing in, axe-clean at phone and desktop
widths, with the work the demo borough's year of history gives it."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.demo.history import load_demo_history
from familyhub.places.models import LocalAuthority
from tests.accounts.helpers import PASSWORD, current_code, totp_device
from tests.browser.axe import assert_accessible
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import sign_in_as
from tests.factories import TriageOfficerFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]

# Demo account → the card of its home (its heading) that must list real items of work.
HOMES = {
    "triage@example.org": "Triage",
    "lead.professional@example.org": "My caseload",
    "health.visitor@example.org": "Referrals received",
    "locality.manager@example.org": "Your locality",
    "school.practitioner@example.org": "Your referrals",
    "dpo@example.org": "Data protection requests",
    "social.worker@example.org": "Handovers to children's social care",
    "analyst@example.org": "Insight",
}
# Demo accounts whose home holds counts (staff accounts, jobs).
HEADINGS_ONLY = {"admin@example.org": "Staff accounts"}
# Items of work in a card: rows of its tables, entries of its plain lists.
ITEMS = "tbody tr, ul.govuk-list:not(.govuk-list--bullet) li"


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
def test_each_demo_role_lands_on_a_home_with_real_work(page: Page, live_server, viewport):
    load_demo_history(LocalAuthority.objects.get(code="E09000030"), families=80)
    page.set_viewport_size(viewport)
    for email, heading in HOMES.items():
        sign_in_as(page, live_server, email)
        page.goto(live_server.url + "/staff/")
        card = page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))
        expect(card).to_be_visible()
        assert card.locator(ITEMS).count() > 0, email
        assert_accessible(page)
    for email, heading in HEADINGS_ONLY.items():
        sign_in_as(page, live_server, email)
        page.goto(live_server.url + "/staff/")
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)
