"""The data protection officer's pages: the register of requests, recording one, deciding it,
and carrying it out (a subject access copy, a correction, an erasure).

Every page is the officer's alone (403 for anyone else) and shows their own council's requests
only (404 for another council's, as for a request that does not exist).
"""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record, audit_search_hits
from familyhub.dataprotection import services
from familyhub.dataprotection.forms import (
    DataProtectionRequestForm,
    DecisionForm,
    RectificationForm,
    SubjectSearchForm,
)
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.dataprotection.rules import (
    data_protection_councils,
    erasure_blockers,
    is_overdue,
    may_decide,
    may_erase,
    may_export_subject_access,
    may_handle_data_protection,
    may_mark_carried_out,
    may_rectify,
)
from familyhub.dataprotection.selectors import (
    dp_request_get,
    dp_requests_of,
    front_door_request_get_in,
    person_get_in,
    subject_access_report,
    subjects_matching,
)
from familyhub.families.models import Person
from familyhub.frontdoor.models import SupportRequest

DOWNLOAD_FORMATS = ("json", "csv")


def _officer_councils(request: HttpRequest) -> list[str]:
    if not may_handle_data_protection(request.user):
        raise PermissionDenied
    return data_protection_councils(request.user)


def _posted(request: HttpRequest):
    return request.POST if request.method == "POST" else None


@never_cache
@login_required
def register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [
        {"dp_request": dp_request, "overdue": is_overdue(dp_request, today=today)}
        for dp_request in dp_requests_of(_officer_councils(request))
    ]
    return render(request, "dataprotection/register.html", {"rows": rows, "today": today})


@never_cache
@login_required
def subject_search(request: HttpRequest) -> HttpResponse:
    """Find whom a new request is about. Each person or request listed is audited as found."""
    councils = _officer_councils(request)
    form = SubjectSearchForm(request.GET or None)
    subjects = None
    if form.is_valid():
        subjects = subjects_matching(councils, query=form.cleaned_data["q"])
        audit_search_hits(
            actor=request.user,
            records=[*subjects.people, *subjects.requests],
            query=form.cleaned_data["q"],
        )
    return render(request, "dataprotection/search.html", {"form": form, "subjects": subjects})


def _request_new(
    request: HttpRequest,
    *,
    person: Person | None = None,
    support_request: SupportRequest | None = None,
) -> HttpResponse:
    form = DataProtectionRequestForm(_posted(request))
    subject = person if person is not None else support_request
    if request.method == "POST" and form.is_valid():
        dp_request = services.dp_request_record(
            local_authority=subject.local_authority,
            person=person,
            support_request=support_request,
            by=request.user,
            **form.cleaned_data,
        )
        messages.success(request, "The request has been recorded")
        return redirect("dataprotection:detail", pk=dp_request.pk)
    return render(
        request,
        "dataprotection/request_form.html",
        {"form": form, "person": person, "support_request": support_request},
    )


@never_cache
@login_required
def request_new_for_person(request: HttpRequest, person_pk) -> HttpResponse:
    person = person_get_in(_officer_councils(request), person_pk)
    return _request_new(request, person=person)


@never_cache
@login_required
def request_new_for_front_door(request: HttpRequest, request_pk) -> HttpResponse:
    support_request = front_door_request_get_in(_officer_councils(request), request_pk)
    return _request_new(request, support_request=support_request)


def _detail(
    request: HttpRequest, dp_request: DataProtectionRequest, form: DecisionForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    rectification = dp_request.kind == DataProtectionRequest.Kind.RECTIFICATION
    erasure = dp_request.kind == DataProtectionRequest.Kind.ERASURE
    shows_blockers = erasure and dp_request.status in (
        DataProtectionRequest.Status.RECEIVED,
        DataProtectionRequest.Status.APPROVED,
    )
    if form is None and may_decide(dp_request):
        form = DecisionForm(rectification=rectification)
    return render(
        request,
        "dataprotection/detail.html",
        {
            "dp_request": dp_request,
            "overdue": is_overdue(dp_request, today=today),
            "form": form,
            "blockers": erasure_blockers(dp_request, today=today) if shows_blockers else [],
            "may_export": may_export_subject_access(dp_request),
            "may_rectify": may_rectify(dp_request),
            "may_erase": may_erase(dp_request),
            "may_complete": may_mark_carried_out(dp_request),
        },
    )


@never_cache
@login_required
def request_detail(request: HttpRequest, pk) -> HttpResponse:
    dp_request = dp_request_get(_officer_councils(request), pk)
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=dp_request)
    return _detail(request, dp_request)


