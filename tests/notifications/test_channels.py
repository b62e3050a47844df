"""Email and text message channels, the fake that records them, and GOV.UK Notify's client."""

import uuid

import pytest
import requests
from django.core import mail
from django.utils import translation
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from familyhub.notifications import notify
from familyhub.notifications.models import Message
from familyhub.notifications.services import error_summary, message_send

# The templates a family may receive: each must exist as a text message too.
FAMILY_TEMPLATES = {
    "request_received",
    "resume_link",
    "feedback_episode",
    "feedback_session",
    "signposts",
    "booking_confirmed",
    "booking_waiting",
    "booking_place_offered",
    "booking_reminder",
    "welcome_invitation",
    "two_year_offer_invitation",
}
GOVUK = "familyhub.notifications.notify.GovukNotify"
FAKE = "familyhub.notifications.notify.FakeNotify"
EMAIL_ONLY = "familyhub.notifications.notify.EmailNotify"
# A made-up key in GOV.UK Notify's format: "<name>-<service id>-<secret>".
FAKE_API_KEY = f"test_key-{uuid.UUID(int=1)}-{uuid.UUID(int=2)}"

REQUEST_RECEIVED = {
    "reference": "FH-K7QW2M",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
    "days": 2,
    "social_care_phone": "020 7946 0999",
    "link": "https://example.org/request-support/abc/",
}
FEEDBACK_EPISODE = {
    "adviser": "Ruksana Ali",
    "adviser_organisation": "Early Help Service",
    "link": "https://example.org/feedback/abc/",
    "expires": "30 January 2027",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}
FEEDBACK_SESSION = {
    "activity": "Baby's Day Out welcome session",
    "place": "Outreach bus: Boundary Estate",
    "when": "Wednesday 2 December 2026",
    "link": "https://example.org/feedback/abc/",
    "expires": "31 January 2027",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}
RESUME_LINK = {
    "link": "https://example.org/request-support/abc/",
    "expires": "1 May 2026",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}
SIGNPOSTS = {
    "reference": "FH-K7QW2M",
    "services": "Baby massage\nPhone: 020 7946 0001\nhttps://example.org/services/abc",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}
BOOKING = {
    "activity": "Baby's Day Out welcome session",
    "place": "Outreach bus: Boundary Estate",
    "when": "Wednesday 2 December 2026, 14:00",
    "link": "https://example.org/whats-on/cancel/abc",
    "service_name": "Family Hub",
    "council_name": "Tower Hamlets Council",
}
PERSONALISATION = {
    "request_received": REQUEST_RECEIVED,
    "feedback_episode": FEEDBACK_EPISODE,
    "feedback_session": FEEDBACK_SESSION,
    "resume_link": RESUME_LINK,
    "signposts": SIGNPOSTS,
    "booking_confirmed": BOOKING,
    "booking_waiting": BOOKING,
    "booking_place_offered": BOOKING,
    "booking_reminder": BOOKING,
    "welcome_invitation": BOOKING,
    "two_year_offer_invitation": {
        "service_name": "Tower Hamlets Family Hubs",
        "council_name": "Tower Hamlets Council",
        "parent": "Amina",
        "child": "Zara",
        "term": "1 January 2027",
        "code": "2Y-ABCD-EFGH",
        "providers": "Bright Start Nursery, E1 1BJ\nLittle Acorns, E2 0AA",
        "link": "https://www.gov.uk/help-with-childcare-costs/free-childcare-2-year-olds",
    },
}


def test_every_template_a_family_may_get_has_a_text_message_version():
    assert set(notify.SMS_TEMPLATES) == FAMILY_TEMPLATES


@pytest.mark.parametrize("template", sorted(FAMILY_TEMPLATES))
@pytest.mark.parametrize("language", ["bn", "so"])
def test_each_text_message_is_translated(template, language):
    personalisation = PERSONALISATION[template]
    with translation.override("en-gb"):
        _subject, english = notify.render(template, notify.SMS, personalisation)

    with translation.override(language):
        _subject, translated = notify.render(template, notify.SMS, personalisation)

    assert translated != english
    assert "FH-K7QW2M" in translated if template == "request_received" else True


@pytest.mark.parametrize("template", sorted(FAMILY_TEMPLATES))
def test_an_english_text_message_is_short(template):
    """At most two 160-character fragments, not counting the link (the family's own)."""
    with translation.override("en-gb"):
        _subject, body = notify.render(template, notify.SMS, PERSONALISATION[template])

    assert len(body.replace(PERSONALISATION[template].get("link", ""), "")) <= 320


def test_the_fake_records_a_text_message_and_sends_no_email(fake_notify):
    notify.send(
        "request_received",
        to="07700 900982",
        personalisation=REQUEST_RECEIVED,
        reference="request_received:1",
        channel=notify.SMS,
    )

    [message] = fake_notify
    assert (message.channel, message.template, message.to) == (
        "sms",
        "request_received",
        "07700 900982",
    )
    assert message.subject == ""
    assert "FH-K7QW2M" in message.body and REQUEST_RECEIVED["link"] in message.body
    assert message.reference == "request_received:1"
    assert mail.outbox == []


def test_the_fake_records_an_email_and_sends_it_through_django(fake_notify):
    with translation.override("so"):
        notify.send("resume_link", to="sam@example.org", personalisation=RESUME_LINK, reference="k")

    [message] = fake_notify
    assert (message.channel, message.to, message.language) == ("email", "sam@example.org", "so")
    [email] = mail.outbox
    assert (email.subject, email.body) == (message.subject, message.body)
    assert email.to == ["sam@example.org"]


