"""Reading the record: the list of families a member of staff works with, and a family's record
as an export. Each read writes its audit event in the same transaction as the read. The record
page itself shows what casework and the front door hold too, so casework composes it
(casework/views/family_record.py)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_search_hits
from familyhub.families import services
from familyhub.families.forms import FamilySearchForm
from familyhub.families.selectors import (
    chronology_for_family,
    family_record_as_dict,
    family_record_for_user,
    family_search,
)

FAMILIES_PER_PAGE = 25


@login_required
def family_list(request: HttpRequest) -> HttpResponse:
    form = FamilySearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    with transaction.atomic():
        families = family_search(request.user, query=query, now=timezone.now())
        page = Paginator(families, FAMILIES_PER_PAGE).get_page(request.GET.get("page"))
        if query:
            # A search shows names the user went looking for: each one shown is on the trail.
            audit_search_hits(actor=request.user, records=list(page.object_list), query=query)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "families/list.html",
        {"form": form, "query": query, "page_obj": page, "querystring": params.urlencode()},
    )


@login_required
def family_export(request: HttpRequest, pk) -> HttpResponse:
    """What the user may see of the record, as JSON: the same rules as the page."""
    with transaction.atomic():
        record = family_record_for_user(request.user, pk, now=timezone.now())
        events = list(chronology_for_family(record.family)) if record.shows_chronology else []
        services.family_record_read(
            family=record.family,
            by=request.user,
            action=AuditEvent.Action.EXPORT,
            kinds=record.kinds,
        )
    response = JsonResponse(family_record_as_dict(record, events), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{record.family.reference}.json"'
    response["Cache-Control"] = "no-store"  # personal data: never kept in a shared cache
    return response
