"""Reading the audit trail. The trail knows families only by id: pages above resolve references."""

import datetime as dt
from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from familyhub.audit.models import AuditEvent


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_matching(
    *,
    actor: str = "",
    family_ids: Iterable[UUID] | None = None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. Dates are whole days in local time, both ends included.

    `family_ids=None` means any family; an empty list means none matched the query.
    """
    events = AuditEvent.objects.all()
    if actor:
        # The label is what the trail kept at the time; it still reads right after a rename.
        events = events.filter(actor_label__iexact=actor.strip())
    if family_ids is not None:
        events = events.filter(family_id__in=list(family_ids))
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")
