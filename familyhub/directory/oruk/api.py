"""The Open Referral UK read API (HSDS UK profile 3.0), mounted at /api/oruk/.

Every path, parameter and response follows contract/schema-openapi.json; the document we serve
at /api/oruk/openapi.json is that contract with the corrections listed in openapi.py. Query
parameters are read raw from request.GET so that each bad one is answered with our own 400.
"""

import math
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from familyhub.directory.oruk import serialisers as out
from familyhub.directory.oruk.filters import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    BadParameter,
    parse_filters,
    parse_int,
    parse_uuid,
)
from familyhub.directory.oruk.openapi import openapi_document
from familyhub.directory.oruk.selectors import (
    oruk_service_at_locations,
    oruk_service_at_locations_full,
    oruk_services,
    oruk_services_full,
    oruk_taxonomies,
    oruk_taxonomies_full,
    oruk_taxonomy_terms,
)

PROFILE_URL = "https://github.com/openreferral/uk-profile"
HSDS_VERSION = "3.0"


class NotFound(Exception):
    """No public record with the id asked for."""


class OrukAPI(NinjaAPI):
    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        # Open data: any web page may read it (the profile asks for this header).
        response["Access-Control-Allow-Origin"] = "*"
        return response


# Ninja's generated documents cannot match the contract, so they are off; see openapi.py.
api = OrukAPI(
    urls_namespace="oruk",
    title="Family Hub: Open Referral UK",
    version=HSDS_VERSION,
    docs_url=None,
    openapi_url=None,
)


@api.exception_handler(BadParameter)
def _bad_parameter(request: HttpRequest, exc: BadParameter) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(NotFound)
def _not_found(request: HttpRequest, exc: NotFound) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=404)


def _paged(request: HttpRequest, qs: QuerySet, render: Any) -> dict[str, Any]:
    """The contract's page envelope around one page of `qs`."""
    page = max(1, parse_int(request.GET.get("page"), "page", 1))
    per_page = parse_int(request.GET.get("per_page"), "per_page", DEFAULT_PER_PAGE)
    per_page = min(MAX_PER_PAGE, max(1, per_page))
    total = qs.count()
    total_pages = math.ceil(total / per_page)
    # Beyond the last page there is nothing to fetch (and no vast OFFSET to send the database).
    rows = list(qs[(page - 1) * per_page : page * per_page]) if page <= total_pages else []
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not rows,
        "contents": [render(row) for row in rows],
    }


def _get(qs: QuerySet, raw_id: str, kind: str) -> Any:
    try:
        record_id = parse_uuid(raw_id, "id")
    except BadParameter:
        raise NotFound(f"There is no {kind} with id {raw_id!r}: ids are UUIDs") from None
    found = qs.filter(pk=record_id).first()
    if found is None:
        raise NotFound(f"There is no public {kind} with id {record_id}")
    return found


@api.get("/", include_in_schema=False)
def meta(request: HttpRequest) -> dict[str, str]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri(f"{_base_path(request)}/openapi.json"),
    }


def _base_path(request: HttpRequest) -> str:
    # Where the API is mounted, taken from the request so a different mount point still works.
    path = request.path
    for suffix in ("/openapi.json", "/"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


@api.get("/openapi.json", include_in_schema=False)
def openapi(request: HttpRequest) -> HttpResponse:
    return api.create_response(request, openapi_document(_base_path(request)), status=200)


@api.get("/services", include_in_schema=False)
def services(request: HttpRequest) -> dict[str, Any]:
    qs = oruk_services(parse_filters(request.GET))
    return _paged(request, qs, out.service_list_item)


@api.get("/services/{id}", include_in_schema=False)
def service(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002 - the contract's name
    return out.service_full(_get(oruk_services_full(), id, "service"))


@api.get("/service_at_locations", include_in_schema=False)
def service_at_locations(request: HttpRequest) -> dict[str, Any]:
    qs = oruk_service_at_locations(
        parse_filters(request.GET),
        postcode=request.GET.get("postcode"),
        proximity=request.GET.get("proximity"),
    )
    return _paged(request, qs, out.service_at_location_list_item)


@api.get("/service_at_locations/{id}", include_in_schema=False)
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = _get(oruk_service_at_locations_full(), id, "service at location")
    return out.service_at_location_full(found)


@api.get("/taxonomies", include_in_schema=False)
def taxonomies(request: HttpRequest) -> dict[str, Any]:
    return _paged(request, oruk_taxonomies(), out.taxonomy)


@api.get("/taxonomies/{id}", include_in_schema=False)
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    found = _get(oruk_taxonomies_full(), id, "taxonomy")
    return out.taxonomy(found, with_terms=True)


@api.get("/taxonomy_terms", include_in_schema=False)
def taxonomy_terms(request: HttpRequest) -> dict[str, Any]:
    return _paged(request, oruk_taxonomy_terms(), out.taxonomy_term)


@api.get("/taxonomy_terms/{id}", include_in_schema=False)
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:  # noqa: A002
    return out.taxonomy_term(_get(oruk_taxonomy_terms(), id, "taxonomy term"))


@api.get("/{path:rest}", include_in_schema=False)
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    # Answer in JSON (with CORS) for any other path under the API, not with the site's HTML 404.
    raise NotFound(f"There is nothing at {request.path}; see the openapi_url at the API's root")
