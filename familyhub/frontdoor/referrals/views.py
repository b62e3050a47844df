"""Practitioners' referrals: the list of their organisation's, the form, and each one's status."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from familyhub.accounts.models import Organisation
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.referrals import rules, services
from familyhub.frontdoor.referrals.forms import ReferralForm
from familyhub.frontdoor.referrals.selectors import referral_get, referrals_newest_first
from familyhub.frontdoor.selectors import request_people
from familyhub.frontdoor.services import social_care_phone

PAGE_SIZE = 50
NAV = "referrals"  # marks "Referrals" in the service navigation on every page here


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
            "social_care_phone": social_care_phone(),
            "nav_current": NAV,
        },
    )
