"""Caseloads: "My caseload" for a practitioner (the episodes they lead or are in the team of, and
their own actions), and the locality manager's view of every open episode in their council with
the requests still waiting for triage. Each page reads in a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.casework.forms.caseload import LocalityFilterForm
from familyhub.casework.rules import manages_a_locality
from familyhub.casework.selectors import (
    LocalityFilters,
    actions_page_details,
    caseload_page_details,
    locality_caseload,
    locality_filter_choices,
    my_actions,
    my_caseload,
    unallocated_requests,
)

EPISODES_PER_PAGE = 50
ACTIONS_SHOWN = 50


def _querystring(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def my_caseload_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    episodes = Paginator(my_caseload(request.user, now=now), EPISODES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    episodes.object_list = caseload_page_details(list(episodes), request.user, now=now)
    actions = my_actions(request.user, now=now)
    shown = actions_page_details(list(actions[:ACTIONS_SHOWN]), request.user, now=now)
    return render(
        request,
        "casework/caseload.html",
        {
            "page_obj": episodes,
            "querystring": _querystring(request),
            "actions": shown,
            "actions_total": actions.count(),
            "is_locality_manager": manages_a_locality(request.user),
        },
    )


@login_required
def locality_caseload_page(request: HttpRequest) -> HttpResponse:
    if not manages_a_locality(request.user):
        raise PermissionDenied
    now = timezone.now()
    localities, leads = locality_filter_choices(request.user)
    form = LocalityFilterForm(request.GET or None, localities=localities, leads=leads)
    filters = form.filters() if request.GET else LocalityFilters()
    episodes = Paginator(
        locality_caseload(request.user, now=now, filters=filters), EPISODES_PER_PAGE
    ).get_page(request.GET.get("page"))
    episodes.object_list = caseload_page_details(list(episodes), request.user, now=now)
    return render(
        request,
        "casework/caseload_locality.html",
        {
            "form": form,
            "page_obj": episodes,
            "querystring": _querystring(request),
            "unallocated": unallocated_requests(request.user),
            "filtered": filters != LocalityFilters(),
        },
    )
