"""Staff sign-in in Chromium: password, then authenticator code; setting up an app; lockout."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from familyhub.accounts.models import Role
from tests.accounts.helpers import PASSWORD, current_code, wrong_code
from tests.browser.axe import assert_accessible
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

CODE_LABEL = "Enter the 6-digit code from your authenticator app"


@pytest.fixture
def editor(db):
    return MembershipFactory(role=Role.DIRECTORY_EDITOR).user


def enter_password(page: Page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_takes_a_password_then_a_code(page: Page, live_server, editor):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    page.goto(live_server.url + "/staff/directory/")
    expect(page.get_by_role("heading", name="Staff sign in")).to_be_visible()
    assert_accessible(page)

    enter_password(page, editor.email)

    expect(page.get_by_role("heading", name=CODE_LABEL)).to_be_visible()
    assert_accessible(page)
    page.get_by_label(CODE_LABEL).fill(wrong_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)

    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    page.get_by_label(CODE_LABEL).fill(current_code(device))
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/staff/directory/$"))
    expect(page.locator("h1")).to_have_text("Directory management")


def test_a_new_member_of_staff_sets_up_an_authenticator_app(page: Page, live_server, editor):
    page.goto(live_server.url + "/staff/sign-in")
    enter_password(page, editor.email)

    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    assert_accessible(page)
    # Typed in by hand, as someone who cannot scan the QR code would.
    secret = page.get_by_test_id("secret-key").inner_text().replace(" ", "")
    code = TOTP(b32decode(secret)).token()
    page.get_by_label(CODE_LABEL).fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()

    # With no page asked for, a new member of staff lands on their own home.
    expect(page).to_have_url(re.compile(r"/staff/$"))
    expect(page.locator("h1")).to_have_text("Your work")
    assert TOTPDevice.objects.get(user=editor).confirmed


def test_five_wrong_passwords_show_the_lockout_page(page: Page, live_server, editor):
    page.goto(live_server.url + "/staff/sign-in")
    for _ in range(4):
        enter_password(page, editor.email, "not the password")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a correct email address and password"
        )

    enter_password(page, editor.email, "not the password")

    expect(page.get_by_role("heading", name="Your account is locked")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        "Your account is locked for 1 hour after 5 failed attempts. Contact your administrator."
    )
    assert_accessible(page)
