"""The background jobs page: failed and overdue messages, failed jobs, and "try again"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from familyhub.notifications import selectors, services
from familyhub.notifications.rules import MAX_ATTEMPTS, may_see_jobs


@never_cache
@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    if not may_see_jobs(request.user):
        raise PermissionDenied
    return render(
        request,
        "notifications/jobs.html",
        {
            "counts": selectors.message_counts(),
            "failed": selectors.messages_failed(),
            "overdue": selectors.messages_overdue(),
            "tasks": selectors.tasks_failed(),
            "max_attempts": MAX_ATTEMPTS,
        },
    )


@never_cache
@login_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_see_jobs(request.user):
        raise PermissionDenied
    message = selectors.message_get(pk)
    if message is None:
        raise Http404
    if services.message_retry(message=message, by=request.user):
        messages.success(request, _("Message %(id)s will be tried again.") % {"id": pk})
    else:  # a second click, or another administrator was quicker
        messages.info(request, _("Message %(id)s is no longer failed.") % {"id": pk})
    return redirect("notifications:jobs")