@never_cache
@login_required
@require_POST
def request_decide(request: HttpRequest, pk) -> HttpResponse:
    dp_request = dp_request_get(_officer_councils(request), pk)
    if not may_decide(dp_request):
        raise PermissionDenied
    form = DecisionForm(
        request.POST, rectification=dp_request.kind == DataProtectionRequest.Kind.RECTIFICATION
    )
    if form.is_valid():
        try:
            services.dp_request_decide(
                dp_request=dp_request,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                approved_fields=form.cleaned_data.get("approved_fields", []),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The decision has been recorded")
            return redirect("dataprotection:detail", pk=dp_request.pk)
    return _detail(request, dp_request, form)


def _report_for(request: HttpRequest, pk, file_format: str):
    """The approved subject access request and its report, the export audited; 404 for a
    request of another council, 403 for one that does not allow it."""
    dp_request = dp_request_get(_officer_councils(request), pk)
    if not may_export_subject_access(dp_request):
        raise PermissionDenied
    services.subject_access_export_record(
        dp_request=dp_request, by=request.user, file_format=file_format
    )
    return dp_request, subject_access_report(dp_request, today=timezone.localdate())


@never_cache
@login_required
def subject_access(request: HttpRequest, pk) -> HttpResponse:
    """The printable copy of everything held about the person."""
    dp_request, report = _report_for(request, pk, "html")
    return render(
        request, "dataprotection/subject_access.html", {"dp_request": dp_request, "report": report}
    )


@never_cache
@login_required
def subject_access_download(request: HttpRequest, pk, file_format: str) -> HttpResponse:
    if file_format not in DOWNLOAD_FORMATS:
        raise Http404
    dp_request, report = _report_for(request, pk, file_format)
    filename = f"subject-access-{report.produced_on:%Y-%m-%d}-{str(dp_request.pk)[:8]}"
    if file_format == "json":
        response = HttpResponse(
            json.dumps(report.as_dict(), indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        csv.writer(response).writerows(report.as_rows())
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response


@never_cache
@login_required
def rectify(request: HttpRequest, pk) -> HttpResponse:
    dp_request = dp_request_get(_officer_councils(request), pk)
    if not may_rectify(dp_request) or dp_request.person is None:
        raise PermissionDenied
    person = dp_request.person
    form = RectificationForm(
        _posted(request),
        approved_fields=dp_request.approved_fields,
        initial={name: getattr(person, name) for name in dp_request.approved_fields},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.rectification_apply(
                dp_request=dp_request, changes=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Corrected: {', '.join(changed)}" if changed else "Nothing was different",
            )
            return redirect("dataprotection:detail", pk=dp_request.pk)
    else:
        audit_record(actor=request.user, action=AuditEvent.Action.VIEW, record=person)
    return render(request, "dataprotection/rectify.html", {"dp_request": dp_request, "form": form})


@never_cache
@login_required
@require_POST
def erase(request: HttpRequest, pk) -> HttpResponse:
    dp_request = dp_request_get(_officer_councils(request), pk)
    if not may_erase(dp_request):
        raise PermissionDenied
    try:
        services.erasure_carry_out(dp_request=dp_request, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The person's data has been erased")
    return redirect("dataprotection:detail", pk=dp_request.pk)


@never_cache
@login_required
@require_POST
def complete(request: HttpRequest, pk) -> HttpResponse:
    dp_request = dp_request_get(_officer_councils(request), pk)
    if not may_mark_carried_out(dp_request):
        raise PermissionDenied
    services.dp_request_complete(dp_request=dp_request, by=request.user)
    messages.success(request, "The request is marked as carried out")
    return redirect("dataprotection:detail", pk=dp_request.pk)
