"""Staff pages: an organisation's editors keep their entries current; the manager approves."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from familyhub.accounts.models import Organisation
from familyhub.directory import services
from familyhub.directory.forms import (
    LocationForm,
    OrganisationJoinForm,
    ScheduleForm,
    ServiceForm,
)
from familyhub.directory.models import Location, Service
from familyhub.directory.rules import (
    can_edit_entries,
    managed_local_authorities,
    may_decide_on,
    stale_before,
)
from familyhub.directory.selectors import (
    organisation_get,
    organisations_edited_by,
    organisations_pending,
    schedule_get,
    service_get,
    service_places,
    services_stale,
    venue_get,
)


def _editable_organisation(request: HttpRequest, pk) -> Organisation:
    organisation = organisation_get(pk)
    if not can_edit_entries(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def home(request: HttpRequest) -> HttpResponse:
    stale = stale_before(timezone.localdate())
    managed = managed_local_authorities(request.user)
    return render(
        request,
        "directory/manage/home.html",
        {
            "organisations": organisations_edited_by(request.user),
            "stale_before": stale,
            "managed": managed,
            "pending": organisations_pending(managed),
            "stale_services": services_stale(managed, checked_before=stale),
        },
    )


def _save_service(request, organisation, service) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation = organisation
        services.service_save(
            service=saved,
            locations=list(form.cleaned_data["locations"]),
            terms=list(form.cleaned_data["terms"]),
            languages=list(form.cleaned_data["languages"]),
        )
        messages.success(request, _("%(name)s has been saved") % {"name": saved.name})
        return redirect("directory:manage-home")
    return render(
        request,
        "directory/manage/service_form.html",
        {"form": form, "organisation": organisation, "service": service},
    )


@login_required
def service_create(request: HttpRequest, pk) -> HttpResponse:
    organisation = _editable_organisation(request, pk)
    return _save_service(request, organisation, Service(organisation=organisation))


@login_required
def service_edit(request: HttpRequest, pk) -> HttpResponse:
    service = service_get(pk)
    organisation = _editable_organisation(request, service.organisation_id)
    return _save_service(request, organisation, service)


@login_required
@require_POST
def service_checked(request: HttpRequest, pk) -> HttpResponse:
    service = service_get(pk)
    _editable_organisation(request, service.organisation_id)
    services.service_mark_checked(service=service)
    messages.success(request, _("%(name)s is marked as checked today") % {"name": service.name})
    return redirect("directory:manage-home")


@login_required
def service_sessions(request: HttpRequest, pk) -> HttpResponse:
    service = service_get(pk)
    _editable_organisation(request, service.organisation_id)
    places = service_places(service)
    form = ScheduleForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        services.schedule_add(
            service_at_location=form.cleaned_data["place"], schedule=form.save(commit=False)
        )
        messages.success(request, _("The session has been added"))
        return redirect("directory:service-sessions", pk=service.pk)
    return render(
        request,
        "directory/manage/sessions.html",
        {"service": service, "places": places, "form": form},
    )


@login_required
@require_POST
def session_remove(request: HttpRequest, pk) -> HttpResponse:
    schedule = schedule_get(pk)
    service = schedule.service_at_location.service
    _editable_organisation(request, service.organisation_id)
    services.schedule_remove(schedule=schedule)
    messages.success(request, _("The session has been removed"))
    return redirect("directory:service-sessions", pk=service.pk)


def _save_location(request, organisation, location) -> HttpResponse:
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        saved = services.location_save(
            location=form.save(commit=False), postcode=form.postcode_record
        )
        messages.success(request, _("%(name)s has been saved") % {"name": saved.name})
        return redirect("directory:manage-home")
    return render(
        request,
        "directory/manage/location_form.html",
        {"form": form, "organisation": organisation, "location": location},
    )


@login_required
def location_create(request: HttpRequest, pk) -> HttpResponse:
    organisation = _editable_organisation(request, pk)
    location = Location(
        organisation=organisation,
        local_authority=organisation.local_authority,
        kind=Location.Kind.VENUE,
    )
    return _save_location(request, organisation, location)


@login_required
def location_edit(request: HttpRequest, pk) -> HttpResponse:
    location = venue_get(pk)
    organisation = _editable_organisation(request, location.organisation_id)
    return _save_location(request, organisation, location)


@login_required
@require_POST
def organisation_decision(request: HttpRequest, pk) -> HttpResponse:
    organisation = organisation_get(pk)
    if not may_decide_on(request.user, organisation):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    decided = services.organisation_decide(
        organisation=organisation,
        approve=approve,
        by=request.user,
        absolute_uri=request.build_absolute_uri,
    )
    if not decided:
        message = _("%(name)s was already decided")
    elif approve:
        message = _("%(name)s is approved")
    else:
        message = _("%(name)s is rejected")
    messages.success(request, message % {"name": organisation.name})
    return redirect("directory:manage-home")


def _join_rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMIT_JOIN


@ratelimit(key="ip", rate=_join_rate, method="POST")
def organisation_join(request: HttpRequest) -> HttpResponse:
    """Ask for an organisation to be listed. The answer is the same whatever the email address."""
    form = OrganisationJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organisation_join(
            organisation=form.save(commit=False),
            contact_name=form.cleaned_data["contact_name"],
            contact_email=form.cleaned_data["contact_email"],
            language=get_language(),
        )
        # Not a redirect to a page of its own: there is nothing to come back to, and
        # refreshing asks before sending again.
        return render(request, "directory/join_done.html", {"organisation": form.instance})
    return render(request, "directory/join.html", {"form": form})
