"""The family plan page (needs by outcome, progress against baseline, actions and who owns them),
one view for each change made from it (a need, an action, an action's progress, the time between
reviews), and the review page. Sight follows the family record: an episode the user may not see
is a 404; one they may see but not work on is a 403. A change that is not valid shows the plan
again with the form as it was sent and its errors."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familyhub.casework.forms.plan import (
    ActionForm,
    ActionUpdateForm,
    IntervalForm,
    NeedForm,
    ReviewForm,
)
from familyhub.casework.models import Episode, Outcome, PlanNeed, TeamMember
from familyhub.casework.rules import (
    may_assign_action_to,
    may_read_casework,
    may_run,
    may_set_review_interval,
    may_update_action,
    may_work_on,
)
from familyhub.casework.selectors import (
    current_team,
    current_team_members,
    episode_get_for_user,
    needs_by_outcome,
    plan_action_get,
    plan_needs,
    recent_reviews,
)
from familyhub.casework.services import plan as plan_services
from familyhub.casework.views.base import audit_view


def _readable_episode(request: HttpRequest, pk) -> Episode:
    episode = episode_get_for_user(request.user, pk)
    if not may_read_casework(request.user, episode):
        raise PermissionDenied
    return episode


def _owner_ids(user, episode: Episode, team: list[TeamMember]) -> list[int]:
    """Whom in the team the user may give an action to: anyone for the lead, else themselves."""
    return [member.pk for member in team if may_assign_action_to(user, episode, member)]


def _need_rows(needs: list[PlanNeed], today: dt.date) -> list[dict]:
    """Needs grouped by outcome, each with its progress and its actions (overdue marked)."""
    labels = dict(Outcome.choices)
    groups: dict[str, dict] = {}
    for need in needs:
        latest = plan_services.latest_score(need)
        current = latest if latest is not None else need.baseline_score
        span = plan_services.SCORE_MAX - plan_services.SCORE_MIN
        row = {
            "need": need,
            "progress": plan_services.progress(need),
            "latest": latest,
            "change": plan_services.change(need),
            "worse_by": -(plan_services.change(need) or 0),
            # The bar fills as worry falls: 10 (severe) is empty, 1 (no worries) is full.
            "bar_percent": round(100 * (plan_services.SCORE_MAX - current) / span),
            "actions": [
                (action, plan_services.is_overdue(action, today)) for action in need.actions.all()
            ],
        }
        groups.setdefault(need.outcome, {"label": labels[need.outcome], "needs": []})
        groups[need.outcome]["needs"].append(row)
    return list(groups.values())


def _with_update_forms(request, groups: list[dict], sent: ActionUpdateForm | None) -> None:
    """An update form for each action the user may keep up to date (their own, or all of them
    for the lead): the one just sent, as it was, or a fresh one."""
    for group in groups:
        for row in group["needs"]:
            row["actions"] = [
                (action, overdue, _update_form(request.user, action, sent))
                for action, overdue in row["actions"]
            ]


def _update_form(user, action, sent: ActionUpdateForm | None) -> ActionUpdateForm | None:
    if sent is not None and sent.prefix == f"update-{action.pk}":
        return sent
    if not may_update_action(user, action):
        return None
    return ActionUpdateForm(
        action=action, initial={"status": action.status, "update": action.update}
    )


def _plan_page(
    request: HttpRequest,
    episode: Episode,
    *,
    need_form: NeedForm | None = None,
    action_form: ActionForm | None = None,
    interval_form: IntervalForm | None = None,
    update_form: ActionUpdateForm | None = None,
) -> HttpResponse:
    """The plan, with any form just sent (and not valid) in place of its fresh one."""
    user = request.user
    today = timezone.localdate()
    may_work = may_work_on(user, episode)
    team = current_team(episode)
    owner_ids = _owner_ids(user, episode, team)
    with transaction.atomic():
        needs = plan_needs(episode)
        audit_view(user, episode, "plan")
        reviews = recent_reviews(episode)
    groups = _need_rows(needs, today)
    _with_update_forms(request, groups, update_form)
    if need_form is None:
        need_form = NeedForm(prefix="need")
    if action_form is None:
        owners = current_team_members(episode, pks=owner_ids)
        action_form = ActionForm(prefix="action", episode=episode, owners=owners)
    if interval_form is None:
        initial = {"weeks": episode.review_interval_weeks}
        interval_form = IntervalForm(prefix="interval", initial=initial)
    return render(
        request,
        "casework/plan.html",
        {
            "episode": episode,
            "family": episode.family,
            "groups": groups,
            "team": team,
            "reviews": reviews,
            "review_overdue": plan_services.review_is_overdue(episode, today),
            "need_form": need_form,
            "action_form": action_form,
            "interval_form": interval_form,
            "may_work": may_work,
            "may_add_actions": may_work and bool(owner_ids) and bool(needs),
            "may_review": may_run(user, episode),
            "may_set_interval": may_set_review_interval(user, episode),
            "has_errors": bool(
                need_form.errors
                or action_form.errors
                or interval_form.errors
                or (update_form is not None and update_form.errors)
            ),
        },
    )


def _back_to_plan(request: HttpRequest, episode: Episode, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("casework:plan", episode.pk)


@login_required
@require_safe
def plan(request: HttpRequest, pk) -> HttpResponse:
    return _plan_page(request, _readable_episode(request, pk))


@login_required
@require_POST
def need_add(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    if not may_work_on(request.user, episode):
        raise PermissionDenied
    form = NeedForm(request.POST, prefix="need")
    if not form.is_valid():
        return _plan_page(request, episode, need_form=form)
    plan_services.need_add(episode, by=request.user, **form.cleaned_data)
    return _back_to_plan(request, episode, _("Need added to the plan"))


@login_required
@require_POST
def action_add(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    owner_ids = _owner_ids(request.user, episode, current_team(episode))
    if not may_work_on(request.user, episode) or not owner_ids:
        raise PermissionDenied
    owners = current_team_members(episode, pks=owner_ids)
    form = ActionForm(request.POST, prefix="action", episode=episode, owners=owners)
    if not form.is_valid():
        return _plan_page(request, episode, action_form=form)
    data = form.cleaned_data
    plan_services.action_add(
        data["need"],
        description=data["description"],
        owner=data["owner"],
        due_on=data["due_on"],
        by=request.user,
    )
    return _back_to_plan(request, episode, _("Action added to the plan"))


@login_required
@require_POST
def action_update(request: HttpRequest, pk, action_pk: int) -> HttpResponse:
    episode = _readable_episode(request, pk)
    action = plan_action_get(episode, action_pk)
    if not may_update_action(request.user, action):
        raise PermissionDenied
    form = ActionUpdateForm(request.POST, action=action)
    if not form.is_valid():
        return _plan_page(request, episode, update_form=form)
    plan_services.action_update(action, by=request.user, **form.cleaned_data)
    return _back_to_plan(request, episode, _("Action updated"))


@login_required
@require_POST
def review_interval_set(request: HttpRequest, pk) -> HttpResponse:
    episode = _readable_episode(request, pk)
    if not may_set_review_interval(request.user, episode):
        raise PermissionDenied
    form = IntervalForm(request.POST, prefix="interval")
    if not form.is_valid():
        return _plan_page(request, episode, interval_form=form)
    plan_services.episode_review_interval_set(
        episode, weeks=form.cleaned_data["weeks"], by=request.user
    )
    return _back_to_plan(request, episode, _("Time between reviews changed"))


@login_required
def review(request: HttpRequest, pk) -> HttpResponse:
    episode = episode_get_for_user(request.user, pk)
    if not may_run(request.user, episode):
        raise PermissionDenied
    needs = list(needs_by_outcome(episode))
    form = ReviewForm(request.POST or None, needs=needs, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        plan_services.review_record(
            episode,
            held_on=form.cleaned_data["held_on"],
            scores=form.scores(),
            summary=form.cleaned_data["summary"],
            by=request.user,
        )
        return _back_to_plan(request, episode, _("Review recorded"))
    return render(
        request,
        "casework/review.html",
        {"episode": episode, "family": episode.family, "form": form},
    )
