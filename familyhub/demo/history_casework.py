"""An early help episode lived through, step by step, through the casework services: the
assessment, the plan, reviews every twelve weeks, and then closure, step-up or still going.

Each step runs at its own moment (`at`), so an episode opened ten months ago has the history
ten months of work would leave."""

import datetime as dt
import random
from collections.abc import Callable
from contextlib import AbstractContextManager

from django.utils import timezone

from familyhub.accounts.models import User
from familyhub.casework.areas import AREAS
from familyhub.casework.models import Episode, Outcome, PlanAction, PlanNeed
from familyhub.casework.services.assessment import (
    assessment_complete,
    assessment_save,
    assessment_start,
    voice_children,
    voice_key,
)
from familyhub.casework.services.episodes import episode_close, episode_step_up
from familyhub.casework.services.plan import action_add, action_update, need_add, review_record

Clock = Callable[[dt.datetime], AbstractContextManager]

NEEDS = [
    (Outcome.HEALTH, "Mum's low mood since the baby was born"),
    (Outcome.HOUSING, "The flat is damp and overcrowded"),
    (Outcome.EDUCATION, "Attendance at school has dropped below 80%"),
    (Outcome.FINANCES, "Rent arrears and debts are growing"),
    (Outcome.RELATIONSHIPS, "Arguments at home; bedtimes and mornings break down"),
]
ACTIONS = [
    "Refer to the perinatal mental health service",
    "Ask the landlord to treat the damp and check the heating",
    "Meet the school's attendance officer with the family",
    "Book an appointment with the debt advice service",
    "Join the six-week parenting course at the hub",
    "Apply for the Household Support Fund",
]
REVIEW_WEEKS = 12
# The odds that an episode closes after its first, second and third review: most families are
# helped within six to nine months.
CLOSING_ODDS = {1: 0.35, 2: 0.7, 3: 1.0}


def assess(episode: Episode, lead: User, rng: random.Random) -> None:
    assessment = assessment_start(episode, lead)
    changes: dict = {f"{area.field_prefix}__score": rng.randint(2, 8) for area in AREAS}
    children = voice_children(assessment)
    if children:
        changes[voice_key(children[0].pk)] = "I like my teacher but home is noisy."
    changes |= {
        "analysis": "Warm relationships; worries about money, housing and low mood together.",
        "consent_recorded": True,
    }
    saved = assessment_save(assessment=assessment, base_version=1, changes=changes, by=lead)
    assessment_complete(saved, saved.version, lead)


def plan(episode: Episode, lead: User, rng: random.Random, today: dt.date) -> list[PlanNeed]:
    owner = episode.team.get(worker=lead, left_on__isnull=True)
    needs = []
    for outcome, description in rng.sample(NEEDS, k=rng.choice([1, 2, 3])):
        need = need_add(
            episode,
            outcome=outcome,
            description=description,
            baseline_score=rng.randint(6, 9),
            by=lead,
        )
        for description in rng.sample(ACTIONS, k=2):
            action_add(
                need,
                description=description,
                owner=owner,
                due_on=today + dt.timedelta(days=rng.randint(7, 42)),
                by=lead,
            )
        needs.append(need)
    return needs


def review(
    episode: Episode, needs: list[PlanNeed], lead: User, rng: random.Random, today: dt.date
) -> None:
    for action in PlanAction.objects.filter(need__in=needs, status=PlanAction.Status.NOT_STARTED):
        if rng.random() < 0.7:
            action_update(
                action, status=PlanAction.Status.DONE, update="Done with the family.", by=lead
            )
    review_record(
        episode,
        held_on=today,
        scores={need.pk: rng.randint(2, 7) for need in needs},
        summary="Good progress on routines; money worries remain.",
        by=lead,
    )


def close(episode: Episode, needs: list[PlanNeed], lead: User, rng: random.Random) -> None:
    results = {
        need.pk: rng.choice(
            [PlanNeed.Result.ACHIEVED, PlanNeed.Result.ACHIEVED, PlanNeed.Result.PARTLY]
        )
        for need in needs
    }
    episode_close(
        episode=episode,
        by=lead,
        reason=Episode.ClosureReason.OUTCOMES_MET,
        results=results,
        family_adviser=lead,
    )


def live_through(
    episode: Episode, *, lead: User, rng: random.Random, now: dt.datetime, at: Clock
) -> str:
    """Take the episode as far as the time since it opened allows; return the stage it reached
    ("open", "assessed", "planned", "reviewed", "closed" or "stepped_up")."""
    opened = dt.datetime.combine(episode.opened_on, dt.time(10), tzinfo=now.tzinfo)

    def moment(days: int) -> dt.datetime | None:
        when = opened + dt.timedelta(days=days)
        return when if when < now else None

    stage = "open"
    if (when := moment(rng.randint(14, 35))) is None:
        return stage
    with at(when):
        assess(episode, lead, rng)
        needs = plan(episode, lead, rng, timezone.localdate())
    stage = "planned"
    if rng.random() < 0.06 and (when := moment(rng.randint(40, 90))):
        with at(when):
            episode_step_up(
                episode=episode,
                by=lead,
                reason="A disclosure at school: a social work assessment is needed.",
            )
        return "stepped_up"
    days = 0
    for review_number in range(1, 4):
        days = 35 + REVIEW_WEEKS * 7 * review_number
        if (when := moment(days)) is None:
            return stage
        with at(when):
            review(episode, needs, lead, rng, timezone.localdate())
        stage = "reviewed"
        if rng.random() < CLOSING_ODDS[review_number]:
            with at(when + dt.timedelta(days=1)):
                close(episode, needs, lead, rng)
            return "closed"
    return stage
