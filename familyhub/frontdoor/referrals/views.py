"""Practitioners' referrals: the list of their organisation's, the form, and each one's status;
and the inbox of the organisation a referral went to, where it is opened, accepted or declined,
and completed."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Organisation
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.referrals import rules, services
from familyhub.frontdoor.referrals.forms import CompleteForm, DeclineForm, ReferralForm
from familyhub.frontdoor.referrals.selectors import (
    received_counts,
    received_get,
    received_new_first,
    referral_answers,
    referral_get,
    referrals_newest_first,
)
from familyhub.frontdoor.selectors import request_people
from familyhub.frontdoor.services import social_care_phone

PAGE_SIZE = 50
NAV = "referrals"  # marks "Referrals" in the service navigation on every page here
NAV_RECEIVED = "referrals_received"


def _organisation_ids(request: HttpRequest) -> list:
    ids = rules.referrer_organisation_ids(request.user)
    if not ids:
        raise PermissionDenied
    return ids


def _first_names(referral: SupportRequest) -> str:
    """First names only: enough to recognise the family, no more than the list needs."""
    names = [person.given_name for person in referral.people.all() if person.given_name]
    return ", ".join(names) or _("A baby not born yet")


@login_required
@never_cache
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = referrals_newest_first(_organisation_ids(request))
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(referral, _first_names(referral)) for referral in page]
    return render(
        request,
        "frontdoor/referrals/list.html",
        {"rows": rows, "page_obj": page, "nav_current": NAV},
    )


@login_required
@never_cache
def referral_new(request: HttpRequest) -> HttpResponse:
    organisation = rules.referring_organisation(request.user)
    if organisation is None:
        raise PermissionDenied
    services_offered = rules.referrable_services(organisation.local_authority)
    if request.method == "POST":
        form = ReferralForm(request.POST, services=services_offered)
        if form.is_valid():
            return _submit(request, form, organisation)
    else:
        # The key makes sending exactly-once: a double click or a retry finds the same referral.
        form = ReferralForm(services=services_offered, initial={"submission_key": uuid.uuid4()})
    return render(
        request,
        "frontdoor/referrals/new.html",
        {
            "form": form,
            "child_rows": form.person_rows("child"),
            "adult_rows": form.person_rows("adult"),
            "social_care_phone": social_care_phone(),
            "has_services": services_offered.exists(),
            "nav_current": NAV,
        },
    )


def _submit(request: HttpRequest, form: ReferralForm, organisation: Organisation) -> HttpResponse:
    referral = services.referral_submit(
        practitioner=request.user,
        organisation=organisation,
        data=form.referral_data(),
        submission_key=form.cleaned_data["submission_key"],
    )
    messages.success(
        request, _("Referral sent. The reference is %(reference)s") % {"reference": referral}
    )
    return redirect("referrals:detail", pk=referral.pk)


@login_required
@never_cache
def referral_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = referral_get(_organisation_ids(request), pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=referral)
    return render(
        request,
        "frontdoor/referrals/detail.html",
        {
            "referral": referral,
            "people": request_people(referral),
            "answers": referral_answers(referral),
            "social_care_phone": social_care_phone(),
            "nav_current": NAV,
        },
    )


# The inbox of the organisation that runs the service a referral went to.


def _answering_ids(request: HttpRequest) -> list:
    ids = rules.answering_organisation_ids(request.user)
    if not ids:
        raise PermissionDenied
    return ids


def _received(request: HttpRequest, pk: uuid.UUID) -> SupportRequest:
    return received_get(_answering_ids(request), pk)


@login_required
@never_cache
def received_list(request: HttpRequest) -> HttpResponse:
    ids = _answering_ids(request)
    page = Paginator(received_new_first(ids), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(referral, _first_names(referral)) for referral in page]
    return render(
        request,
        "frontdoor/referrals/received_list.html",
        {
            "rows": rows,
            "page_obj": page,
            "counts": received_counts(ids),
            "nav_current": NAV_RECEIVED,
        },
    )


@login_required
@never_cache
def received_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _received(request, pk)
    opened = referral.answer != SupportRequest.Answer.NEW
    if opened:
        # Only an opened referral shows the family's details: reading them is a view.
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=referral)
    return render(
        request,
        "frontdoor/referrals/received_detail.html",
        {
            "referral": referral,
            "opened": opened,
            "people": request_people(referral) if opened else [],
            "answers": referral_answers(referral),
            "may_accept": rules.answer_allowed(referral.answer, SupportRequest.Answer.ACCEPTED),
            "may_complete": rules.answer_allowed(referral.answer, SupportRequest.Answer.COMPLETED),
            "nav_current": NAV_RECEIVED,
        },
    )


def _answered(
    request: HttpRequest, referral: SupportRequest, answer, done: str, **note: str
) -> HttpResponse:
    """One answer through its service; back to the referral's page, saying what happened."""
    try:
        answer(referral=referral, by=request.user, **note)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)
    return redirect("referrals:received-detail", pk=referral.pk)


@never_cache
@login_required
@require_POST
def received_open(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _received(request, pk)
    return _answered(request, referral, services.referral_open, _("Referral opened."))


@never_cache
@login_required
@require_POST
def received_accept(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    referral = _received(request, pk)
    done = _("Referral accepted. The referrer has been told.")
    return _answered(request, referral, services.referral_accept, done)


def _answered_with_note(
    request: HttpRequest,
    pk: uuid.UUID,
    *,
    answer: str,
    form_class: type[DeclineForm] | type[CompleteForm],
    service,
    done: str,
    title: str,
) -> HttpResponse:
    """An answer that needs words for the referrer (why declined, what came of it): its form,
    then the service, given the form's one field as its keyword argument."""
    referral = _received(request, pk)
    if not rules.answer_allowed(referral.answer, answer):
        return redirect("referrals:received-detail", pk=referral.pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _answered(request, referral, service, done, **form.cleaned_data)
    return render(
        request,
        "frontdoor/referrals/received_answer.html",
        {
            "referral": referral,
            "form": form,
            "title": title,
            "button": title,
            "nav_current": NAV_RECEIVED,
        },
    )


@login_required
@never_cache
def received_decline(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _answered_with_note(
        request,
        pk,
        answer=SupportRequest.Answer.DECLINED,
        form_class=DeclineForm,
        service=services.referral_decline,
        done=_("Referral declined. The referrer has been told."),
        title=_("Decline referral"),
    )


@login_required
@never_cache
def received_complete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _answered_with_note(
        request,
        pk,
        answer=SupportRequest.Answer.COMPLETED,
        form_class=CompleteForm,
        service=services.referral_complete,
        done=_("Referral completed. The referrer has been told."),
        title=_("Complete referral"),
    )
