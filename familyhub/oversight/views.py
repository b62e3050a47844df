"""The audit log, for the managers answerable for who saw what: query it, page through it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from familyhub.audit.selectors import audit_events_matching
from familyhub.families.selectors import family_ids_with_reference
from familyhub.oversight.forms import AuditQueryForm
from familyhub.oversight.rules import may_read_audit_log

EVENTS_PER_PAGE = 50


def _events_for(form: AuditQueryForm):
    if not form.is_bound:
        return audit_events_matching()
    if not form.is_valid():
        return []  # nothing matches a query that is not valid
    query = dict(form.cleaned_data)
    reference = query.pop("family")
    family_ids = family_ids_with_reference(reference) if reference else None
    return audit_events_matching(family_ids=family_ids, **query)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not may_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditQueryForm(request.GET or None)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "oversight/audit_log.html",
        {
            "form": form,
            "page_obj": Paginator(_events_for(form), EVENTS_PER_PAGE).get_page(
                request.GET.get("page")
            ),
            "querystring": params.urlencode(),
        },
    )
