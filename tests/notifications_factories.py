"""factory_boy factories for the outbox, named by the state a message is in.

MessageFactory()          # waiting to be sent, as message_send leaves it
SentMessageFactory()      # sent, its address and personalisation cleared
FailedMessageFactory()    # given up after its attempts
"""

import factory
from django.utils import timezone

from familyhub.notifications.models import Message

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
