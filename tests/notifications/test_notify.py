"""notify: the one interface messages are sent through, whichever backend sends them."""

import pytest
from django.core import mail

from familyhub.notifications import notify


class RecordingNotify:
    sent: list = []

    def send(
        self, template: str, *, to: str, personalisation: dict, reference: str = "", channel=""
    ) -> None:
        self.sent.append((template, to, personalisation, reference))


def test_notify_sends_through_the_configured_backend(settings):
    settings.NOTIFY_BACKEND = "tests.notifications.test_notify.RecordingNotify"
    RecordingNotify.sent.clear()

    notify.send("resume_link", to="a@example.org", personalisation={"link": "x"}, reference="k")

    assert RecordingNotify.sent == [("resume_link", "a@example.org", {"link": "x"}, "k")]
    assert mail.outbox == []


def test_notify_refuses_an_unknown_template():
    with pytest.raises(KeyError):
        notify.send("nope", to="a@example.org", personalisation={})


def test_the_message_id_is_the_same_for_one_reference_and_different_for_another(settings):
    settings.DEFAULT_FROM_EMAIL = "Family Hub <family.hub@council.example>"

    first = notify.message_id_for("request_received:1")

    assert first == notify.message_id_for("request_received:1")
    assert first != notify.message_id_for("request_received:2")
    assert first.startswith("<") and first.endswith("@council.example>")
    assert "request_received" not in first


def test_the_email_carries_the_message_id_of_its_reference():
    notify.send(
        "resume_link",
        to="a@example.org",
        personalisation={
            "link": "https://example.org/x",
            "expires": "1 May 2026",
            "service_name": "Family Hub",
            "council_name": "Council",
        },
        reference="resume_link:abc",
    )

    [email] = mail.outbox
    assert email.message()["Message-ID"] == notify.message_id_for("resume_link:abc")
