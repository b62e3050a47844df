"""The confirmation of a sent request goes by the way the family chose to be contacted."""

import pytest
from django.conf import settings

from familyhub.frontdoor import rules
from familyhub.notifications.models import Message
from familyhub.notifications.notify import SMS, sends_by
from tests.frontdoor.conftest import answer_everything, post_ok, submission_key, url

pytestmark = pytest.mark.django_db


def send_request(client, *, contact: dict, language: str = "en"):
    """A family answers every question, contact as given, and sends the request."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    draft = answer_everything(client)
    post_ok(client, url(draft, "contact"), {"contact_name": "Sam Begum", **contact})
    key = submission_key(client, draft)
    post_ok(client, url(draft, "check"), {"submission_key": key})
    draft.refresh_from_db()
    return draft


def test_a_family_who_chose_text_messages_gets_the_confirmation_by_text(
    client, council, fake_notify, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_request(client, contact={"contact_method": "text", "mobile": "07700 900982"})

    [message] = fake_notify
    assert (message.channel, message.template, message.to) == (
        "sms",
        "request_received",
        "07700 900982",
    )
    assert sent.reference in message.body
    assert message.reference == f"request_received:{sent.pk}"
    assert mailoutbox == []
    assert Message.objects.get().channel == Message.Channel.SMS


def test_the_confirmation_page_says_it_went_by_text(client, council):
    sent = send_request(client, contact={"contact_method": "text", "mobile": "07700 900982"})

    page = client.get(url(sent, "sent")).content.decode()

    assert "We have sent a text message to 07700 900982." in page
    assert "We have sent a confirmation to" not in page


def test_a_family_who_chose_email_gets_it_by_email(
    client, council, fake_notify, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_request(client, contact={"contact_method": "email", "email": "sam@example.org"})

    [message] = fake_notify
    assert (message.channel, message.to) == ("email", "sam@example.org")
    [email] = mailoutbox
    assert sent.reference in email.subject
    assert "We have sent a confirmation to sam@example.org." in (
        client.get(url(sent, "sent")).content.decode()
    )


def test_a_family_who_asked_for_a_call_and_gave_no_email_gets_no_message(
    client, council, fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_request(client, contact={"contact_method": "phone", "phone": "020 7946 0123"})

    assert fake_notify == []
    assert not Message.objects.exists()


def test_the_text_message_is_in_the_language_the_family_used(
    client, council, fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_request(
            client, contact={"contact_method": "text", "mobile": "07700 900982"}, language="so"
        )

    [message] = fake_notify
    assert message.language == "so"
    assert message.body.startswith("Family Hub: waxaan helnay codsigaaga caawimaad.")
    assert sent.reference in message.body


@pytest.mark.parametrize(
    ("contact_method", "phone", "email", "expected"),
    [
        ("text", "07700 900982", "", ("sms", "07700 900982")),
        ("text", "07700 900982", "sam@example.org", ("sms", "07700 900982")),
        ("text", "", "sam@example.org", ("email", "sam@example.org")),
        ("email", "", "sam@example.org", ("email", "sam@example.org")),
        ("phone", "020 7946 0123", "sam@example.org", ("email", "sam@example.org")),
        ("phone", "020 7946 0123", "", None),
        ("letter", "", "", None),
    ],
)
def test_the_confirmation_route(contact_method, phone, email, expected):
    route = rules.confirmation_route(contact_method=contact_method, phone=phone, email=email)

    assert route == expected


def test_a_family_who_chose_texts_is_emailed_where_the_service_cannot_send_texts(settings):
    settings.NOTIFY_BACKEND = "familyhub.notifications.notify.EmailNotify"

    assert not sends_by(SMS)
    route = rules.confirmation_route(
        contact_method="text",
        phone="07700 900982",
        email="sam@example.org",
        texts_possible=sends_by(SMS),
    )

    assert route == ("email", "sam@example.org")


def test_notify_and_the_fake_can_send_texts(settings):
    for backend in ("GovukNotify", "FakeNotify"):
        settings.NOTIFY_BACKEND = f"familyhub.notifications.notify.{backend}"
        assert sends_by(SMS)
