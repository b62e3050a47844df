"""Family feedback: a short survey, sent after an episode of early help closes and after a
session a family came to, answered without signing in, once.

- **An invitation** is one survey sent: about one episode or one booking at a session (each
  invited at most once: unique), by a channel, in a language, with a secret token in its link.
- **An answer** is what the family said, at most one per invitation (a one-to-one key: two
  answers sent at the same moment make one row, whatever the timing).
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.activities.models import Booking
from familyhub.casework.models import Episode
from familyhub.directory.models import Location
from familyhub.families.models import Family
from familyhub.places.models import LocalAuthority, Locality

# The most a family may write in "what could be better".
BETTER_LENGTH = 1000


def invitation_token() -> str:
    """The secret in the survey's link: 256 random bits."""
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """One survey sent to a family, about an episode of early help or a session they came to.

    What is kept, and why: the token (the link is the only key to the survey); what the survey
    is about (the episode or the booking, so each is asked once); the household (to show a
    family its answers when it asks for them, and to clear them when it asks for that); the
    council, locality and hub (the figures' places, kept when the episode or booking is gone);
    the channel and language it went by, and when. No address or phone number: the message
    went through the outbox (notifications), which forgets the address once it is sent.
    """

    class About(models.TextChoices):
        EPISODE = "episode", _("Early help")
        SESSION = "session", _("A session")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    token = models.CharField(max_length=64, unique=True, default=invitation_token)
    about = models.CharField(max_length=10, choices=About.choices)
    # Kept, unlinked, when the episode or booking is purged: the scores stay counted.
    episode = models.OneToOneField(
        Episode, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    locality = models.ForeignKey(Locality, on_delete=models.SET_NULL, null=True, blank=True)
    hub = models.ForeignKey(Location, on_delete=models.SET_NULL, null=True, blank=True)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    language = models.CharField(max_length=10)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "id"]
        indexes = [
            models.Index(fields=["local_authority", "sent_at"], name="invitation_council_sent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(about="episode", booking__isnull=True)
                | models.Q(about="session", episode__isnull=True),
                name="invitation_about_one_thing",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "sms"]),
                name="invitation_channel_known",
            ),
        ]

    def __str__(self) -> str:
        return f"feedback invitation {self.pk} ({self.about})"


class Answer(models.Model):
    """A family's answer to one invitation: how helpful, told the story once, what could be
    better. The invitation is its primary key, so a second answer can never be stored."""

    class StoryOnce(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_SURE = "not_sure", _("Not sure")

    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, primary_key=True, related_name="answer"
    )
    helpfulness = models.PositiveSmallIntegerField()
    told_story_once = models.CharField(max_length=8, choices=StoryOnce.choices)
    better = models.TextField(max_length=BETTER_LENGTH, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(helpfulness__gte=1, helpfulness__lte=5),
                name="answer_helpfulness_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(told_story_once__in=["yes", "no", "not_sure"]),
                name="answer_story_once_known",
            ),
        ]

    def __str__(self) -> str:
        return f"answer to feedback invitation {self.invitation_id}"
