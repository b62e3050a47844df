"""What insight keeps: the board's quarterly highlight reports, as they were made."""

from django.conf import settings
from django.db import models

from familyhub.places.models import LocalAuthority


class BoardReport(models.Model):
    """A quarter's highlight report for the Family Hub partnership board, kept as the PDF it was
    when made: the board reads what was sent to it, whatever the data says later."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    starts = models.DateField()
    ends = models.DateField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.BinaryField()

    class Meta:
        ordering = ["-starts", "-made_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts__lte=models.F("ends")), name="board_report_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"Board report {self.starts} to {self.ends}"
