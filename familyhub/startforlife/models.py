"""Start for Life: the birth and pregnancy notifications midwifery and health visiting send, the
invitation each new family gets to a welcome session, and the health visiting milestones done.

- **A notification is kept once.** Its `key` (rules.notification_key) names what it is about,
  so a file sent again, or a row sent twice, finds its key taken and creates nothing.
- **One invitation per household per birth.** Twins are two notifications with the same date
  of birth in one household: one invitation (unique on family and date of birth), so a family is
  never asked twice to the same welcome, and a job that runs twice finds it sent.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyhub.activities.models import Session
from familyhub.families.models import Family, Person
from familyhub.places.models import LocalAuthority


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Text message")


class Notification(models.Model):
    """One row of a notifications file, as kept: a pregnancy or a birth, and the baby it is about.

    What identifies a notification (`key`, see rules.notification_key): for a birth, the birth
    parent's NHS number, the baby's date of birth and its order in a multiple birth (a parent
    gives birth to one baby of that order on one day); for a pregnancy, the parent's NHS number
    and the due date. Not the baby's NHS number: the first notice of a birth is often sent
    before the baby has one, and the same birth sent again with it must not count twice.
    """

    class Kind(models.TextChoices):
        PREGNANCY = "pregnancy", _("Pregnancy")
        BIRTH = "birth", _("Birth")

    key = models.CharField(max_length=80, unique=True)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    notifying_service = models.CharField(max_length=100)
    notified_on = models.DateField()
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="notifications")
    baby = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    born_on = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    multiple_birth_order = models.PositiveSmallIntegerField(default=1)
    # How the family asked to be contacted, for the invitation: kept here, not on the record.
    channel = models.CharField(max_length=5, choices=Channel.choices)
    contact = models.CharField(max_length=254)
    language = models.CharField(max_length=10, default="en")
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-notified_on", "id"]
        indexes = [models.Index(fields=["local_authority", "born_on"], name="notification_born")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="birth", born_on__isnull=False)
                | models.Q(kind="pregnancy", due_date__isnull=False),
                name="notification_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "sms"]),
                name="notification_channel_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} notification {self.pk}"


class Invitation(models.Model):
    """A household's invitation to its hub's next welcome session (Baby's Day Out), for a birth.

    Waiting until a welcome session is scheduled near the family; sent once (services)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a welcome session")
        SENT = "sent", _("Sent")

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="invitations")
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="invitations"
    )
    born_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["status"], name="invitation_status")]
        constraints = [
            models.UniqueConstraint(fields=["family", "born_on"], name="invitation_once_per_birth"),
            models.CheckConstraint(
                condition=models.Q(status="waiting", sent_at__isnull=True)
                | models.Q(status="sent", sent_at__isnull=False),
                name="invitation_sent_when_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.status})"


class Milestone(models.TextChoices):
    """The health visiting reviews of the Healthy Child Programme (rules.MILESTONE_WINDOWS)."""

    NEW_BIRTH_VISIT = "new_birth_visit", _("New birth visit")
    SIX_TO_EIGHT_WEEKS = "six_to_eight_weeks", _("6 to 8 week review")
    ONE_YEAR = "one_year", _("1 year review")
    TWO_YEARS = "two_years", _("2 to 2½ year review")


class MilestoneDone(models.Model):
    """A health visiting review done for a baby, as health visiting recorded it."""

    baby = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="milestones_done")
    # The household it was recorded in: what the audit trail files the event under.
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    milestone = models.CharField(max_length=20, choices=Milestone.choices)
    done_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["baby", "done_on"]
        constraints = [
            models.UniqueConstraint(fields=["baby", "milestone"], name="milestone_done_once"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} on {self.done_on}"
