"""Insight's pages: Ofsted's early help list (the indicators follow)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from familyhub.insight.exports import as_csv, as_xlsx
from familyhub.insight.forms import EarlyHelpListForm
from familyhub.insight.ofsted import COLUMNS
from familyhub.insight.rules import early_help_list_councils
from familyhub.insight.services import early_help_list_download

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
    return render(request, "insight/early_help_list.html", {"form": form})


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
