"""The background jobs page in Chromium: axe-clean with failures listed and with none, and
"Try again" works as a plain form."""

import uuid

import pytest
from playwright.sync_api import Page

from familyhub.accounts.models import Role
from familyhub.notifications import rules
from familyhub.notifications.models import Message
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in_as
from tests.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def failed_message() -> Message:
    return Message.objects.create(
        template="resume_link",
        to="sam@example.org",
        personalisation={"link": "x", "expires": "x", "service_name": "x", "council_name": "x"},
        language="en-gb",
        idempotency_key=f"resume_link:{uuid.uuid4()}",
        status=Message.Status.FAILED,
        attempts=rules.MAX_ATTEMPTS,
        last_error="ConnectionRefusedError: Connection refused",
    )


def test_the_jobs_page_has_no_axe_violations_and_tries_a_message_again(page: Page, live_server):
    sign_in_as(page, live_server, MembershipFactory(role=Role.ADMINISTRATOR).user)
    page.goto(live_server.url + "/staff/jobs/")
    assert_accessible(page)  # nothing has failed

    message = failed_message()
    page.goto(live_server.url + "/staff/jobs/")
    assert page.get_by_role("heading", name="Failed messages").is_visible()
    assert_accessible(page)

    page.get_by_role("button", name=f"Try again message {message.pk}").click()

    assert page.get_by_text(f"Message {message.pk} will be tried again.").is_visible()
    assert_accessible(page)
    message.refresh_from_db()
    assert message.status != Message.Status.FAILED
