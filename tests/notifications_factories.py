"""factory_boy factories for the outbox, named by the state a message is in.

MessageFactory()          # waiting to be sent, as message_send leaves it
SentMessageFactory()      # sent, its address and personalisation cleared
FailedMessageFactory()    # given up after its attempts
NoticeFactory()           # a notice to a member of staff, unread
ReadNoticeFactory()       # one they have opened
"""

import factory
from django.utils import timezone

from familyhub.notifications.models import Message, Notice
from tests.factories import UserFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class MessageFactory(factory.django.DjangoModelFactory):
    """A family's link to finish their request, waiting in the outbox."""

    class Meta:
        model = Message

    template = "resume_link"
    to = factory.Faker("email")
    personalisation = factory.LazyFunction(
        lambda: {"link": "http://testserver/request-support/example/", "expires": "1 May 2031"}
    )
    language = "en"
    idempotency_key = factory.Sequence(lambda n: f"resume_link:test-{n}")


class SentMessageFactory(MessageFactory):
    status = Message.Status.SENT
    attempts = 1
    to = ""
    personalisation = factory.LazyFunction(dict)
    sent_at = factory.LazyFunction(timezone.now)


class FailedMessageFactory(MessageFactory):
    status = Message.Status.FAILED
    attempts = 5
    last_error = "SMTPServerDisconnected"


class NoticeFactory(factory.django.DjangoModelFactory):
    """A new case for a member of staff, unread."""

    class Meta:
        model = Notice

    recipient = factory.SubFactory(UserFactory)
    kind = Notice.Kind.NEW_CASE
    text = factory.Sequence(lambda n: f"New case: you are the lead professional for family FAM-{n}")
    link = "/staff/casework/episodes/"
    idempotency_key = factory.Sequence(lambda n: f"new_case:test-{n}")


class ReadNoticeFactory(NoticeFactory):
    read_at = factory.LazyFunction(timezone.now)
