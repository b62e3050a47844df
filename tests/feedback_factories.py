"""factory_boy factories for family feedback, named by state.

invitation = EpisodeInvitationFactory()            # about a closed episode, sent today
SessionInvitationFactory(booking=booking)          # about a booked family's session
AnswerFactory(invitation=invitation, helpfulness=2, better="More evening sessions")
"""

import factory
from django.utils import timezone

from familyhub.feedback.models import Answer, Invitation
from tests.activities_factories import BookingFactory
from tests.casework_factories import ClosedEpisodeFactory

factory.Faker._DEFAULT_LOCALE = "en_GB"


class EpisodeInvitationFactory(factory.django.DjangoModelFactory):
    """A survey about a closed episode, sent by email in English today."""

    class Meta:
        model = Invitation

    about = Invitation.About.EPISODE
    episode = factory.SubFactory(ClosedEpisodeFactory)
    family = factory.SelfAttribute("episode.family")
    local_authority = factory.SelfAttribute("episode.local_authority")
    locality = factory.SelfAttribute("episode.locality")
    hub = factory.SelfAttribute("episode.hub")
    channel = Invitation.Channel.EMAIL
    language = "en-gb"
    sent_at = factory.LazyFunction(timezone.now)


class SessionInvitationFactory(EpisodeInvitationFactory):
    """A survey about a session a booked family came to."""

    about = Invitation.About.SESSION
    episode = None
    booking = factory.SubFactory(BookingFactory)
    family = None
    local_authority = factory.SelfAttribute("booking.session.activity.local_authority")
    locality = factory.SelfAttribute("booking.session.location.locality")
    hub = None


class AnswerFactory(factory.django.DjangoModelFactory):
    """A family found it helpful, told their story once, and said what could be better."""

    class Meta:
        model = Answer

    invitation = factory.SubFactory(EpisodeInvitationFactory)
    helpfulness = 4
    told_story_once = Answer.StoryOnce.YES
    better = "Evening appointments would help working parents."
    answered_at = factory.LazyFunction(timezone.now)
