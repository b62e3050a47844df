"""The outbox: one row per message to send, written in the same transaction as the change that
causes it, so a message is never lost when the request is saved and never sent when it is not.

The row is also the lock that makes delivery happen once: a job sends only after claiming the row
(notifications.services.message_deliver), and the idempotency key makes a second call for the same
event a no-op.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("Text message")

    # A name from notify.TEMPLATES (email) or notify.SMS_TEMPLATES (text message).
    template = models.CharField(max_length=50)
    channel = models.CharField(max_length=5, choices=Channel.choices, default=Channel.EMAIL)
    # The email address or mobile number, and the personalisation, are cleared once the
    # message is sent: the outbox is not a second copy of a family's details.
    to = models.CharField(max_length=254, blank=True)
    personalisation = models.JSONField(default=dict, blank=True)
    # The language to write the message in (a code from settings.LANGUAGES).
    language = models.CharField(max_length=10)
    # Names the event the message is about (e.g. "request_received:<request id>"): the same
    # event asking twice makes one message.
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Attempts claimed so far, counted when claimed, so a worker killed mid-send still counts.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # While status is "sending": until when the claiming job owns the row. A later claim can
    # take over only after this, which is how a message whose worker died gets sent.
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The kind of failure, never the server's whole reply (which may quote the address).
    last_error = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sending", "sent", "failed"]),
                name="message_status_known",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=["email", "sms"]), name="message_channel_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} #{self.pk} ({self.status})"


# A notice is one short sentence, read in a list and as an email's subject.
NOTICE_TEXT_LENGTH = 200


class Notice(models.Model):
    """Something a member of staff should know about, shown on their notifications page and sent
    to them by email too. The text names a family only by its reference, as the staff emails do:
    the page a notice links to applies the access rules, the notice itself tells nothing more."""

    class Kind(models.TextChoices):
        NEW_CASE = "new_case", "New case"
        ACTION_DUE = "action_due", "Action due"
        REFERRAL_ANSWERED = "referral_answered", "Referral answered"
        CONSENT_CHANGED = "consent_changed", "Consent changed"
        HANDOVER_ANSWERED = "handover_answered", "Children's social care answered a handover"

    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=NOTICE_TEXT_LENGTH)
    # A path within the site (checked by the service), never another site's address.
    link = models.CharField(max_length=300)
    # Names the event (e.g. "new_case:<episode id>:<user id>"): the same event notifies once.
    # Shorter than a message's key, which is this one with a prefix.
    idempotency_key = models.CharField(max_length=190, unique=True)
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_unread")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "new_case",
                        "action_due",
                        "referral_answered",
                        "consent_changed",
                        "handover_answered",
                    ]
                ),
                name="notice_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for user {self.recipient_id}"
