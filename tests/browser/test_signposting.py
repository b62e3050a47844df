"""Signposting in Chromium, at a phone's width and a desktop's: triage finds a service beyond
the shortlist with the directory search (the answers already given kept), signposts the family
to two services, and the decision lists them; the family is texted the list. Axe-clean."""

import pytest
from playwright.sync_api import Page, expect

from familyhub.frontdoor.models import SupportRequest
from familyhub.notifications.models import Message
from familyhub.triage.models import Signpost
from familyhub.triage.selectors import hub_serving
from tests.browser.axe import assert_accessible
from tests.browser.helpers import a_request_from_a_family, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_borough")]


def test_triage_signposts_a_family_to_two_services(sized_page: Page, live_server):
    page = sized_page
    request = a_request_from_a_family()
    request.contact_method, request.phone = SupportRequest.Contact.TEXT, "07700 900456"
    request.save(update_fields=["contact_method", "phone"])

    sign_in_as(page, live_server, "triage@example.org")
    page.goto(f"{live_server.url}/staff/triage/{request.pk}")
    assert_accessible(page)
    page.get_by_label("1 – Universal", exact=False).check()
    page.get_by_label("Why this level").fill("Sleep and low mood: universal services first.")
    services = page.get_by_role("group", name="Services to send the family")
    services.get_by_role("checkbox").first.check()
    first = services.locator("label").first.inner_text()
    page.get_by_label("Find other services").fill("baby massage")
    page.get_by_role("button", name="Search the directory").click()

    # The search kept every answer and the service already ticked.
    expect(page.get_by_label("Why this level")).to_have_value(
        "Sleep and low mood: universal services first."
    )
    expect(page.get_by_label("1 – Universal", exact=False)).to_be_checked()
    expect(services.get_by_label(first)).to_be_checked()
    found = services.get_by_role("checkbox", name="Baby massage", exact=False).first
    second = services.locator("label", has_text="Baby massage").first.inner_text()
    found.check()
    assert_accessible(page)
    page.get_by_role("button", name="Save decision").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("is decided")
    decision = page.locator("dl", has_text="Decided by")
    sent = decision.locator(".govuk-summary-list__row", has_text="Services sent to the family")
    expect(sent.get_by_role("link")).to_have_count(2)
    expect(sent).to_contain_text(first.split(" – ")[0])
    expect(sent).to_contain_text(second.split(" – ")[0])
    expect(sent).to_contain_text("Sent by text message")
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.SIGNPOSTED
    assert Signpost.objects.filter(request=request, channel="sms").count() == 2
    assert Message.objects.get(template="signposts").channel == "sms"


def test_without_javascript_the_search_and_the_hub_choice_work(
    page_without_javascript: Page, live_server
):
    page = page_without_javascript
    request = a_request_from_a_family()

    sign_in_as(page, live_server, "triage@example.org")
    page.goto(f"{live_server.url}/staff/triage/{request.pk}")
    # E1 1BB is the South West's: its hub is chosen already, and any other may be.
    expect(page.get_by_label("Family hub")).to_have_value(str(hub_serving(request).pk))
    page.get_by_label("2 – Targeted early help", exact=False).check()
    page.get_by_label("Why this level").fill("The family asked for Bow: nearer the school.")
    page.get_by_label("Find other services").fill("baby massage")
    page.get_by_role("button", name="Search the directory").click()
    expect(page.get_by_label("Why this level")).to_have_value(
        "The family asked for Bow: nearer the school."
    )
    expect(page.get_by_role("checkbox", name="Baby massage", exact=False).first).to_be_visible()
    page.get_by_label("Lead professional").select_option(label="Kim Example (0 open episodes)")
    page.get_by_label("Family hub").select_option(label="Bow Family Hub (North East)")
    page.get_by_role("button", name="Save decision").click()

    expect(page.locator("dl", has_text="Decided by")).to_contain_text("Bow Family Hub")
    request.refresh_from_db()
    assert request.hub.name == "Bow Family Hub" == request.family.hub.name
