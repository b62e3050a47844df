"""How long each kind of record is kept, as data, and the trace of every purge run.

A period is a row, not a constant, so the data protection officer's decision can be read (and
changed by a migration) in one place. Only the periods marked `purged` are acted on by the
daily `retention_purge`:

- unsent drafts and closed episodes are purged daily (what goes with an episode and what
  stays: familyhub/retention/episodes.py);
- audit events are not, by design: the database refuses UPDATE, DELETE and TRUNCATE on the
  audit table (tamper evidence, issue 8), so removing old events is a deliberate, approved act
  an operator runs (`manage.py purge_audit_trail`), which leaves a checkpoint the hash chain is
  verified from. Their period is the limit that command keeps to.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RetentionPeriod(models.Model):
    class Kind(models.TextChoices):
        DRAFT_REQUEST = "draft_request", _("Unsent drafts of a family's request")
        CLOSED_EPISODE = "closed_episode", _("Closed early help episodes")
        AUDIT_EVENT = "audit_event", _("Audit events")

    kind = models.CharField(max_length=20, choices=Kind.choices, unique=True)
    days = models.PositiveIntegerField()
    # What the days are counted from, in words, for the privacy notice and the reader.
    counted_from = models.CharField(max_length=200)
    # False: the daily purge leaves these records alone (see above).
    purged = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.days} days"


class PurgeRun(models.Model):
    """One run of the purge: when, and how many rows of each model it removed (no personal data).
    The audit event of the run points here."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    removed = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Purge at {self.at:%Y-%m-%d %H:%M}"
