"""A member of staff's notifications page: their own notices, newest first; opening one marks it
read and follows its link; "mark all as read". Every signed-in member of staff has one."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from familyhub.notifications import selectors, services


@never_cache
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notices_of(request.user), selectors.NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notices.html", {"page_obj": page})


@never_cache
@login_required
@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """A POST (it changes the notice), then on to the notice's page: a path on this site only."""
    notice = selectors.notice_of(request.user, pk)
    if notice is None:
        raise Http404
    services.notices_mark_read(user=request.user, ids=[notice.pk])
    if not url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
        return redirect("notices:list")
    return redirect(notice.link)


@never_cache
@login_required
@require_POST
def notices_mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notices_mark_read(user=request.user)
    return redirect("notices:list")
