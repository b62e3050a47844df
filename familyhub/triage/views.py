"""The multi-agency access team's triage queue and decision pages."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.rules import family_message_route
from familyhub.socialcare.selectors import request_answers
from familyhub.triage import services
from familyhub.triage.forms import DecisionForm, JoinDecisionForm, ServiceSearchForm
from familyhub.triage.rules import (
    join_local_authority_codes,
    timers,
    triage_local_authority_codes,
    triage_organisation,
)
from familyhub.triage.selectors import (
    episode_from,
    hub_serving,
    join_difference,
    pending_join_for,
    pending_join_get,
    pending_joins,
    people_candidates,
    recently_decided,
    request_get_for_triage,
    signpost_shortlist,
    signposts_of,
    triage_queue,
    triage_standard_for,
)

# "Recently decided" on the queue: a fortnight of decisions, the newest first.
RECENTLY = dt.timedelta(days=14)
RECENTLY_SHOWN = 25


def _triage_codes(request: HttpRequest) -> list[str]:
    codes = triage_local_authority_codes(request.user)
    if not codes:
        raise PermissionDenied
    return codes


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    codes = _triage_codes(request)
    return render(
        request,
        "triage/queue.html",
        {
            "rows": triage_queue(codes, now=now),
            "decided": recently_decided(codes, since=now - RECENTLY, limit=RECENTLY_SHOWN),
            "now": now,
        },
    )


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    support_request = request_get_for_triage(_triage_codes(request), pk)
    code = support_request.local_authority_id
    waiting_join = pending_join_for(support_request)
    candidates = (
        people_candidates(support_request)
        if support_request.status == SupportRequest.Status.NEW and waiting_join is None
        else []
    )
    deciding = support_request.status == SupportRequest.Status.NEW and waiting_join is None
    search = ServiceSearchForm(request.POST or None)
    offered = {
        "local_authority_code": code,
        "candidates": candidates,
        "hub_serving": hub_serving(support_request) if deciding else None,
        "shortlist": signpost_shortlist(support_request, words=search.words()) if deciding else [],
    }
    form = DecisionForm(request.POST or None, **offered)
    if "find_services" in request.POST:
        # A search for services shows the page again, every answer kept and none judged yet.
        form = DecisionForm(initial=form.answers(), **offered)
    elif request.method == "POST" and form.is_valid() and search.is_valid():
        try:
            services.request_decide(
                request=support_request,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                lead_professional=form.cleaned_data["lead_professional"],
                matches=form.matches(),
                triage_organisation=triage_organisation(request.user, code),
                by=request.user,
                joins_link=request.build_absolute_uri(reverse("triage:joins")),
                hub=form.cleaned_data["hub"],
                signposts=list(form.cleaned_data["services"]),
                absolute_uri=request.build_absolute_uri,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(reference)s is decided") % {"reference": support_request}
            )
            # Back to the request, now showing the decision: triage can check what it did and
            # follow it to the record and the episode.
            return redirect("triage:detail", pk=support_request.pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=support_request)
    services.candidates_shown(
        request=support_request,
        offered=[offered for _, found in candidates for offered in found],
        by=request.user,
    )
    return render(
        request,
        "triage/detail.html",
        {
            "support_request": support_request,
            "waiting_join": waiting_join,
            "timer": timers(support_request, triage_standard_for(code), timezone.now())
            if support_request.submitted_at
            else None,
            "form": form,
            "search": search,
            "episode": episode_from(support_request),
            "signposts": signposts_of(support_request),
            # Children's social care's answers, if triage handed this request over before.
            "answers": request_answers(support_request),
            "family_reachable": family_message_route(support_request) is not None,
        },
    )


@login_required
@require_POST
def first_contact(request: HttpRequest, pk) -> HttpResponse:
    support_request = request_get_for_triage(_triage_codes(request), pk)
    services.request_first_contact(request=support_request, by=request.user)
    messages.success(request, _("First contact recorded"))
    return redirect("triage:detail", pk=support_request.pk)


def _join_codes(request: HttpRequest) -> list[str]:
    codes = join_local_authority_codes(request.user)
    if not codes:
        raise PermissionDenied
    return codes


@login_required
def joins(request: HttpRequest) -> HttpResponse:
    return render(request, "triage/joins.html", {"joins": pending_joins(_join_codes(request))})


@login_required
def join_detail(request: HttpRequest, pk) -> HttpResponse:
    pending = pending_join_get(_join_codes(request), pk)
    form = JoinDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.join_decide(
                pending=pending, confirm=confirm, note=form.cleaned_data["note"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(reference)s joined the household") % {"reference": pending.request}
                if confirm
                else _("%(reference)s has a new household") % {"reference": pending.request},
            )
            return redirect("triage:joins")
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=pending)
    return render(
        request,
        "triage/join.html",
        {
            "pending": pending,
            "difference": join_difference(pending, now=timezone.now()),
            "form": form,
        },
    )
