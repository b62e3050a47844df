"""Children's social care's answers to the handovers it receives at levels 3 and 4.

A handover is either a front-door request triage decided at level 3 or 4 (the request is then
"handed over"), or an early help episode its lead stepped up (its STEPPED_UP event carries the
handover summary). Those rows are the handovers; an answer here is what social care did with
one: accepted it, or returned it to early help with advice. A handover without an answer is new.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familyhub.casework.models import EpisodeEvent
from familyhub.frontdoor.models import SupportRequest
from familyhub.places.models import LocalAuthority


class HandoverAnswer(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted by children's social care")
        RETURNED = "returned", _("Returned to early help with advice")

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    # Exactly one of the two: the request triage handed over, or the episode's step-up.
    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="social_care_answers",
    )
    # A request returned to triage may be handed over again: the answer belongs to the handover
    # decided at this moment (the request's decided_at then), so each handover is answered once.
    handed_over_at = models.DateTimeField(null=True, blank=True)
    step_up = models.OneToOneField(
        EpisodeEvent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="social_care_answer",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # Required when returning: what early help should do, in social care's words.
    advice = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(request__isnull=False, handed_over_at__isnull=False, step_up=None)
                    | models.Q(request=None, handed_over_at=None, step_up__isnull=False)
                ),
                name="handover_answer_one_handover",
            ),
            models.UniqueConstraint(
                fields=["request", "handed_over_at"], name="handover_answer_once_per_request"
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=["accepted", "returned"]),
                name="handover_answer_decision_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.at:%d %b %Y}"
