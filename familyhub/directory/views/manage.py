"""Staff pages: an organisation's editors keep their entries current; the manager approves."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyhub.accounts.models import Organisation, Role
from familyhub.directory import services
from familyhub.directory.forms import (
    LocationForm,
    OrganisationJoinForm,
    ScheduleForm,
    ServiceForm,
)
from familyhub.directory.models import Location, Schedule, Service
from familyhub.directory.rules import can_edit_entries, managed_local_authorities, stale_before


def _editable_organisation(request: HttpRequest, pk) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not can_edit_entries(request.user, organisation):
        raise PermissionDenied
    return organisation


def _offerable_locations(organisation: Organisation):
    """An organisation runs services at its own venues and at any Family Hub site or online."""
    return (
        Location.objects.filter(local_authority=organisation.local_authority)
        .filter(
            Q(organisation=organisation)
            | Q(kind__in=[Location.Kind.MAIN_HUB, Location.Kind.SPOKE, Location.Kind.VIRTUAL])
        )
        .order_by("name")
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    organisations = Organisation.objects.filter(
        memberships__user=request.user, memberships__role=Role.DIRECTORY_EDITOR
    ).prefetch_related("services", "locations")
    managed = managed_local_authorities(request.user)
    return render(
        request,
        "directory/manage/home.html",
        {
            "organisations": organisations,
            "stale_before": stale_before(today),
            "managed": managed,
            "pending": Organisation.objects.filter(
                local_authority__in=managed, status=Organisation.Status.PENDING
            ),
            "stale_services": Service.objects.filter(
                local_authority__in=managed, last_checked__lt=stale_before(today)
            )
            .select_related("organisation")
            .order_by("last_checked"),
        },
    )


def _service_form(request: HttpRequest, organisation: Organisation, service: Service):
    form = ServiceForm(request.POST or None, instance=service)
    form.fields["locations"] = forms.ModelMultipleChoiceField(
        queryset=_offerable_locations(organisation),
        widget=forms.CheckboxSelectMultiple,
        label=_("Where it is offered"),
        initial=[sal.location_id for sal in service.at_locations.all()] if service.pk else [],
    )
    return form


def _save_service(request, organisation, service) -> HttpResponse:
    form = _service_form(request, organisation, service)
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
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    organisation = _editable_organisation(request, service.organisation_id)
    return _save_service(request, organisation, service)


@login_required
@require_POST
def service_checked(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    _editable_organisation(request, service.organisation_id)
    services.service_mark_checked(service=service)
    messages.success(request, _("%(name)s is marked as checked today") % {"name": service.name})
    return redirect("directory:manage-home")


@login_required
def service_sessions(request: HttpRequest, pk) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    _editable_organisation(request, service.organisation_id)
    places = service.at_locations.select_related("location").prefetch_related("schedules")
    form = ScheduleForm(request.POST or None)
    form.fields["place"] = forms.ModelChoiceField(
        queryset=places, label=_("Where"), empty_label=None
    )
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
    schedule = get_object_or_404(
        Schedule.objects.select_related("service_at_location__service"), pk=pk
    )
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
    location = get_object_or_404(Location, pk=pk, organisation__isnull=False)
    organisation = _editable_organisation(request, location.organisation_id)
    return _save_location(request, organisation, location)


@login_required
@require_POST
def organisation_decision(request: HttpRequest, pk) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    if organisation.local_authority not in managed_local_authorities(request.user):
        raise PermissionDenied
    approve = request.POST.get("decision") == "approve"
    services.organisation_decide(organisation=organisation, approve=approve)
    message = _("%(name)s is approved") if approve else _("%(name)s is rejected")
    messages.success(request, message % {"name": organisation.name})
    return redirect("directory:manage-home")


def organisation_join(request: HttpRequest) -> HttpResponse:
    form = OrganisationJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_join(
                organisation=form.save(commit=False),
                contact_name=form.cleaned_data["contact_name"],
                contact_email=form.cleaned_data["contact_email"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            return render(request, "directory/join_done.html", {"organisation": form.instance})
    return render(request, "directory/join.html", {"form": form})
