"""The family's survey (public: the link's token is the only key) and the staff page of the
families' comments. No writes on GET but the staff page's audit events; the survey's POST is
rate limited."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from familyhub.feedback import rules, selectors, services
from familyhub.feedback.forms import CommentsForm, SurveyForm
from familyhub.feedback.models import Invitation

COMMENTS_PER_PAGE = 25
# What the staff page shows unless asked: the comments of the last twelve months.
LAST_YEAR = dt.timedelta(days=365)


def _survey_rate(group: str, request: HttpRequest) -> str:
    return settings.RATE_LIMIT_FEEDBACK


def _invitation_or_closed(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    """The open invitation, in the family's language unless they chose another on the site;
    else the page for a link that is closed or was never right (404, the same for both)."""
    try:
        invitation = selectors.invitation_for_survey(token, now=timezone.now())
    except Http404:
        return render(request, "feedback/closed.html", status=404)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = translation.get_language()
    return invitation


@never_cache
@ratelimit(key="ip", rate=_survey_rate, method="POST")
@require_http_methods(["GET", "HEAD", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_closed(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    if selectors.invitation_answered(invitation):
        return render(request, "feedback/already.html")
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answered = services.answer_give(
            invitation=invitation,
            helpfulness=form.cleaned_data["helpfulness"],
            told_story_once=form.cleaned_data["told_story_once"],
            better=form.cleaned_data["better"],
        )
        if not answered:  # another tab or tap got there first
            return render(request, "feedback/already.html")
        return redirect("feedback:thanks", token=invitation.token)
    return render(request, "feedback/survey.html", {"form": form, "invitation": invitation})


@never_cache
@require_http_methods(["GET", "HEAD"])
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation_or_closed(request, token)
    if isinstance(invitation, HttpResponse):
        return invitation
    if not selectors.invitation_answered(invitation):
        return redirect("feedback:survey", token=invitation.token)
    return render(request, "feedback/thanks.html")


@login_required
@require_http_methods(["GET", "HEAD"])
def comments(request: HttpRequest) -> HttpResponse:
    """What families said could be better, for the council, by date and locality."""
    councils = rules.comment_councils(request.user)
    if not councils:
        raise PermissionDenied
    council = councils[0]
    question = request.GET.copy()
    today = timezone.localdate()
    question.setdefault("starts", (today - LAST_YEAR).strftime("%d/%m/%Y"))
    question.setdefault("ends", today.strftime("%d/%m/%Y"))
    form = CommentsForm(question, local_authority_id=council)
    page = None
    if form.is_valid():
        locality = form.cleaned_data["locality"]
        answers = selectors.comment_answers(
            local_authority_id=council,
            locality_id=locality.pk if locality else None,
            starts=form.cleaned_data["starts"],
            ends=form.cleaned_data["ends"],
        )
        page = Paginator(answers, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
        services.comments_seen(
            by=request.user,  # type: ignore[arg-type]  # login_required: a member of staff
            invitations=[answer.invitation for answer in shown],
        )
        page.object_list = [selectors.comment_of(answer) for answer in shown]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/comments.html",
        {"form": form, "page_obj": page, "querystring": params.urlencode()},
    )
