"""The outbox: a message is written with the change that causes it, once per event, and sent
once however many jobs try to send it."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone, translation

from familyhub.notifications import services
from familyhub.notifications.models import Message
from familyhub.notifications.services import message_deliver, message_send, messages_deliver_due

pytestmark = pytest.mark.django_db

PERSONALISATION = {
    "link": "https://example.org/request-support/abc/",
    "expires": "1 May 2026",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}


def send(key: str = "resume_link:1", **overrides) -> Message:
    return message_send(
        **{
            "template": "resume_link",
            "to": "sam@example.org",
            "personalisation": PERSONALISATION,
            "idempotency_key": key,
            **overrides,
        }
    )


class RecordingNotify:
    """A backend that records what it was asked to send, and can run something mid-send."""

    sent: list = []
    during_send = None

    def send(
        self, template: str, *, to: str, personalisation: dict, reference: str = "", channel=""
    ) -> None:
        if RecordingNotify.during_send:
            RecordingNotify.during_send()
        self.sent.append(reference)


@pytest.fixture
def recording(settings):
    settings.NOTIFY_BACKEND = "tests.notifications.test_outbox.RecordingNotify"
    RecordingNotify.sent = []
    RecordingNotify.during_send = None
    yield RecordingNotify
    RecordingNotify.during_send = None


def test_a_message_is_sent_when_its_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        message = send()
        assert mail.outbox == []  # not before the change it belongs to is saved

    [email] = mail.outbox
    assert email.to == ["sam@example.org"]
    assert PERSONALISATION["link"] in email.body
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.sent_at is not None


def test_a_message_rolled_back_with_its_change_is_never_sent(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send()
        raise RuntimeError("the family's request failed to save")

    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_the_same_idempotency_key_twice_makes_one_message_and_one_email(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(key="request_received:42")
        second = send(key="request_received:42", to="someone.else@example.org")

    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert [email.to for email in mail.outbox] == [["sam@example.org"]]


def test_an_unknown_template_is_refused_before_anything_is_written():
    with pytest.raises(KeyError):
        send(template="no_such_template")
    assert Message.objects.count() == 0


def test_the_message_is_written_in_the_language_active_when_it_was_sent(
    django_capture_on_commit_callbacks,
):
    personalisation = {
        "reference": "FH-K7QW2M",
        "service_name": "Family Hub",
        "council_name": "Tower Hamlets Council",
        "days": 3,
        "social_care_phone": "020 7946 0999",
        "link": "https://example.org/x",
    }
    with django_capture_on_commit_callbacks(execute=True), translation.override("so"):
        message = send(template="request_received", personalisation=personalisation)

    assert message.language == "so"
    [email] = mail.outbox
    assert email.subject == "Waxaan helnay codsigaaga caawimaadda: FH-K7QW2M"


def test_a_queue_that_cannot_be_reached_does_not_fail_the_request_and_the_sweep_sends_later(
    django_capture_on_commit_callbacks,
):
    down = mock.patch.object(services, "async_task", side_effect=ConnectionError("queue down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        message = send()

    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING and message.attempts == 0

    assert messages_deliver_due() == 1
    assert len(mail.outbox) == 1


def test_a_delivery_started_while_another_is_sending_sends_nothing(recording):
    message = send()
    inner_results = []
    # The second delivery runs in the middle of the first one's send, as a redelivered task
    # or a second worker would.
    recording.during_send = lambda: inner_results.append(message_deliver(message.pk))

    assert message_deliver(message.pk) == "sent"

    assert inner_results == ["not due, already claimed or already sent"]
    assert recording.sent == ["resume_link:1"]
    assert message_deliver(message.pk) == "not due, already claimed or already sent"
    assert recording.sent == ["resume_link:1"]


def test_a_claim_left_by_a_dead_worker_is_taken_over_once_it_runs_out(recording):
    message = send()
    # A worker claimed the message and died before sending.
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING,
        attempts=1,
        claimed_until=timezone.now() + dt.timedelta(seconds=30),
    )

    assert message_deliver(message.pk) != "sent"
    assert messages_deliver_due() == 0
    assert recording.sent == []

    moved = timezone.now() + dt.timedelta(seconds=31)
    with mock.patch("django.utils.timezone.now", return_value=moved):
        assert messages_deliver_due() == 1

    assert recording.sent == ["resume_link:1"]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_one_message_at_the_same_moment_send_it_once(
    recording, shared_database_url
):
    message = Message.objects.create(
        template="resume_link",
        to="sam@example.org",
        personalisation=PERSONALISATION,
        language="en-gb",
        idempotency_key="resume_link:1",
    )
    start = threading.Barrier(2)
    results, errors = [], []

    def deliver() -> None:
        try:
            start.wait()
            results.append(message_deliver(message.pk))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=deliver) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)

    assert errors == []
    assert sorted(results) == ["not due, already claimed or already sent", "sent"]
    assert recording.sent == ["resume_link:1"]
