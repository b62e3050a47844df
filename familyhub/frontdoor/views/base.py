"""What every page of the journey shares: finding the draft from its link, and where to go next."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from familyhub.frontdoor import rules
from familyhub.frontdoor.journey import step_before
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.selectors import request_by_token

RETURN_TO_CHECK = "check"

DraftView = Callable[..., HttpResponse]


def private(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Pages with a family's answers: never cached, never indexed, link not leaked onwards."""

    @wraps(view)
    def wrapper(*args: object, **kwargs: object) -> HttpResponse:
        response = view(*args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # Never send the secret link to another site. Not "no-referrer": browsers then send
        # "Origin: null" with the page's forms, which Django's CSRF check rightly refuses.
        response["Referrer-Policy"] = "same-origin"
        return response

    return never_cache(wrapper)


def request_or_404(token: str) -> SupportRequest:
    found = request_by_token(token)
    if found is None:
        raise Http404
    return found


def with_draft(view: DraftView) -> DraftView:
    """Hand the view the family's draft; a sent request goes to its confirmation instead, and an
    old draft to the "link has expired" page."""

    @private
    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: object) -> HttpResponse:
        draft = request_or_404(token)
        if draft.status != SupportRequest.Status.DRAFT:
            return redirect("frontdoor:sent", token=token)
        if rules.draft_is_expired(draft.created, timezone.now()):
            return render(request, "frontdoor/expired.html", status=410)
        return view(request, draft, **kwargs)

    return wrapper


def is_returning(request: HttpRequest) -> bool:
    """True when the family came from check your answers, and should go back there."""
    return request.GET.get("return") == RETURN_TO_CHECK


def step_url(draft: SupportRequest, step: str, *, returning: bool = False, **kwargs: object) -> str:
    url = reverse(f"frontdoor:{step}", kwargs={"token": draft.resume_token, **kwargs})
    return f"{url}?return={RETURN_TO_CHECK}" if returning else url


def back_url(request: HttpRequest, draft: SupportRequest | None, step: str) -> str:
    if draft is not None and is_returning(request):
        return step_url(draft, "check")
    previous = step_before(step)
    if draft is None or previous is None:
        return reverse("frontdoor:start")
    return step_url(draft, previous)


def go_on(request: HttpRequest, draft: SupportRequest, next_step: str) -> HttpResponseRedirect:
    """After saving a page: to the save page, back to check answers, or to the next question."""
    if "save_later" in request.POST:
        return redirect(step_url(draft, "save"))
    if is_returning(request):
        return redirect(step_url(draft, "check"))
    return redirect(step_url(draft, next_step))
