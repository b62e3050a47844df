"""Insight's pages: the indicators, the board's reports, and Ofsted's early help list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from familyhub.insight.board_report import period_label
from familyhub.insight.dashboard import Viewer, downloadable, sections
from familyhub.insight.exports import as_csv, as_xlsx
from familyhub.insight.forms import BoardReportForm, EarlyHelpListForm, IndicatorsForm
from familyhub.insight.ofsted import COLUMNS
from familyhub.insight.period import Period, year_to
from familyhub.insight.rules import (
    board_report_councils,
    early_help_list_councils,
    insight_councils,
    sees_small_numbers,
)
from familyhub.insight.scope import Scope
from familyhub.insight.selectors import board_report_get, board_reports
from familyhub.insight.services import board_report_make, early_help_list_download

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def early_help_list(request: HttpRequest) -> HttpResponse:
    """The form, and with a date and a format, the file itself (its download audited)."""
    councils = early_help_list_councils(request.user)
    if not councils:
        raise PermissionDenied
    form = EarlyHelpListForm(request.GET or None, initial={"ending": timezone.localdate()})
    if form.is_valid() and form.cleaned_data["format"]:
        return _download(request, councils[0], form)
    return render(request, "insight/early_help_list.html", {"form": form, "nav_current": "insight"})


def _download(request: HttpRequest, council: str, form: EarlyHelpListForm) -> HttpResponse:
    file_format = form.cleaned_data["format"]
    listed = early_help_list_download(
        by=request.user,  # type: ignore[arg-type]  # login_required: a signed-in user
        local_authority_id=council,
        ending=form.cleaned_data["ending"],
        file_format=file_format,
    )
    content = (
        as_xlsx("List 2 Early help", COLUMNS, listed.rows)
        if file_format == "xlsx"
        else as_csv(COLUMNS, listed.rows)
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"annex-a-list-2-early-help-{listed.starts:%Y%m%d}-{listed.ends:%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _file(content_format: str, title: str, columns, rows) -> HttpResponse:
    content = as_xlsx(title, columns, rows) if content_format == "xlsx" else as_csv(columns, rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[content_format])
    name = slugify(title)
    response["Content-Disposition"] = f'attachment; filename="{name}.{content_format}"'
    return response


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    """The indicators for a period and a place, against the period before; any table as a
    file (?download=<table>&format=csv or xlsx)."""
    councils = insight_councils(request.user)
    if not councils:
        raise PermissionDenied
    council = councils[0]
    # Unless asked otherwise: the whole council, over the last twelve months.
    question = request.GET.copy()
    first = year_to(timezone.localdate())
    question.setdefault("starts", first.starts.strftime("%d/%m/%Y"))
    question.setdefault("ends", first.ends.strftime("%d/%m/%Y"))
    form = IndicatorsForm(question, local_authority_id=council)
    found = []
    if form.is_valid():
        data = form.cleaned_data
        locality, hub = data["locality"], data["hub"]
        scope = Scope(council, locality.pk if locality else None, hub.pk if hub else None)
        viewer = Viewer(small_numbers=sees_small_numbers(request.user, council))
        found = sections(scope, Period(data["starts"], data["ends"]), timezone.now(), viewer)
        if "download" in request.GET or "format" in request.GET:
            return _download_table(found, request.GET)
    return render(
        request,
        "insight/indicators.html",
        {
            "form": form,
            "sections": found,
            "query": _query_without_download(request),
            "may_list_children": council in early_help_list_councils(request.user),
        },
    )


def _download_table(found: list, question) -> HttpResponse:
    tables = downloadable(found)
    wanted, file_format = question.get("download", ""), question.get("format", "")
    if wanted not in tables or file_format not in CONTENT_TYPES:
        return HttpResponseBadRequest("No such table or format")
    title, make = tables[wanted]
    return _file(file_format, title, *make())


def _query_without_download(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("download", None)
    params.pop("format", None)
    return params.urlencode()


def _board_council(request: HttpRequest) -> str:
    councils = board_report_councils(request.user)
    if not councils:
        raise PermissionDenied
    return councils[0]


@login_required
def board_reports_page(request: HttpRequest) -> HttpResponse:
    """The kept reports, and a quarter's report made in one click (POST, then back here)."""
    council = _board_council(request)
    form = BoardReportForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        report = board_report_make(
            by=request.user,  # type: ignore[arg-type]  # login_required: a signed-in user
            local_authority_id=council,
            quarter=form.cleaned_data["quarter"],
        )
        messages.success(
            request, f"The report for {period_label(form.cleaned_data['quarter'])} is ready."
        )
        return redirect(f"{reverse('insight:board-reports')}#report-{report.pk}")
    return render(
        request,
        "insight/board_reports.html",
        {"form": form, "reports": board_reports(council), "nav_current": "insight"},
    )


@login_required
def board_report_file(request: HttpRequest, pk: int) -> HttpResponse:
    report = board_report_get(_board_council(request), pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    name = f"family-hubs-board-report-{report.starts:%Y-%m}-{report.ends:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
