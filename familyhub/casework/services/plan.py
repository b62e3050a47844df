"""The family plan: needs against the Supporting Families outcomes, SMART actions owned by members
of the Team Around the Family, and the reviews that score each need against its baseline.

Who may do what (casework.rules):
  * a need: the lead professional or any member of the team, while the episode is open;
  * an action: the lead professional assigns actions to any member of the team; any other member
    adds actions they own themselves;
  * an action's progress: only its owner, or the lead professional ("each member updates their
    own actions");
  * a review and the review interval: a review is run by the lead or a locality manager
    (`may_run`); the interval between reviews is the lead's to set, 2 to 26 weeks.

Every change is one transaction with its audit event, recorded against the episode (and so the
family) with what changed in its details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from familyhub.accounts.models import User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import (
    Episode,
    EpisodeEvent,
    Outcome,
    PlanAction,
    PlanNeed,
    Review,
    ReviewScore,
    TeamMember,
)
from familyhub.casework.rules import (
    may_add_action_for,
    may_run,
    may_set_review_interval,
    may_update_action,
    may_work_on,
)

SCORE_MIN, SCORE_MAX = 1, 10
INTERVAL_MIN_WEEKS, INTERVAL_MAX_WEEKS = 2, 26
DEFAULT_INTERVAL_WEEKS = 12


def _check_score(score: object, what: str) -> int:
    if not isinstance(score, int) or isinstance(score, bool) or not SCORE_MIN <= score <= SCORE_MAX:
        raise ValidationError(_("%(what)s must be a whole number from 1 to 10") % {"what": what})
    return score


def _audit(episode: Episode, by: User, details: dict) -> None:
    audit_record(actor=by, action=AuditEvent.Action.CHANGE, record=episode, details=details)


@transaction.atomic
def need_add(
    episode: Episode, *, outcome: str, description: str, baseline_score: int, by: User
) -> PlanNeed:
    """A need in the plan, under one headline outcome, with its score at the start."""
    if not may_work_on(by, episode):
        raise PermissionDenied
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome from the list"))
    description = description.strip()
    if not description:
        raise ValidationError(_("Describe the need"))
    _check_score(baseline_score, _("The score at the start"))
    need = PlanNeed.objects.create(
        episode=episode, outcome=outcome, description=description, baseline_score=baseline_score
    )
    _audit(
        episode,
        by,
        {"plan": "need_added", "need": need.pk, "outcome": outcome, "baseline": baseline_score},
    )
    return need


@transaction.atomic
def action_add(
    need: PlanNeed, *, description: str, owner: TeamMember, due_on: dt.date, by: User
) -> PlanAction:
    """A SMART action for a need. The lead assigns it to any current member of the team; any
    other member may only add actions they own themselves."""
    episode = need.episode
    if owner.episode_id != episode.pk or owner.left_on is not None:
        raise ValidationError(_("Choose someone in the Team Around the Family"))
    if not may_add_action_for(by, episode, owner):
        raise PermissionDenied
    description = description.strip()
    if not description:
        raise ValidationError(_("Describe the action"))
    action = PlanAction.objects.create(
        need=need, description=description, owner=owner, due_on=due_on
    )
    _audit(
        episode,
        by,
        {
            "plan": "action_added",
            "need": need.pk,
            "action": action.pk,
            "owner": owner.worker_id,
            "due_on": due_on.isoformat(),
        },
    )
    return action


@transaction.atomic
def action_update(action: PlanAction, *, status: str, update: str, by: User) -> PlanAction:
    """Progress on an action: its owner's (or the lead professional's) to record, nobody else's."""
    if not may_update_action(by, action):
        raise PermissionDenied
    if status not in PlanAction.Status.values:
        raise ValidationError(_("Choose a status from the list"))
    before = action.status
    action.status = status
    action.update = update.strip()
    action.save(update_fields=["status", "update", "updated_at"])
    _audit(
        action.need.episode,
        by,
        {"plan": "action_updated", "action": action.pk, "from": before, "to": status},
    )
    return action


@transaction.atomic
def review_record(
    episode: Episode, *, held_on: dt.date, scores: Mapping[int, int], summary: str, by: User
) -> Review:
    """A review of the plan: a score for every need (no more, no fewer), and the next review
    falls due one interval after this one."""
    if not may_run(by, episode):
        raise PermissionDenied
    need_ids = set(episode.needs.values_list("pk", flat=True))
    if not need_ids:
        raise ValidationError(_("Add a need to the plan before reviewing it"))
    given = {int(k): v for k, v in scores.items()}
    if set(given) != need_ids:
        raise ValidationError(_("Score every need in the plan"))
    for score in given.values():
        _check_score(score, _("A score"))
    review = Review.objects.create(episode=episode, held_on=held_on, summary=summary.strip())
    ReviewScore.objects.bulk_create(
        ReviewScore(review=review, need_id=need_id, score=score)
        for need_id, score in sorted(given.items())
    )
    episode.next_review_due = held_on + dt.timedelta(weeks=episode.review_interval_weeks)
    episode.save(update_fields=["next_review_due", "modified"])
    EpisodeEvent.objects.create(episode=episode, kind=EpisodeEvent.Kind.REVIEWED, on=held_on, by=by)
    _audit(
        episode,
        by,
        {
            "plan": "reviewed",
            "review": review.pk,
            "held_on": held_on.isoformat(),
            "scores": {str(k): v for k, v in sorted(given.items())},
            "next_review_due": episode.next_review_due.isoformat(),
        },
    )
    return review


@transaction.atomic
def episode_review_interval_set(episode: Episode, *, weeks: int, by: User) -> Episode:
    """How often the plan is reviewed (2 to 26 weeks). The next review moves to one new interval
    after the last review, or after the episode opened if there has been none."""
    if not may_set_review_interval(by, episode):
        raise PermissionDenied
    if not isinstance(weeks, int) or not INTERVAL_MIN_WEEKS <= weeks <= INTERVAL_MAX_WEEKS:
        raise ValidationError(_("The time between reviews must be from 2 to 26 weeks"))
    before = episode.review_interval_weeks
    last = episode.reviews.order_by("-held_on").values_list("held_on", flat=True).first()
    episode.review_interval_weeks = weeks
    episode.next_review_due = (last or episode.opened_on) + dt.timedelta(weeks=weeks)
    episode.save(update_fields=["review_interval_weeks", "next_review_due", "modified"])
    _audit(
        episode,
        by,
        {
            "plan": "review_interval_set",
            "from": before,
            "to": weeks,
            "next_review_due": episode.next_review_due.isoformat(),
        },
    )
    return episode


# Reading progress. These read need.scores.all(), so a page that prefetches
# "needs__scores__review" (selectors.episode_plan) asks nothing more per need.


def progress(need: PlanNeed) -> list[tuple[dt.date, int]]:
    """The need's scores at each review, oldest first."""
    return sorted(((s.review.held_on, s.score) for s in need.scores.all()), key=lambda p: p[0])


def latest_score(need: PlanNeed) -> int | None:
    scores = progress(need)
    return scores[-1][1] if scores else None


def change(need: PlanNeed) -> int | None:
    """Baseline minus the latest score: positive is better (10 is severe, 1 no worries)."""
    latest = latest_score(need)
    return None if latest is None else need.baseline_score - latest


def is_overdue(action: PlanAction, today: dt.date) -> bool:
    return action.status != PlanAction.Status.DONE and action.due_on < today


def review_is_overdue(episode: Episode, today: dt.date) -> bool:
    return episode.next_review_due is not None and episode.next_review_due < today
