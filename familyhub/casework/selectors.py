"""Reading casework for pages: episodes, caseloads, the family plan and the handover summary.

Every list here is read in a fixed number of queries however many episodes, needs or actions
there are: counts and flags are annotated in SQL, related rows are joined or prefetched. The
caseload benchmark (bench/caseload.py) and tests/casework/test_caseload.py hold them to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
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
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from familyhub.accounts.models import Membership, User
from familyhub.casework.models import (
    Assessment,
    AssessmentArea,
    Episode,
    EpisodeEvent,
    PlanAction,
    PlanNeed,
    Review,
    ReviewScore,
    TeamMeeting,
    TeamMember,
)
from familyhub.casework.rules import (
    episodes_visible_to,
    lead_professional_memberships,
    locality_manager_authority_ids,
    manages_a_locality,
)
from familyhub.families.models import ChronologyEvent, Family, Involvement
from familyhub.families.models import Membership as HouseholdMember
from familyhub.families.rules import CASEWORK_ROLES, RecordKind, can_see, families_visible_to
from familyhub.families.selectors import members_of
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


def caseload_page_details(
    episodes: list[Episode], user: User | AnonymousUser, *, now: dt.datetime
) -> list[Episode]:
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
        # Columns for the caseload page, set on the rows it shows.
        episode.family_visible = episode.family_id in visible  # type: ignore[attr-defined]
        episode.overdue_actions = overdue.get(episode.pk, 0)  # type: ignore[attr-defined]
    return episodes


def my_caseload(user: User, *, now: dt.datetime) -> QuerySet[Episode]:
    """Open episodes the user leads or is a current member of the team of."""
    on_team = TeamMember.objects.filter(worker=user, left_on__isnull=True).values("episode_id")
    episodes = Episode.objects.filter(
        Q(lead_professional=user) | Q(pk__in=on_team), status=Episode.Status.OPEN
    )
    return _with_caseload_columns(episodes, now=now).annotate(
        i_lead=ExpressionWrapper(Q(lead_professional=user), output_field=BooleanField())
    )


def new_allocations(user: User, *, since: dt.date) -> QuerySet[Episode]:
    """Open episodes the user was made lead professional of on or after the date."""
    return Episode.objects.filter(
        lead_professional=user, status=Episode.Status.OPEN, opened_on__gte=since
    ).select_related("family")


def my_actions(user: User, *, now: dt.datetime) -> QuerySet[PlanAction]:
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


def actions_page_details(
    actions: list[PlanAction], user: User | AnonymousUser, *, now: dt.datetime
) -> list:
    """Whether the user may see each shown action's family: one query for the lot."""
    visible = set(
        families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
        .filter(pk__in={action.need.episode.family_id for action in actions})
        .values_list("pk", flat=True)
    )
    for action in actions:
        action.family_visible = action.need.episode.family_id in visible  # type: ignore[attr-defined]
    return actions


@dataclass
class LocalityFilters:
    locality: int | None = None
    lead: int | None = None
    overdue_reviews: bool = False
    overdue_actions: bool = False


