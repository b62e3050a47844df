"""Public pages of the directory: search, and a page for each service, place, area and partner."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.directory.forms import DirectorySearchForm
from familyhub.directory.models import Location
from familyhub.directory.paging import RESULT_COUNT_CAP, CappedPaginator
from familyhub.directory.rules import is_stale, location_phone, opening_hours
from familyhub.directory.selectors import (
    bus_visits,
    directory_search,
    hub_sites_in,
    localities_beside,
    locality_get,
    location_get_public,
    organisation_get_public,
    postcode_served_by,
    public_services_of,
    service_get_public,
    spokes_of,
    week_at,
)

RESULTS_PER_PAGE = 10


def find(request: HttpRequest) -> HttpResponse:
    # Always bound: /find with nothing asked ("Browse all support") lists everything, paged.
    form = DirectorySearchForm(request.GET)
    page = serving = None
    if form.is_valid():
        search = form.to_search()
        page = CappedPaginator(directory_search(search), RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if search.postcode:
            serving = postcode_served_by(search.postcode)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/find.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "serving": serving,
            "result_cap": RESULT_COUNT_CAP,
        },
    )


def service_detail(request: HttpRequest, pk) -> HttpResponse:
    service = service_get_public(pk)
    return render(
        request,
        "directory/service.html",
        {"service": service, "stale": is_stale(service.last_checked, timezone.localdate())},
    )


def location_detail(request: HttpRequest, pk) -> HttpResponse:
    location = location_get_public(pk)
    week = week_at(location, today=timezone.localdate())
    spokes = spokes_of(location)
    return render(
        request,
        "directory/location.html",
        {
            "location": location,
            "week": week,
            "opening_hours": opening_hours(week) if location.is_hub_site else [],
            "phone": location_phone(location),
            "has_sessions": any(sessions for _, sessions in week),
            "spokes": spokes,
        },
    )


def locality_detail(request: HttpRequest, la_slug: str, slug: str) -> HttpResponse:
    locality = locality_get(la_slug, slug)
    sites = hub_sites_in(locality)
    return render(
        request,
        "directory/locality.html",
        {
            "locality": locality,
            "main_hubs": [s for s in sites if s.kind == Location.Kind.MAIN_HUB],
            "spokes": [s for s in sites if s.kind == Location.Kind.SPOKE],
            "other_localities": localities_beside(locality),
        },
    )


def organisation_detail(request: HttpRequest, pk) -> HttpResponse:
    organisation = organisation_get_public(pk)
    services = public_services_of(organisation)
    return render(
        request,
        "directory/organisation.html",
        {"organisation": organisation, "services": services},
    )


def bus(request: HttpRequest) -> HttpResponse:
    visits = bus_visits(now=timezone.localtime())
    return render(
        request,
        "directory/bus.html",
        {"next_visit": visits[0] if visits else None, "visits": visits},
    )
