"""Back-off between attempts, the failed state after the last one, and errors kept without
personal data."""

import datetime as dt
import logging
import smtplib
from unittest import mock

import pytest
from django.utils import timezone

from familyhub.notifications import rules
from familyhub.notifications.models import Message
from familyhub.notifications.services import (
    error_summary,
    message_deliver,
    message_send,
    messages_deliver_due,
)

pytestmark = pytest.mark.django_db

ADDRESS = "sam@example.org"


class RefusingNotify:
    """A mail server that refuses the address every time, quoting it as real ones do."""

    def send(
        self, template: str, *, to: str, personalisation: dict, reference: str = "", channel=""
    ) -> None:
        raise smtplib.SMTPRecipientsRefused({to: (550, f"5.1.1 <{to}>: unknown user".encode())})


@pytest.fixture
def refusing(settings):
    settings.NOTIFY_BACKEND = "tests.notifications.test_retries.RefusingNotify"


@pytest.fixture
def message(django_capture_on_commit_callbacks) -> Message:
    # Written but not yet queued: each test drives the deliveries itself.
    with django_capture_on_commit_callbacks(execute=False):
        return message_send(
            template="resume_link",
            to=ADDRESS,
            personalisation={"link": "x", "expires": "x", "service_name": "x", "council_name": "x"},
            idempotency_key="resume_link:retries",
        )


def test_attempts_wait_1_2_4_8_16_32_then_60_minutes():
    delays = [rules.retry_delay(attempts) for attempts in range(1, 10)]

    assert delays == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)]
    assert rules.MAX_ATTEMPTS == 10


def test_a_message_is_tried_with_back_off_then_failed_after_the_last_attempt(
    refusing, message, caplog
):
    clock = timezone.now()
    waits = []
    with (
        mock.patch("django.utils.timezone.now", side_effect=lambda: clock),
        caplog.at_level(logging.INFO),
    ):
        for _attempt in range(rules.MAX_ATTEMPTS - 1):
            assert message_deliver(message.pk) == "failed"
            message.refresh_from_db()
            assert message.status == Message.Status.PENDING
            waits.append(message.next_attempt_at - clock)
            # Just before its time the sweep finds nothing due; at its time the next attempt goes.
            clock = message.next_attempt_at - dt.timedelta(seconds=59)
            assert messages_deliver_due() == 0
            clock = message.next_attempt_at
        assert message_deliver(message.pk) == "failed"

    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60, 60)]
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == rules.MAX_ATTEMPTS
    assert message.claimed_until is None
    assert message.last_error == "SMTPRecipientsRefused: the mail server refused the address"
    assert f"message {message.pk} failed after 10 attempts" in caplog.text
    assert ADDRESS not in caplog.text

    # Failed is final: only an administrator's "try again" sends it back to the queue.
    with mock.patch("django.utils.timezone.now", return_value=clock + dt.timedelta(days=1)):
        assert messages_deliver_due() == 0
        assert message_deliver(message.pk) == "not due, already claimed or already sent"


def test_a_last_attempt_whose_worker_died_is_failed_by_the_sweep(message, caplog):
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING,
        attempts=rules.MAX_ATTEMPTS,
        claimed_until=timezone.now() - dt.timedelta(seconds=1),
    )

    assert messages_deliver_due() == 0

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.last_error == "The worker stopped during the last attempt"
    assert f"message {message.pk} failed" in caplog.text


@pytest.mark.parametrize(
    ("error", "summary"),
    [
        (
            ConnectionRefusedError(111, "Connection refused"),
            "ConnectionRefusedError: Connection refused",
        ),
        (TimeoutError("timed out"), "TimeoutError: the mail server did not answer in time"),
        (
            smtplib.SMTPDataError(554, b"Message rejected for sam@example.org"),
            "SMTPDataError: the mail server replied 554",
        ),
        (
            smtplib.SMTPSenderRefused(553, b"sam@example.org not allowed", "sam@example.org"),
            "SMTPSenderRefused: the mail server replied 553",
        ),
        (smtplib.SMTPServerDisconnected("sam@example.org went away"), "SMTPServerDisconnected"),
        (KeyError("sam@example.org"), "KeyError"),
    ],
)
def test_errors_are_kept_as_their_kind_never_the_servers_words(error, summary):
    assert error_summary(error) == summary
    assert ADDRESS not in error_summary(error)