def test_the_fake_prints_a_text_message_while_developing(settings, capsys):
    settings.DEBUG = True

    notify.send("resume_link", to="07700 900982", personalisation=RESUME_LINK, channel=notify.SMS)

    printed = capsys.readouterr().out
    assert "Text message to 07700 900982" in printed
    assert RESUME_LINK["link"] in printed


def test_email_alone_cannot_send_a_text_message(settings):
    settings.NOTIFY_BACKEND = notify.DEFAULT_BACKEND

    with pytest.raises(notify.ChannelUnavailable):
        notify.send(
            "resume_link", to="07700 900982", personalisation=RESUME_LINK, channel=notify.SMS
        )


def test_a_template_without_a_text_message_version_is_refused():
    with pytest.raises(KeyError):
        notify.send("referral_received", to="07700 900982", personalisation={}, channel="sms")


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, EMAIL_ONLY),
        ({"DEBUG": True}, FAKE),
        ({"NOTIFY_API_KEY": FAKE_API_KEY}, GOVUK),
        (
            {"NOTIFY_API_KEY": FAKE_API_KEY, "DEBUG": True},
            GOVUK,
        ),
        ({"NOTIFY_BACKEND": "tests.Anything"}, "tests.Anything"),
    ],
)
def test_the_backend_is_notify_with_a_key_the_fake_while_developing_else_email(
    settings, overrides, expected
):
    settings.NOTIFY_BACKEND, settings.NOTIFY_API_KEY, settings.DEBUG = "", "", False
    for name, value in overrides.items():
        setattr(settings, name, value)

    assert notify.backend_path() == expected


def test_notify_template_ids_go_from_the_most_specific_to_the_generic(settings):
    settings.NOTIFY_TEMPLATE_IDS = {
        "request_received:sms:bn": "bengali-sms",
        "request_received:sms": "any-language-sms",
        "*:sms": "generic-sms",
    }

    assert notify.notify_template_id("request_received", "sms", "bn") == "bengali-sms"
    assert notify.notify_template_id("request_received", "sms", "so") == "any-language-sms"
    assert notify.notify_template_id("resume_link", "sms", "en-gb") == "generic-sms"
    with pytest.raises(KeyError):
        notify.notify_template_id("resume_link", "email", "en-gb")


@pytest.fixture
def notify_api(settings, monkeypatch) -> list[tuple[str, dict]]:
    """GovukNotify with a key, its client's HTTP calls recorded instead of made."""
    settings.NOTIFY_BACKEND = ""
    settings.NOTIFY_API_KEY = FAKE_API_KEY
    settings.NOTIFY_TEMPLATE_IDS = {
        "request_received:sms:bn": "11111111-1111-1111-1111-111111111111",
        "*:email": "22222222-2222-2222-2222-222222222222",
    }
    calls: list[tuple[str, dict]] = []

    def post(client, url, data):
        calls.append((url, data))
        return {"id": "notification-id"}

    monkeypatch.setattr(NotificationsAPIClient, "post", post)
    return calls


def test_govuk_notify_sends_a_text_message_with_its_template_and_reference(notify_api):
    with translation.override("bn"):
        notify.send(
            "request_received",
            to="07700 900982",
            personalisation=REQUEST_RECEIVED,
            reference="request_received:7",
            channel=notify.SMS,
        )

    [(url, data)] = notify_api
    assert url == "/v2/notifications/sms"
    assert data["phone_number"] == "07700 900982"
    assert data["template_id"] == "11111111-1111-1111-1111-111111111111"
    assert data["reference"] == "request_received:7"
    # The template's own placeholders, as strings, and our rendered Bengali text.
    assert data["personalisation"]["reference"] == "FH-K7QW2M"
    assert data["personalisation"]["days"] == "2"
    with translation.override("bn"):
        _subject, bengali = notify.render("request_received", "sms", REQUEST_RECEIVED)
    assert data["personalisation"]["body"] == bengali


def test_govuk_notify_sends_an_email_through_a_generic_template(notify_api):
    with translation.override("en-gb"):
        notify.send(
            "resume_link", to="sam@example.org", personalisation=RESUME_LINK, reference="resume:1"
        )

    [(url, data)] = notify_api
    assert url == "/v2/notifications/email"
    assert data["email_address"] == "sam@example.org"
    assert data["template_id"] == "22222222-2222-2222-2222-222222222222"
    assert data["personalisation"]["subject"] == "Your link to finish asking for help"
    assert RESUME_LINK["link"] in data["personalisation"]["body"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_text_message_goes_through_the_outbox_on_its_channel(
    fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_send(
            template="request_received",
            channel=Message.Channel.SMS,
            to="07700 900982",
            personalisation=REQUEST_RECEIVED,
            idempotency_key="request_received:99",
        )

    message.refresh_from_db()
    assert (message.channel, message.status) == ("sms", Message.Status.SENT)
    assert (message.to, message.personalisation) == ("", {})  # not kept once sent
    [sent] = fake_notify
    assert (sent.channel, sent.to, sent.reference) == ("sms", "07700 900982", "request_received:99")


@pytest.mark.django_db
def test_the_outbox_refuses_a_text_message_with_no_text_template():
    with pytest.raises(KeyError):
        message_send(
            template="referral_received",
            channel=Message.Channel.SMS,
            to="07700 900982",
            personalisation={},
            idempotency_key="referral_received:1",
        )
    assert not Message.objects.exists()


def test_a_notify_error_is_summarised_without_the_number():
    response = requests.Response()
    response.status_code = 400
    response._content = b'{"errors": [{"message": "07700 900982 is not a UK mobile number"}]}'
    error = HTTPError.create(requests.HTTPError(response=response))

    summary = error_summary(error)

    assert "400" in summary
    assert "07700" not in summary
