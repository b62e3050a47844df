"""Staff accounts in Chromium: an administrator invites a member of staff, finds them on the
list and deactivates them when they leave; every page on the way is axe-clean."""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from familyhub.accounts.models import Role, User
from tests.accounts.helpers import totp_device
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_then_list_then_deactivate(page: Page, live_server):
    council = LocalAuthorityFactory()
    hub = OrganisationFactory(name="Early Help service", local_authority=council)
    administrator = StaffFactory(organisation=hub, role=Role.ADMINISTRATOR)
    sign_in_as(page, live_server, administrator)

    # The first page of a run waits for the live server to warm up on a busy machine.
    page.goto(live_server.url + "/staff/accounts/", timeout=60_000)
    expect(page.get_by_role("heading", name="Staff accounts", level=1)).to_be_visible()
    # The menu marks where the administrator is.
    expect(page.locator('a[aria-current="page"]')).to_have_text("Staff accounts")
    assert_accessible(page)

    page.get_by_role("button", name="Invite a member of staff").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the error summary and messages

    page.get_by_label("Full name").fill("Amina Khan")
    page.get_by_label("Work email address").fill("amina.khan@example.org")
    page.get_by_label("Organisation").select_option(label="Early Help service")
    page.get_by_label("Front door triage").check()
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_text("Amina Khan is invited: we have emailed them a link")).to_be_visible()
    assert_accessible(page)
    assert mail.outbox[-1].to == ["amina.khan@example.org"]

    page.get_by_role("link", name="All staff").click()
    row = page.get_by_role("row").filter(has_text="amina.khan@example.org")
    expect(row).to_contain_text("Invited")
    expect(row).to_contain_text("Front door triage, Early Help service")
    assert_accessible(page)

    row.get_by_role("link", name="Amina Khan").click()
    page.get_by_role("link", name="Deactivate this account").click()
    assert_accessible(page)
    page.get_by_label("Why are you deactivating this account?").fill("Offer withdrawn")
    page.get_by_role("button", name="Deactivate account").click()

    expect(page.get_by_text("Amina Khan's account is deactivated")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.get(email="amina.khan@example.org").is_active


def test_the_authenticator_reset_page_is_accessible(page: Page, live_server):
    council = LocalAuthorityFactory()
    hub = OrganisationFactory(name="Early Help service", local_authority=council)
    administrator = StaffFactory(organisation=hub, role=Role.ADMINISTRATOR)
    colleague = StaffFactory(organisation=hub, role=Role.LEAD_PROFESSIONAL)
    totp_device(colleague)
    sign_in_as(page, live_server, administrator)

    page.goto(f"{live_server.url}/staff/accounts/{colleague.pk}", timeout=60_000)
    assert_accessible(page)
    page.get_by_role("link", name="Reset their authenticator app").click()
    page.get_by_role("button", name="Reset authenticator app").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
