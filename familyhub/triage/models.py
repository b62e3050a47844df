"""Triage's own records: a join that waits (triage matched somebody in a request to a household
whose consent says something else than the request's answer, so a locality manager decides; see
`triage.services.request_decide`), and the directory services a signposted family was sent."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.accounts.models import Organisation
from familyhub.directory.models import Location, Service
from familyhub.families.models import Family
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.notifications.models import Message


class PendingJoin(models.Model):
    """Triage's decision on a request, held until a locality manager confirms that the request
    joins the household (under the household's own consent) or refuses (a new household)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a locality manager")
        CONFIRMED = "confirmed", _("Joined to the household")
        REFUSED = "refused", _("Kept apart: a new household")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="pending_join"
    )
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    # {request person id: person id}: whom triage said the described people are.
    matches = models.JSONField()
    level = models.ForeignKey(NeedLevel, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=5_000)
    lead_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    triage_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    # The family hub triage chose; None: the one serving the household's postcode.
    hub = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=1_000, blank=True)

    class Meta:
        ordering = ["asked_at"]

    def __str__(self) -> str:
        return f"{self.request} to {self.family.reference}"


class Signpost(models.Model):
    """A directory service triage sent a family to when it signposted their request, and how
    the list reached them: `channel` is the message's (email or sms), blank where the family
    gave no email address or mobile number, so triage tells them another way."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="signposts")
    # PROTECT: what the family was sent stays readable (services close; they are not deleted).
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    channel = models.CharField(max_length=5, choices=Message.Channel.choices, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["request", "service"], name="signpost_once")]

    def __str__(self) -> str:
        return f"{self.request} to {self.service}"
