"""Closed episodes are purged from now on, 7 years from the day each was closed (what goes with
an episode, and what stays: familyhub/retention/episodes.py). Audit events are still not purged
by the daily run: only by the approved `purge_audit_trail`, which keeps to their period. The
lengths are still placeholders for the council's data protection officer to confirm."""

from django.db import migrations

CHANGES = {
    "closed_episode": (
        {"counted_from": "when the episode was closed (placeholder, not purged)", "purged": False},
        {"counted_from": "when the episode was closed (Episode.closed_on)", "purged": True},
    ),
    "audit_event": (
        {"counted_from": "when the event was recorded (placeholder, not purged)"},
        {"counted_from": "when the event was recorded (purged only by purge_audit_trail)"},
    ),
}


def _set(apps, which: int) -> None:
    RetentionPeriod = apps.get_model("retention", "RetentionPeriod")
    for kind, states in CHANGES.items():
        RetentionPeriod.objects.filter(kind=kind).update(**states[which])


def purge_on(apps, schema_editor):
    _set(apps, 1)


def purge_off(apps, schema_editor):
    _set(apps, 0)


class Migration(migrations.Migration):
    dependencies = [("retention", "0003_purge_schedule")]

    operations = [migrations.RunPython(purge_on, purge_off)]