def locality_caseload(
    user: User | AnonymousUser, *, now: dt.datetime, filters: LocalityFilters | None = None
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


def caseloads_per_lead(user: User | AnonymousUser, *, now: dt.datetime) -> QuerySet:
    """For a locality manager: each lead professional's open episodes and overdue reviews, the
    largest caseload first (rows of lead's id, names, `open` and `reviews_overdue`)."""
    today = timezone.localdate(now)
    return (
        Episode.objects.filter(
            status=Episode.Status.OPEN,
            local_authority_id__in=locality_manager_authority_ids(user),
        )
        .values(
            "lead_professional",
            "lead_professional__first_name",
            "lead_professional__last_name",
            "lead_professional__email",
        )
        .annotate(
            open=Count("pk"),
            reviews_overdue=Count("pk", filter=Q(next_review_due__lt=today)),
        )
        .order_by("-open", "lead_professional__first_name", "lead_professional__email")
    )


def locality_filter_choices(user: User | AnonymousUser) -> tuple[QuerySet[Locality], QuerySet]:
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


def unallocated_requests(user: User | AnonymousUser) -> dict:
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


# Episodes


def episode_get_for_user(
    user: User | AnonymousUser, pk: UUID | str, *, now: dt.datetime | None = None
) -> Episode:
    """The episode, if the user may see it (episodes_visible_to: sight of its family's people);
    Http404 otherwise, so that an episode the user has no reason to see is not even known.

    Asked as "may they see this family" by the family's key rather than by filtering every
    visible episode: the same rule, which SQLite otherwise plans as a scan of all families."""
    episode = (
        Episode.objects.select_related(
            "family",
            "local_authority",
            "lead_professional",
            "lead_organisation",
            "locality",
            "family_adviser",
        )
        .filter(pk=pk)
        .first()
    )
    if episode is None or not can_see(
        user, episode.family, kind=RecordKind.PEOPLE, now=now or timezone.now()
    ):
        raise Http404
    return episode


def episodes_open_for(user: User, *, now: dt.datetime, limit: int = 200) -> list[Episode]:
    """Open episodes the user leads or is in the team of; a locality manager sees all the open
    episodes they may see."""
    visible = episodes_visible_to(user, now=now).filter(status=Episode.Status.OPEN)
    if not manages_a_locality(user):
        visible = visible.filter(team__worker=user, team__left_on__isnull=True).distinct()
    return list(
        visible.select_related("family", "lead_professional", "lead_organisation").order_by(
            "next_review_due", "opened_on"
        )[:limit]
    )


def open_episode_of(family: Family) -> Episode | None:
    """The family's open episode, with its lead professional and their organisation."""
    return (
        family.episodes.filter(status=Episode.Status.OPEN)
        .select_related("lead_professional", "lead_organisation")
        .first()
    )


def episode_events(episode: Episode) -> list[EpisodeEvent]:
    return list(episode.events.select_related("by"))


def stepped_up_event_get(episode: Episode, event_pk: int) -> EpisodeEvent:
    """The step-up (with its handover summary) of this episode; Http404 for any other event."""
    event = (
        episode.events.select_related("by")
        .filter(pk=event_pk, kind=EpisodeEvent.Kind.STEPPED_UP)
        .first()
    )
    if event is None:
        raise Http404
    return event


def lead_choices(
    local_authority_id: str, *, excluding_user_id: int | None = None
) -> QuerySet[Membership]:
    """The lead professionals a form offers (lead_professional_memberships), by name."""
    memberships = lead_professional_memberships(local_authority_id)
    if excluding_user_id is not None:
        memberships = memberships.exclude(user_id=excluding_user_id)
    return memberships.order_by("user__first_name", "user__last_name", "organisation__name")


# The Team Around the Family


def team_history(episode: Episode) -> list[TeamMember]:
    """Everyone who has been in the team, current or not, in the order they joined."""
    return list(episode.team.select_related("worker", "organisation").order_by("joined_on"))


def current_team_members(episode: Episode, *, pks: list[int] | None = None) -> QuerySet[TeamMember]:
    """The current team (or those of it with these keys), for a form's choices."""
    members = episode.team.filter(left_on__isnull=True).select_related("worker", "organisation")
    return members if pks is None else members.filter(pk__in=pks)


def team_member_get(episode: Episode, member_pk: int) -> TeamMember:
    member = episode.team.filter(pk=member_pk).first()
    if member is None:
        raise Http404
    return member


def team_candidates(episode: Episode) -> QuerySet[Membership]:
    """Who may join the team: anyone working with families in the council, not in it already."""
    in_team = episode.team.filter(left_on__isnull=True).values("worker_id")
    return (
        Membership.objects.filter(
            role__in=CASEWORK_ROLES, organisation__local_authority_id=episode.local_authority_id
        )
        .exclude(user_id__in=in_team)
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__first_name", "user__last_name")
    )


def team_meetings(episode: Episode) -> list[TeamMeeting]:
    return list(episode.meetings.prefetch_related("attended__worker"))


# The plan


def needs_by_outcome(episode: Episode) -> QuerySet[PlanNeed]:
    return episode.needs.order_by("outcome", "pk")


def needs_in_order_added(episode: Episode) -> list[PlanNeed]:
    return list(episode.needs.order_by("pk"))


def plan_action_get(episode: Episode, action_pk: int) -> PlanAction:
    """An action in this episode's plan, with what may_update_action asks of it; else Http404."""
    action = (
        PlanAction.objects.select_related("need__episode", "owner")
        .filter(pk=action_pk, need__episode=episode)
        .first()
    )
    if action is None:
        raise Http404
    return action


def recent_reviews(episode: Episode, *, count: int = 5) -> list[Review]:
    return list(episode.reviews.all()[:count])


# The handover summary for children's social care (casework/handover_summary.txt)

CHRONOLOGY_IN_HANDOVER = 10
HANDOVER_TEMPLATE = "casework/handover_summary.txt"


@dataclass(frozen=True)
class HandoverPerson:
    membership: HouseholdMember
    # Age on the day of the summary; None with no date of birth (not born yet).
    years: int | None
    months: int | None


@dataclass(frozen=True)
class HandoverNeed:
    need: PlanNeed
    latest: int | None  # the score at the latest review; None before the first


@dataclass(frozen=True)
class Handover:
    """What social care needs to know, from the record: the household with ages, who is
    involved, the latest assessment's needs and scores, the plan, and recent chronology."""

    episode: Episode
    household: list[HandoverPerson]
    involvements: list[Involvement]
    assessment: Assessment | None
    assessment_areas: list[AssessmentArea]
    needs: list[HandoverNeed]
    chronology: list[ChronologyEvent]


def _age(born: dt.date | None, today: dt.date) -> tuple[int | None, int | None]:
    """Whole years and whole months (never below 0) between born and today."""
    if born is None:
        return None, None
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return years, max(months, 0)


def _handover_assessment(episode: Episode) -> Assessment | None:
    """The latest completed assessment, or else the draft saved last."""
    return (
        episode.assessments.filter(status=Assessment.Status.COMPLETED)
        .order_by("-completed_on", "-pk")
        .first()
        or episode.assessments.order_by("-updated_at").first()
    )


def handover_for(episode: Episode, *, today: dt.date) -> Handover:
    family = episode.family
    assessment = _handover_assessment(episode)
    needs = list(episode.needs.order_by("pk"))
    latest: dict[int, int] = {}
    for score in ReviewScore.objects.filter(need__in=needs).order_by("review__held_on"):
        latest[score.need_id] = score.score
    return Handover(
        episode=episode,
        household=[
            HandoverPerson(member, *_age(member.person.date_of_birth, today))
            for member in members_of(family)
        ],
        involvements=list(
            Involvement.objects.filter(family=family, ended__isnull=True)
            .select_related("organisation", "worker")
            .order_by("started", "pk")
        ),
        assessment=assessment,
        assessment_areas=list(
            assessment.areas.exclude(needs="", score__isnull=True).order_by("domain", "area")
        )
        if assessment is not None
        else [],
        needs=[HandoverNeed(need, latest.get(need.pk)) for need in needs],
        chronology=list(family.chronology.select_related("organisation")[:CHRONOLOGY_IN_HANDOVER]),
    )


def handover_summary_text(episode: Episode, *, today: dt.date | None = None) -> str:
    """The handover summary as plain text: shown on the step-up page, and kept with the step-up
    exactly as it was shown (episode_step_up)."""
    handover = handover_for(episode, today=today or timezone.localdate())
    # The template's last line ends the file, not the summary.
    return render_to_string(HANDOVER_TEMPLATE, {"handover": handover}).rstrip("\n")
