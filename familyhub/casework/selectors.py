"""Reading casework for pages: caseloads and the family plan.

Every list here is read in a fixed number of queries however many episodes, needs or actions
there are: counts and flags are annotated in SQL, related rows are joined or prefetched. The
caseload benchmark (bench/caseload.py) and tests/casework/test_caseload.py hold them to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from familyhub.casework.models import Episode, PlanAction, PlanNeed, ReviewScore, TeamMember
from familyhub.casework.rules import locality_manager_authority_ids
from familyhub.families.rules import RecordKind, families_visible_to
from familyhub.frontdoor.models import SupportRequest
from familyhub.places.models import Locality

NOT_DONE = ~Q(status=PlanAction.Status.DONE)


def _with_caseload_columns(episodes: QuerySet[Episode], *, now: dt.datetime) -> QuerySet:
    """What a caseload is ordered and filtered by. Per-row details that need other tables are
    added to the page alone by `caseload_page_details`: computed for every open episode in a
    council, they made a page take a second at 20,000 episodes."""
    today = timezone.localdate(now)
    return (
        episodes.select_related("family", "lead_professional", "locality")
        .annotate(
            review_overdue=ExpressionWrapper(
                Q(next_review_due__lt=today), output_field=BooleanField()
            )
        )
        .order_by(F("next_review_due").asc(nulls_last=True), "opened_on", "pk")
    )


def caseload_page_details(episodes: list[Episode], user, *, now: dt.datetime) -> list[Episode]:
    """For one page of a caseload: whether the user may see each family (its name is shown only
    then) and how many actions are overdue. Two queries, whatever the page size."""
    today = timezone.localdate(now)
    family_ids = {episode.family_id for episode in episodes}
    visible = set(
        families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
        .filter(pk__in=family_ids)
        .values_list("pk", flat=True)
    )
    overdue = dict(
        PlanAction.objects.filter(
            NOT_DONE, need__episode__in=[episode.pk for episode in episodes], due_on__lt=today
        )
        .order_by()
        .values_list("need__episode")
        .annotate(n=Count("pk"))
    )
    for episode in episodes:
        episode.family_visible = episode.family_id in visible
        episode.overdue_actions = overdue.get(episode.pk, 0)
    return episodes


def my_caseload(user, *, now: dt.datetime) -> QuerySet[Episode]:
    """Open episodes the user leads or is a current member of the team of."""
    on_team = TeamMember.objects.filter(worker=user, left_on__isnull=True).values("episode_id")
    episodes = Episode.objects.filter(
        Q(lead_professional=user) | Q(pk__in=on_team), status=Episode.Status.OPEN
    )
    return _with_caseload_columns(episodes, now=now).annotate(
        i_lead=ExpressionWrapper(Q(lead_professional=user), output_field=BooleanField())
    )


def my_actions(user, *, now: dt.datetime) -> QuerySet[PlanAction]:
    """The user's unfinished actions in open episodes: overdue first, then by due date."""
    today = timezone.localdate(now)
    return (
        PlanAction.objects.filter(
            NOT_DONE,
            owner__worker=user,
            owner__left_on__isnull=True,
            need__episode__status=Episode.Status.OPEN,
        )
        .select_related("need__episode__family")
        .annotate(overdue=ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField()))
        .order_by("-overdue", "due_on", "pk")
    )


def actions_page_details(actions: list[PlanAction], user, *, now: dt.datetime) -> list:
    """Whether the user may see each shown action's family: one query for the lot."""
    visible = set(
        families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
        .filter(pk__in={action.need.episode.family_id for action in actions})
        .values_list("pk", flat=True)
    )
    for action in actions:
        action.family_visible = action.need.episode.family_id in visible
    return actions


@dataclass
class LocalityFilters:
    locality: int | None = None
    lead: int | None = None
    overdue_reviews: bool = False
    overdue_actions: bool = False


def locality_caseload(
    user, *, now: dt.datetime, filters: LocalityFilters | None = None
) -> QuerySet[Episode]:
    """Every open episode in the councils where the user is a locality manager, filtered."""
    filters = filters or LocalityFilters()
    today = timezone.localdate(now)
    episodes = Episode.objects.filter(
        status=Episode.Status.OPEN,
        local_authority_id__in=locality_manager_authority_ids(user),
    )
    if filters.locality:
        episodes = episodes.filter(locality_id=filters.locality)
    if filters.lead:
        episodes = episodes.filter(lead_professional_id=filters.lead)
    if filters.overdue_reviews:
        episodes = episodes.filter(next_review_due__lt=today)
    if filters.overdue_actions:
        episodes = episodes.filter(
            Exists(
                PlanAction.objects.filter(NOT_DONE, need__episode=OuterRef("pk"), due_on__lt=today)
            )
        )
    return _with_caseload_columns(episodes, now=now)


def locality_filter_choices(user) -> tuple[QuerySet[Locality], QuerySet]:
    """The localities and the lead professionals (of open episodes) a manager can filter by."""
    authority_ids = locality_manager_authority_ids(user)
    localities = Locality.objects.filter(local_authority_id__in=authority_ids).order_by("name")
    leads = (
        get_user_model()
        .objects.filter(
            led_episodes__status=Episode.Status.OPEN,
            led_episodes__local_authority_id__in=authority_ids,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
    return localities, leads


def unallocated_requests(user) -> dict:
    """Requests waiting for triage in the manager's councils: how many, and since when."""
    return SupportRequest.objects.filter(
        local_authority_id__in=locality_manager_authority_ids(user),
        status=SupportRequest.Status.NEW,
    ).aggregate(count=Count("pk"), oldest=Min("submitted_at"))


def plan_needs(episode: Episode) -> list[PlanNeed]:
    """The plan's needs by outcome, each with its scores (and their reviews) and its actions
    (with their owners) prefetched: three queries however big the plan."""
    return list(
        episode.needs.order_by("outcome", "pk").prefetch_related(
            Prefetch("scores", queryset=ReviewScore.objects.select_related("review")),
            Prefetch(
                "actions",
                queryset=PlanAction.objects.select_related(
                    "owner__worker", "owner__organisation"
                ).order_by("due_on", "pk"),
            ),
        )
    )


def current_team(episode: Episode) -> list[TeamMember]:
    return list(
        episode.team.filter(left_on__isnull=True)
        .select_related("worker", "organisation")
        .order_by("worker__first_name", "worker__last_name", "pk")
    )
