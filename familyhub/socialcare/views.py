"""Children's social care's pages: the inbox of handovers, one handover (a request triage
handed over, or an episode's step-up) with accept and return, and the step-down form."""

import datetime as dt
import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Organisation
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import EpisodeEvent
from familyhub.casework.views.base import posted
from familyhub.frontdoor.models import SupportRequest
from familyhub.socialcare import rules, selectors, services
from familyhub.socialcare.forms import ReturnForm, StepDownForm
from familyhub.socialcare.models import HandoverAnswer

# The inbox's "answered" list: a month of answers, the newest first.
RECENTLY = dt.timedelta(days=30)
RECENTLY_SHOWN = 25
STEP_DOWNS_SHOWN = 10
NAV = "socialcare"
Decision = HandoverAnswer.Decision


def _codes(request: HttpRequest) -> list[str]:
    codes = rules.social_care_authority_ids(request.user)
    if not codes:
        raise PermissionDenied
    return codes


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    codes = _codes(request)
    return render(
        request,
        "socialcare/inbox.html",
        {
            "waiting": selectors.handovers_waiting(codes),
            "answered": selectors.answers_recent(
                codes, since=timezone.now() - RECENTLY, limit=RECENTLY_SHOWN
            ),
            "step_downs": selectors.step_downs_recent(
                rules.social_care_organisation_ids(request.user), limit=STEP_DOWNS_SHOWN
            ),
            "nav_current": NAV,
        },
    )


# A handed-over request


def _request(request: HttpRequest, pk) -> SupportRequest:
    return selectors.handed_over_request_get(_codes(request), pk)


@login_required
def request_detail(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        handed_over = _request(request, pk)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            record=handed_over,
            details={"page": "social care handover"},
        )
    return render(
        request,
        "socialcare/request.html",
        {
            "support_request": handed_over,
            "current": selectors.request_answer_current(handed_over),
            "answers": selectors.request_answers(handed_over),
            "nav_current": NAV,
        },
    )


@login_required
@require_POST
def request_accept(request: HttpRequest, pk) -> HttpResponse:
    handed_over = _request(request, pk)
    return _accepted(
        request,
        lambda: services.request_answer(
            request=handed_over, by=request.user, decision=Decision.ACCEPTED
        ),
        done=_("You accepted the handover %(ref)s") % {"ref": handed_over},
        back=redirect("socialcare:request", pk=handed_over.pk),
    )


@login_required
def request_return(request: HttpRequest, pk) -> HttpResponse:
    handed_over = _request(request, pk)
    return _returned(
        request,
        lambda advice: services.request_answer(
            request=handed_over, by=request.user, decision=Decision.RETURNED, advice=advice
        ),
        done=_("%(ref)s is back in the triage queue with your advice") % {"ref": handed_over},
        context={"reference": handed_over.reference, "back": "request", "pk": pk},
    )


def _accepted(
    request: HttpRequest, accept: Callable[[], object], *, done: str, back: HttpResponse
) -> HttpResponse:
    """Accepting a handover (a POST): said on the handover's page, or why it could not be."""
    try:
        accept()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return back


def _returned(
    request: HttpRequest, give_back: Callable[[str], object], *, done: str, context: dict
) -> HttpResponse:
    """The return form: advice required; returned, back to the inbox."""
    form = ReturnForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            give_back(form.cleaned_data["advice"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("socialcare:inbox")
    return render(request, "socialcare/return.html", {"form": form, **context})


# An episode's step-up


def _step_up(request: HttpRequest, pk: int) -> EpisodeEvent:
    return selectors.step_up_get(_codes(request), pk)


def _answer_of(step_up: EpisodeEvent) -> HandoverAnswer | None:
    try:
        return step_up.social_care_answer
    except ObjectDoesNotExist:
        return None


def _team(request: HttpRequest, step_up: EpisodeEvent) -> Organisation:
    pk = rules.social_care_organisation_id_in(request.user, step_up.episode.local_authority_id)
    return Organisation.objects.get(pk=pk)


@login_required
def step_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with transaction.atomic():
        step_up = _step_up(request, pk)
        audit_record(
            actor=request.user,
            action=AuditEvent.Action.VIEW,
            record=step_up.episode,
            details={"page": "social care step-up", "event": step_up.pk},
        )
    return render(
        request,
        "socialcare/step_up.html",
        {
            "step_up": step_up,
            "episode": step_up.episode,
            "answers": [answer] if (answer := _answer_of(step_up)) else [],
            "nav_current": NAV,
        },
    )


@login_required
@require_POST
def step_up_accept(request: HttpRequest, pk: int) -> HttpResponse:
    step_up = _step_up(request, pk)
    return _accepted(
        request,
        lambda: services.step_up_answer(
            step_up=step_up,
            by=request.user,
            organisation=_team(request, step_up),
            decision=Decision.ACCEPTED,
        ),
        done=_("You accepted the step-up"),
        back=redirect("socialcare:step-up", pk=step_up.pk),
    )


@login_required
def step_up_return(request: HttpRequest, pk: int) -> HttpResponse:
    step_up = _step_up(request, pk)
    return _returned(
        request,
        lambda advice: services.step_up_answer(
            step_up=step_up,
            by=request.user,
            organisation=_team(request, step_up),
            decision=Decision.RETURNED,
            advice=advice,
        ),
        done=_("The episode is back with its lead, with your advice"),
        context={"reference": step_up.episode.family.reference, "back": "step-up", "pk": pk},
    )


# Stepping a family down


@login_required
def step_down(request: HttpRequest) -> HttpResponse:
    organisation_ids = rules.social_care_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied
    organisation = Organisation.objects.get(pk=organisation_ids[0])
    form = StepDownForm(posted(request), initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        sent = services.step_down_submit(
            by=request.user,
            organisation=organisation,
            data=form.referral_data(),
            submission_key=form.cleaned_data["submission_key"],
        )
        messages.success(
            request,
            _("Step-down sent to the front door. The reference is %(ref)s") % {"ref": sent},
        )
        return redirect("socialcare:inbox")
    return render(
        request,
        "socialcare/step_down.html",
        {
            "form": form,
            "child_rows": form.person_rows("child"),
            "adult_rows": form.person_rows("adult"),
            "nav_current": NAV,
        },
    )
