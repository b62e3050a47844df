"""Caseloads: "My caseload" for a practitioner (the episodes they lead or are in the team of, and
their own actions), and the locality manager's view of every open episode in their council with
the requests still waiting for triage. Each page reads in a fixed number of queries."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from familyhub.casework.rules import locality_manager_authority_ids
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


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.email


class LocalityFilterForm(forms.Form):
    locality = forms.ModelChoiceField(
        label=_lazy("Locality"), queryset=None, required=False, empty_label=_lazy("All localities")
    )
    lead = LeadChoiceField(
        label=_lazy("Lead professional"),
        queryset=None,
        required=False,
        empty_label=_lazy("All lead professionals"),
    )
    overdue_reviews = forms.BooleanField(label=_lazy("Only overdue reviews"), required=False)
    overdue_actions = forms.BooleanField(
        label=_lazy("Only episodes with overdue actions"), required=False
    )

    def __init__(self, *args, localities, leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = localities
        self.fields["lead"].queryset = leads

    def filters(self) -> LocalityFilters:
        if not self.is_valid():
            return LocalityFilters()
        data = self.cleaned_data
        return LocalityFilters(
            locality=data["locality"].pk if data["locality"] else None,
            lead=data["lead"].pk if data["lead"] else None,
            overdue_reviews=data["overdue_reviews"],
            overdue_actions=data["overdue_actions"],
        )


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
            "is_locality_manager": bool(locality_manager_authority_ids(request.user)),
        },
    )


@login_required
def locality_caseload_page(request: HttpRequest) -> HttpResponse:
    if not locality_manager_authority_ids(request.user):
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
