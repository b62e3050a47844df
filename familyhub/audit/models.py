"""The audit trail: who looked at or changed which personal data, when and why. Append-only.

Append-only is enforced three times: here in Python, by the database's triggers (migration
0004) and, on PostgreSQL in production, by privileges revoked from the application's role
(`manage.py audit_revoke_changes`). Each event carries a SHA-256 hash over its content and the
previous event's hash, so `manage.py verify_audit` finds any event edited or deleted by someone
who got past all three.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """An audit event was about to be changed or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail cannot be changed")

    def delete(self):
        raise AppendOnlyError("The audit trail cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        SEARCH_HIT = "search_hit", _("Found in a search")
        EXPORT = "export", _("Exported")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        MERGE = "merge", _("Merged")
        UNMERGE = "unmerge", _("Merge undone")
        OVERRIDE = "override", _("Shared without consent (safeguarding)")
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    # Kept as text too, so the trail still reads right if a name or email changes.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    # The record touched, as "app.model" and its primary key.
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=64)
    # The family the record belongs to, if any: "who has seen our record" reads this column.
    family_id = models.UUIDField(null=True, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    # The council whose record (or, for an account, whose staff) this is: the audit log shows
    # each council's managers their own council's events only. Kept as the ONS code, like the
    # actor's label, so the event still reads right whatever happens to the rows it names.
    local_authority_code = models.CharField(max_length=9, blank=True, db_index=True)
    # SHA-256 (hex) of this event's content and prev_hash: the chain verify_audit walks.
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="audit_record")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.record_type}"

    def save(self, *args, **kwargs):
        # Append-only is the point of an audit trail, so it is enforced where rows are written.
        if not self._state.adding:
            raise AppendOnlyError("The audit trail cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail cannot be deleted")


# The approval's words, as a checkpoint keeps them.
CHECKPOINT_APPROVED_BY_MAX_LENGTH = 200
CHECKPOINT_REASON_MAX_LENGTH = 1_000


class AuditCheckpointQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("An audit checkpoint cannot be changed")

    def delete(self):
        raise AppendOnlyError("An audit checkpoint cannot be deleted")


class AuditCheckpoint(models.Model):
    """An approved purge of the oldest audit events (`manage.py purge_audit_trail`): which
    events went, how many, who approved it and why, and the hash of the last one removed.

    That hash is the new start of the chain: the first event left names it as its prev_hash,
    so verify_audit walks from here and still finds any other gap or edit. Append-only like
    the events, by the same three means (the triggers are migration 0006's).
    """

    at = models.DateTimeField(default=timezone.now)
    # The events removed: every one recorded before `before`, which are those with an id up to
    # and including `up_to_event_id`.
    before = models.DateTimeField()
    up_to_event_id = models.BigIntegerField()
    events_removed = models.PositiveBigIntegerField()
    # The hash of the last event removed: the prev_hash of the first event left.
    anchor_hash = models.CharField(max_length=64)
    # Who approved the purge (a name and role, as the approval says), and why.
    approved_by = models.CharField(max_length=CHECKPOINT_APPROVED_BY_MAX_LENGTH)
    reason = models.CharField(max_length=CHECKPOINT_REASON_MAX_LENGTH)

    objects = AuditCheckpointQuerySet.as_manager()

    class Meta:
        ordering = ["-up_to_event_id"]
        get_latest_by = "up_to_event_id"

    def __str__(self) -> str:
        return f"Audit events up to {self.up_to_event_id} purged at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("An audit checkpoint cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("An audit checkpoint cannot be deleted")
