"""The Team Around the Family pages: who is in the team (add, remove) and its meetings."""

import contextlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from familyhub.casework import rules, selectors
from familyhub.casework.forms.team import MeetingForm, TeamMemberForm
from familyhub.casework.services import team as services
from familyhub.casework.views.base import errors_to_form, posted


@login_required
def team(request: HttpRequest, pk) -> HttpResponse:
    episode = selectors.episode_get_for_user(request.user, pk)
    may_manage = rules.may_manage_team(request.user, episode)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = TeamMemberForm(posted(request), episode=episode) if may_manage else None
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            services.team_member_add(
                episode=episode,
                worker=membership.user,
                organisation=membership.organisation,
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:team", pk=episode.pk)
    members = selectors.team_history(episode)
    return render(
        request,
        "casework/team.html",
        {
            "episode": episode,
            "family": episode.family,
            "form": form,
            "current_team": [m for m in members if m.left_on is None],
            "past_team": [m for m in members if m.left_on is not None],
            "may_manage": may_manage,
            "may_work_on": rules.may_work_on(request.user, episode),
        },
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, pk, member_pk: int) -> HttpResponse:
    episode = selectors.episode_get_for_user(request.user, pk)
    member = selectors.team_member_get(episode, member_pk)
    if not rules.may_manage_team(request.user, episode):
        raise PermissionDenied
    # Already left, or the lead: either way the page shows the team as it is.
    with contextlib.suppress(ValidationError):
        services.team_member_remove(member=member, by=request.user)
    return redirect("casework:team", pk=episode.pk)


@login_required
def team_meeting(request: HttpRequest, pk) -> HttpResponse:
    episode = selectors.episode_get_for_user(request.user, pk)
    if not rules.may_work_on(request.user, episode):
        raise PermissionDenied
    form = MeetingForm(
        posted(request),
        episode=episode,
        initial={"held_on": timezone.localdate().strftime("%d/%m/%Y")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                episode=episode,
                held_on=form.cleaned_data["held_on"],
                attended=list(form.cleaned_data["attended"]),
                family_attended=form.cleaned_data["family_attended"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request,
        "casework/team_meeting.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
