"""Counting rows, to show that reading a page writes nothing."""

from django.apps import apps
from django.contrib.sessions.models import Session

from familyhub.audit.models import AuditEvent

# What a page that only reads may still write: the audit of that read, and its session (the
# staff session's last-seen time; a form's CSRF token).
READS_MAY_WRITE = (AuditEvent, Session)


def row_counts(*, leaving_out=READS_MAY_WRITE) -> dict[str, int]:
    """How many rows each model's table holds, but for the models left out."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model not in leaving_out and not model._meta.proxy
    }
