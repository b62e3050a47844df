"""Requests from people using their data protection rights: a copy of what is held about them
(subject access), a correction (rectification) or deletion (erasure). The council's data
protection officer records each one, decides it, and carries it out through this app.

A request is about one person: somebody in the shared record (`families.Person`), or somebody
who asked for help at the front door and is in no record yet (`frontdoor.SupportRequest`).
"""

import uuid

from django.conf import settings
from django.db import models

from familyhub.families.models import Person
from familyhub.frontdoor.models import SupportRequest
from familyhub.places.models import LocalAuthority


class DataProtectionRequest(models.Model):
    class Kind(models.TextChoices):
        SUBJECT_ACCESS = "subject_access", "Subject access (a copy of their data)"
        RECTIFICATION = "rectification", "Rectification (correct their data)"
        ERASURE = "erasure", "Erasure (delete their data)"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        CARRIED_OUT = "carried_out", "Carried out"

    class IdentityCheck(models.TextChoices):
        PHOTO_ID = "photo_id", "Photo identity document seen"
        DOCUMENTS = "documents", "Two documents with name and address seen"
        KNOWN = "known", "Known to a practitioner who confirmed who they are"
        REPRESENTATIVE = "representative", "A representative with the person's written authority"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    # Who asked: the person themselves or someone acting for them, and how we know who they are.
    requester_name = models.CharField("who asked", max_length=200)
    requester_relationship = models.CharField(
        "their relationship to the person", max_length=100, blank=True
    )
    identity_check = models.CharField(max_length=20, choices=IdentityCheck.choices)
    identity_note = models.CharField("identity check notes", max_length=500, blank=True)
    # Whom the request is about: one of the two when recorded (services). SET_NULL, not PROTECT:
    # the retention purge may later delete the person or the request with a closed episode, and
    # the council's record of having answered stays (the trail keeps the id it was about).
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.TextField("what they asked for", max_length=5_000, blank=True)
    received_on = models.DateField()
    # One calendar month from receipt (dataprotection.rules.statutory_due_date), fixed when the
    # request is recorded so the register can sort and filter by it.
    due_on = models.DateField(db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2_000, blank=True)
    # Rectification: the fields of the person's record the decision allows to be corrected.
    approved_fields = models.JSONField(default=list, blank=True)
    carried_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    carried_out_at = models.DateTimeField(null=True, blank=True)
    # Erasure: how many rows of each model were anonymised, never what they held.
    erased_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_on", "recorded_at"]
        indexes = [models.Index(fields=["local_authority", "status"], name="dp_request_la_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(support_request__isnull=True),
                name="dp_request_about_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} received {self.received_on:%d %b %Y}"
