"""The multi-agency access team's triage queue and decision pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.frontdoor.models import SupportRequest, TriageStandard
from familyhub.triage import services
from familyhub.triage.forms import DecisionForm
from familyhub.triage.rules import queue_position, timers, triage_local_authority_codes
from familyhub.triage.selectors import people_candidates


def _triage_codes(request: HttpRequest) -> list[str]:
    codes = triage_local_authority_codes(request.user)
    if not codes:
        raise PermissionDenied
    return codes


def _standard(code: str) -> TriageStandard:
    standard, _ = TriageStandard.objects.get_or_create(local_authority_id=code)
    return standard


def _request_for_triage(request: HttpRequest, pk) -> SupportRequest:
    codes = _triage_codes(request)
    found = (
        SupportRequest.objects.exclude(status=SupportRequest.Status.DRAFT)
        .filter(local_authority_id__in=codes, pk=pk)
        .select_related("language", "level", "hub", "lead_professional", "family")
        .prefetch_related("people")
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    codes = _triage_codes(request)
    now = timezone.now()
    standards = {code: _standard(code) for code in codes}
    waiting = SupportRequest.objects.filter(
        local_authority_id__in=codes, status=SupportRequest.Status.NEW
    ).prefetch_related("people")
    rows = [(r, timers(r, standards[r.local_authority_id], now)) for r in waiting]
    rows.sort(key=lambda row: queue_position(*row))
    return render(request, "triage/queue.html", {"rows": rows, "now": now})


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    support_request = _request_for_triage(request, pk)
    code = support_request.local_authority_id
    candidates = (
        people_candidates(support_request)
        if support_request.status == SupportRequest.Status.NEW
        else []
    )
    form = DecisionForm(request.POST or None, local_authority_code=code, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        organisation = (
            request.user.memberships.filter(role=Role.TRIAGE, organisation__local_authority_id=code)
            .select_related("organisation")
            .first()
            .organisation
        )
        try:
            services.request_decide(
                request=support_request,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                lead_professional=form.cleaned_data["lead_professional"],
                matches=form.matches(),
                triage_organisation=organisation,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(reference)s is decided") % {"reference": support_request}
            )
            return redirect("triage:queue")
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=support_request)
    return render(
        request,
        "triage/detail.html",
        {
            "support_request": support_request,
            "timer": timers(support_request, _standard(code), timezone.now())
            if support_request.submitted_at
            else None,
            "form": form,
        },
    )


@login_required
@require_POST
def first_contact(request: HttpRequest, pk) -> HttpResponse:
    support_request = _request_for_triage(request, pk)
    services.request_first_contact(request=support_request, by=request.user)
    messages.success(request, _("First contact recorded"))
    return redirect("triage:detail", pk=support_request.pk)
