"""Start for Life's staff pages: importing notifications, the first 1,001 days of a locality,
recording a health visiting review, and reach. Who may open each: rules.py."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.places.models import LocalAuthority
from familyhub.startforlife import rules, selectors, services
from familyhub.startforlife.forms import MilestoneForm, NotificationsFileForm
from familyhub.startforlife.importing import text_lines
from familyhub.startforlife.models import Milestone

NAV = "startforlife"


def _councils(ids: set[str]) -> set[str]:
    if not ids:
        raise PermissionDenied
    return ids


@login_required
def notifications_import(request: HttpRequest) -> HttpResponse:
    codes = _councils(rules.import_authority_ids(request.user))
    # Staff of more than one council import for the first by code, as the audit trail counts.
    council = LocalAuthority.objects.get(code=min(codes))
    form = NotificationsFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.notifications_import(
            lines=text_lines(form.cleaned_data["file"]),
            local_authority=council,
            by=request.user,
        )
    return render(
        request,
        "startforlife/import.html",
        {"form": form, "report": report, "council": council, "nav_current": NAV},
    )


@login_required
def first_days_localities(request: HttpRequest) -> HttpResponse:
    codes = _councils(rules.first_days_authority_ids(request.user))
    return render(
        request,
        "startforlife/localities.html",
        {"localities": selectors.localities_of(codes), "nav_current": NAV},
    )


@login_required
def first_days(request: HttpRequest, pk: int) -> HttpResponse:
    codes = _councils(rules.first_days_authority_ids(request.user))
    locality = selectors.locality_get(codes, pk)
    today = timezone.localdate()
    with transaction.atomic():
        view = selectors.first_days(locality, today=today, page_number=request.GET.get("page"))
        services.first_days_read(
            by=request.user,
            family_ids=[row.family.pk for row in view.rows if row.family],
            local_authority_code=locality.local_authority_id,
        )
    return render(
        request,
        "startforlife/first_days.html",
        {
            "view": view,
            "page_obj": view.page,
            "may_record": bool(rules.milestone_authority_ids(request.user)),
            "nav_current": NAV,
        },
    )


@login_required
def milestone_record(request: HttpRequest, pk: UUID) -> HttpResponse:
    codes = _councils(rules.milestone_authority_ids(request.user))
    baby, family = selectors.baby_get(codes, pk)
    assert baby.date_of_birth is not None  # baby_get finds babies born only
    form = MilestoneForm(request.POST or None, born_on=baby.date_of_birth)
    if request.method == "POST" and form.is_valid():
        services.milestone_record(
            baby=baby,
            family=family,
            milestone=form.cleaned_data["milestone"],
            done_on=form.cleaned_data["done_on"],
            by=request.user,
        )
        messages.success(request, _("The review is recorded."))
        if family.locality_id:
            return redirect(reverse("startforlife:first-days", args=[family.locality_id]))
        return redirect(reverse("startforlife:localities"))
    return render(
        request,
        "startforlife/milestone.html",
        {"form": form, "baby": baby, "milestones": Milestone, "nav_current": NAV},
    )


@login_required
def reach(request: HttpRequest) -> HttpResponse:
    codes = _councils(rules.reach_authority_ids(request.user))
    council = LocalAuthority.objects.get(code=min(codes))
    localities, hubs = selectors.reach(council.code, today=timezone.localdate())
    return render(
        request,
        "startforlife/reach.html",
        {"council": council, "localities": localities, "hubs": hubs, "nav_current": NAV},
    )
