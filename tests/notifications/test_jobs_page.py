"""The background jobs page: administrators see failed and overdue messages and failed jobs,
without anyone's address or what the messages say, and can try a failed message again."""

import datetime as dt
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.notifications import rules
from familyhub.notifications.models import Message
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("notifications:jobs")

# Written out here, not read from the code under test: who may see the page and act on it.
ALLOWED = {
    Role.DIRECTORY_EDITOR: False,
    Role.DIRECTORY_MANAGER: False,
    Role.TRIAGE: False,
    Role.LEAD_PROFESSIONAL: False,
    Role.PRACTITIONER: False,
    Role.LOCALITY_MANAGER: False,
    Role.DATA_ANALYST: False,
    Role.DATA_PROTECTION_OFFICER: False,
    Role.ADMINISTRATOR: True,
    Role.SOCIAL_WORKER: False,
}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(role: Role) -> Client:
    client = Client()
    sign_in_verified(client, MembershipFactory(role=role).user)
    return client


def failed_message(**fields) -> Message:
    return Message.objects.create(
        **{
            "template": "request_received",
            "to": "sam.begum@example.org",
            "personalisation": {"reference": "FH-SECRET1", "link": "https://x/secret-token/"},
            "language": "en-gb",
            "idempotency_key": f"request_received:{uuid.uuid4()}",
            "status": Message.Status.FAILED,
            "attempts": rules.MAX_ATTEMPTS,
            "last_error": "ConnectionRefusedError: Connection refused",
            **fields,
        }
    )


def test_every_role_is_checked():
    assert set(ALLOWED) == set(Role)


def test_someone_not_signed_in_is_sent_to_sign_in():
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(("role", "allowed"), ALLOWED.items())
def test_only_administrators_see_the_page(role, allowed):
    response = client_for(role).get(PAGE)

    assert response.status_code == (200 if allowed else 403)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(("role", "allowed"), ALLOWED.items())
def test_only_administrators_can_try_a_message_again(role, allowed):
    message = failed_message()

    response = client_for(role).post(reverse("notifications:message-retry", args=[message.pk]))

    assert response.status_code == (302 if allowed else 403)
    message.refresh_from_db()
    assert message.status == (Message.Status.PENDING if allowed else Message.Status.FAILED)


def test_someone_not_signed_in_cannot_try_a_message_again():
    message = failed_message()

    response = Client().post(reverse("notifications:message-retry", args=[message.pk]))

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED


def test_the_menu_offers_the_page_to_administrators_only():
    assert PAGE in client_for(Role.ADMINISTRATOR).get(reverse("pages:home")).content.decode()
    assert PAGE not in client_for(Role.LOCALITY_MANAGER).get(reverse("pages:home")).content.decode()


def test_the_page_shows_failed_and_overdue_messages_and_failed_jobs_without_personal_data():
    failed = failed_message()
    overdue = failed_message(
        template="feedback_episode",
        status=Message.Status.PENDING,
        attempts=0,
        last_error="",
        next_attempt_at=timezone.now() - dt.timedelta(hours=1),
    )
    on_time = failed_message(
        template="referral_received", status=Message.Status.PENDING, attempts=0, last_error=""
    )
    Task.objects.create(
        id=uuid.uuid4().hex,
        name="quebec-lima-one",
        func="familyhub.notifications.services.message_deliver",
        args=(failed.pk,),
        kwargs={},
        started=timezone.now(),
        stopped=timezone.now(),
        success=False,
        attempt_count=3,
        result="duplicate key (to)=(sam.begum@example.org) : Traceback (most recent call last):\n"
        '  File "x.py", line 1\n'
        "django.db.utils.IntegrityError: duplicate key (to)=(sam.begum@example.org)\n",
    )

    page = client_for(Role.ADMINISTRATOR).get(PAGE).content.decode()

    assert f"{failed.pk} <code>request_received</code>" in page
    assert "ConnectionRefusedError: Connection refused" in page
    assert reverse("notifications:message-retry", args=[failed.pk]) in page
    assert f"{overdue.pk} <code>feedback_episode</code>" in page
    assert "check that the worker" in page
    assert f"{on_time.pk} <code>referral_received</code>" not in page
    assert "familyhub.notifications.services.message_deliver" in page
    assert "django.db.utils.IntegrityError" in page
    for personal in ("sam.begum@example.org", "FH-SECRET1", "secret-token"):
        assert personal not in page


def test_trying_again_queues_the_message_afresh_and_is_audited(
    django_capture_on_commit_callbacks, mailoutbox
):
    message = failed_message(
        template="resume_link",
        personalisation={"link": "x", "expires": "x", "service_name": "x", "council_name": "x"},
    )
    client = client_for(Role.ADMINISTRATOR)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:message-retry", args=[message.pk]), follow=True
        )

    assert f"Message {message.pk} will be tried again" in response.content.decode()
    assert [email.to for email in mailoutbox] == [["sam.begum@example.org"]]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT and message.attempts == 1
    event = AuditEvent.objects.get(record_type="notifications.message")
    assert event.record_id == str(message.pk)
    assert event.action == AuditEvent.Action.CHANGE
    assert event.actor.memberships.get().role == Role.ADMINISTRATOR


def test_trying_again_twice_queues_once(django_capture_on_commit_callbacks, mailoutbox):
    message = failed_message(
        template="resume_link",
        personalisation={"link": "x", "expires": "x", "service_name": "x", "council_name": "x"},
    )
    client = client_for(Role.ADMINISTRATOR)
    retry = reverse("notifications:message-retry", args=[message.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(retry)
        second = client.post(retry, follow=True)

    assert f"Message {message.pk} is no longer failed" in second.content.decode()
    assert len(mailoutbox) == 1
    assert AuditEvent.objects.filter(record_type="notifications.message").count() == 1


def test_trying_again_needs_a_post_and_a_real_message():
    client = client_for(Role.ADMINISTRATOR)
    message = failed_message()

    assert client.get(reverse("notifications:message-retry", args=[message.pk])).status_code == 405
    assert client.post(reverse("notifications:message-retry", args=[999999])).status_code == 404
