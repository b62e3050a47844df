"""A mail server that is down never costs a family their request: the request is saved, the
page is the confirmation, and the email goes once the server is back, exactly once."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from familyhub.frontdoor.models import SupportRequest
from familyhub.notifications import notify
from familyhub.notifications.models import Message
from familyhub.notifications.services import messages_deliver_due
from tests.frontdoor.conftest import answer_everything, submission_key, url

pytestmark = pytest.mark.django_db


def later(minutes: float):
    """Every clock the services read, moved on: a back-off passes without sleeping through it."""
    moved = timezone.now() + dt.timedelta(minutes=minutes)
    return mock.patch("django.utils.timezone.now", return_value=moved)


def test_a_family_asking_for_help_while_the_mail_server_is_down_gets_one_email_when_it_is_back(
    client, council, smtp_port, mail_server_on, django_capture_on_commit_callbacks
):
    draft = answer_everything(client, email="sam@example.org")
    key = submission_key(client, draft)

    # Nothing listens on the port: every connection is refused.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft, "check"), {"submission_key": key}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(url(draft, "sent"), 302)]
    request = SupportRequest.objects.get(pk=draft.pk)
    assert request.status == SupportRequest.Status.NEW
    assert request.reference in response.content.decode()
    message = Message.objects.get()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError: Connection refused"
    assert "sam@example.org" not in message.last_error
    assert message.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)

    server = mail_server_on(smtp_port)
    assert messages_deliver_due() == 0  # not due yet: it waits out its back-off
    assert server.accepted == []

    with later(minutes=1.5):
        assert messages_deliver_due() == 1
    [received] = server.accepted
    assert received["To"] == "sam@example.org"
    assert request.reference in received["Subject"]
    assert received["Message-ID"] == notify.message_id_for(f"request_received:{request.pk}")
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2
    assert (message.to, message.personalisation) == ("", {})  # no copy of the family's details

    with later(minutes=60):
        assert messages_deliver_due() == 0
    assert len(server.accepted) == 1
