"""The audit log, for the managers answerable for who saw what: query it, page through it."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.audit.forms import AuditQueryForm
from familyhub.audit.models import AuditEvent
from familyhub.audit.rules import may_read_audit_log
from familyhub.families.models import Family

EVENTS_PER_PAGE = 50


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_matching(
    *,
    actor: str = "",
    family: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first. Dates are whole days in local time, both ends included."""
    events = AuditEvent.objects.all()
    if actor:
        # The label is what the trail kept at the time; it still reads right after a rename.
        events = events.filter(actor_label__iexact=actor.strip())
    if family:
        family_ids = Family.objects.filter(reference__iexact=family).values_list("pk", flat=True)
        events = events.filter(family_id__in=list(family_ids))
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__gte=_day_start(date_from))
    if date_to:
        events = events.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not may_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditQueryForm(request.GET or None)
    events = audit_events_matching(**form.cleaned_data) if form.is_valid() else None
    if events is None:
        events = AuditEvent.objects.none() if form.is_bound else audit_events_matching()
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page_obj": Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page")),
            "querystring": params.urlencode(),
        },
    )
