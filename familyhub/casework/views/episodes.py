"""Episode pages: the episode itself, its handover summary, and the changes of state (step up,
step down, close, reassign). A user who may not see the episode gets 404; one who may see it
but not make the change gets 403. Every page read is on the audit trail."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from familyhub.casework import rules, selectors
from familyhub.casework.forms.episodes import CloseForm, ReassignForm, StepDownForm, StepUpForm
from familyhub.casework.services import episodes as services
from familyhub.casework.views.base import audit_view, errors_to_form, posted
from familyhub.families.rules import RecordKind
from familyhub.families.selectors import family_get_for_user


@login_required
def episode_list(request: HttpRequest) -> HttpResponse:
    """Open episodes the user leads or is in the team of; a locality manager sees all the open
    episodes they may see."""
    episodes = selectors.episodes_open_for(request.user, now=timezone.now())
    return render(request, "casework/episode_list.html", {"episodes": episodes})


@login_required
def episode_detail(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = selectors.episode_get_for_user(request.user, pk)
        audit_view(request.user, episode, "episode")
        team = selectors.team_history(episode)
        meetings = selectors.team_meetings(episode)
        events = selectors.episode_events(episode)
    return render(
        request,
        "casework/episode.html",
        {
            "episode": episode,
            "family": episode.family,
            "current_team": [m for m in team if m.left_on is None],
            "past_team": [m for m in team if m.left_on is not None],
            "meetings": meetings,
            "events": events,
            "may_run": rules.may_run(request.user, episode),
            "may_work_on": rules.may_work_on(request.user, episode),
            "may_reassign": rules.may_reassign(request.user, episode),
        },
    )


@login_required
def episode_handover(request: HttpRequest, pk, event_pk: int) -> HttpResponse:
    """The handover summary given to children's social care, printable."""
    with transaction.atomic():
        episode = selectors.episode_get_for_user(request.user, pk)
        event = selectors.stepped_up_event_get(episode, event_pk)
        audit_view(request.user, episode, "handover")
    return render(request, "casework/episode_handover.html", {"episode": episode, "event": event})


@login_required
def step_up(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = selectors.episode_get_for_user(request.user, pk)
        if not rules.may_run(request.user, episode):
            raise PermissionDenied
        audit_view(request.user, episode, "step-up")
        summary = selectors.handover_summary_text(episode)
    form = StepUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.episode_step_up(
                episode=episode, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:handover", pk=episode.pk, event_pk=event.pk)
    return render(
        request,
        "casework/step_up.html",
        {"episode": episode, "family": episode.family, "form": form, "summary": summary},
    )


@login_required
def step_down(request: HttpRequest, family_pk) -> HttpResponse:
    """From a family's record: children's social care steps the family down into early help."""
    family = family_get_for_user(
        request.user, family_pk, kind=RecordKind.PEOPLE, now=timezone.now()
    )
    if not rules.may_step_down(request.user, family.local_authority_id):
        raise PermissionDenied
    form = StepDownForm(posted(request), local_authority_id=family.local_authority_id)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["lead"]
        try:
            episode = services.episode_step_down(
                family=family,
                lead_professional=membership.user,
                lead_organisation=membership.organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    current = selectors.open_episode_of(family)
    return render(
        request, "casework/step_down.html", {"family": family, "form": form, "current": current}
    )


@login_required
def close(request: HttpRequest, pk) -> HttpResponse:
    with transaction.atomic():
        episode = selectors.episode_get_for_user(request.user, pk)
        if not rules.may_run(request.user, episode):
            raise PermissionDenied
        audit_view(request.user, episode, "close")
        needs = selectors.needs_in_order_added(episode)
    form = CloseForm(posted(request), episode=episode, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                episode=episode,
                by=request.user,
                reason=form.cleaned_data["reason"],
                results=form.results(),
                family_adviser=form.cleaned_data["family_adviser"].worker,
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request, "casework/close.html", {"episode": episode, "family": episode.family, "form": form}
    )


@login_required
def reassign(request: HttpRequest, pk) -> HttpResponse:
    episode = selectors.episode_get_for_user(request.user, pk)
    if not rules.may_reassign(request.user, episode):
        raise PermissionDenied
    form = ReassignForm(posted(request), episode=episode)
    if request.method == "POST" and form.is_valid():
        membership = form.cleaned_data["lead"]
        try:
            services.episode_reassign(
                episode=episode,
                lead_professional=membership.user,
                lead_organisation=membership.organisation,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            return redirect("casework:episode", pk=episode.pk)
    return render(
        request,
        "casework/episode_reassign.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
