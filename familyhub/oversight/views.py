"""The audit log, for the managers answerable for who saw what: query it, page through it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.audit.selectors import audit_events_matching
from familyhub.families.selectors import family_ids_with_reference
from familyhub.oversight.forms import AuditQueryForm
from familyhub.oversight.rules import (
    audit_log_councils,
    families_with_readable_reasons,
    may_read_audit_log,
    may_read_reason,
)

EVENTS_PER_PAGE = 50


def _events_for(form: AuditQueryForm, councils: list[str]):
    if not form.is_bound:
        return audit_events_matching(local_authority_codes=councils)
    if not form.is_valid():
        return []  # nothing matches a query that is not valid
    query = dict(form.cleaned_data)
    reference = query.pop("family")
    family_ids = family_ids_with_reference(reference) if reference else None
    return audit_events_matching(local_authority_codes=councils, family_ids=family_ids, **query)


def _rows(user, events) -> list[dict]:
    """Each event of the page, and whether its reason may be shown to this reader."""
    readable = families_with_readable_reasons(
        user, {event.family_id for event in events}, now=timezone.now()
    )
    return [
        {"event": event, "reason_shown": may_read_reason(event, readable_family_ids=readable)}
        for event in events
    ]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not may_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditQueryForm(request.GET or None)
    params = request.GET.copy()
    params.pop("page", None)
    page_obj = Paginator(
        _events_for(form, audit_log_councils(request.user)), EVENTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/audit_log.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": _rows(request.user, page_obj.object_list),
            "querystring": params.urlencode(),
        },
    )
