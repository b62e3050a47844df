"""Early help's indicators: episodes opened, open and closed; how many were stepped up to
children's social care or came down from it; reviews held on time; the Supporting Families
outcomes achieved, and the distance each need travelled from its first score to its last."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed, Review, ReviewScore
from familyhub.families.models import Ethnicity, Membership
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counts_by_choice,
    counts_by_name,
    rate,
)
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope

HANDOVER_KINDS = (EpisodeEvent.Kind.STEPPED_UP, EpisodeEvent.Kind.RETURNED)
CHILD_ROLES = (Membership.Role.CHILD, Membership.Role.UNBORN)


def opened_in(scope: Scope, period: Period) -> QuerySet[Episode]:
    return Episode.objects.filter(
        scope.of(), opened_on__gte=period.starts, opened_on__lte=period.ends
    )


def episodes_open_on(scope: Scope, day: dt.date) -> QuerySet[Episode]:
    """Episodes of early help open on that day: opened by then, not closed by then, and not
    with children's social care then (stepped up, and not returned since)."""
    last_handover = (
        EpisodeEvent.objects.filter(episode=OuterRef("pk"), kind__in=HANDOVER_KINDS, on__lte=day)
        .order_by("-on", "-recorded_at")
        .values("kind")[:1]
    )
    return (
        Episode.objects.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day), scope.of(), opened_on__lte=day
        )
        .annotate(last_handover=Subquery(last_handover))
        # Spelt out: a NULL (never handed over) would fail a plain exclude() in SQL.
        .filter(Q(last_handover__isnull=True) | Q(last_handover=EpisodeEvent.Kind.RETURNED))
    )


def _open_during(scope: Scope, period: Period) -> QuerySet[Episode]:
    return Episode.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.starts),
        scope.of(),
        opened_on__lte=period.ends,
    )


def _closed_in(scope: Scope, period: Period) -> QuerySet[Episode]:
    return Episode.objects.filter(
        scope.of(), closed_on__gte=period.starts, closed_on__lte=period.ends
    )


def episode_counts(scope: Scope, period: Period) -> list[Measure]:
    before = period.previous()
    return [
        Measure(
            "opened",
            "Episodes of early help opened",
            opened_in(scope, period).count(),
            opened_in(scope, before).count(),
        ),
        Measure(
            "open",
            "Episodes open at the end",
            episodes_open_on(scope, period.ends).count(),
            episodes_open_on(scope, before.ends).count(),
        ),
        Measure(
            "closed",
            "Episodes closed",
            _closed_in(scope, period).count(),
            _closed_in(scope, before).count(),
        ),
    ]


def _step_rates(scope: Scope, p: Period) -> dict[str, int]:
    stepped_up = EpisodeEvent.objects.filter(
        scope.of("episode__"), kind=EpisodeEvent.Kind.STEPPED_UP, on__gte=p.starts, on__lte=p.ends
    ).count()
    opened = opened_in(scope, p)
    return {
        "stepped_up": stepped_up,
        "open_during": _open_during(scope, p).count(),
        "stepped_down": opened.filter(source=Episode.Source.STEP_DOWN).count(),
        "opened": opened.count(),
    }


def stepping(scope: Scope, period: Period) -> list[Measure]:
    """Step-ups in the period for every 100 episodes open during it; the share of the period's
    new episodes that were step-downs from children's social care."""
    now, before = _step_rates(scope, period), _step_rates(scope, period.previous())
    return [
        Measure(
            "step_up_rate",
            "Stepped up to children's social care, per 100 episodes open",
            rate(now["stepped_up"], now["open_during"]),
            rate(before["stepped_up"], before["open_during"]),
            "percent",
            base_now=now["open_during"],
            base_before=before["open_during"],
        ),
        Measure(
            "step_down_share",
            "New episodes that were step-downs from children's social care",
            rate(now["stepped_down"], now["opened"]),
            rate(before["stepped_down"], before["opened"]),
            "percent",
            base_now=now["opened"],
            base_before=before["opened"],
        ),
    ]


def _reviews_on_time(scope: Scope, p: Period) -> tuple[int, int]:
    """Of the reviews held in the period, how many were held by their due date: the episode's
    review interval after the review before (or after the episode opened)."""
    episodes = Episode.objects.filter(
        scope.of(), reviews__held_on__gte=p.starts, reviews__held_on__lte=p.ends
    ).distinct()
    held: dict = defaultdict(list)
    for episode_id, day in Review.objects.filter(episode__in=episodes).values_list(
        "episode_id", "held_on"
    ):
        held[episode_id].append(day)
    on_time = total = 0
    for episode_id, opened_on, weeks in episodes.values_list(
        "pk", "opened_on", "review_interval_weeks"
    ):
        previous = opened_on
        for day in sorted(held[episode_id]):
            if p.contains(day):
                total += 1
                on_time += day <= previous + dt.timedelta(weeks=weeks)
            previous = day
    return on_time, total


def reviews_on_time(scope: Scope, period: Period) -> Measure:
    on_time, held = _reviews_on_time(scope, period)
    on_time_before, held_before = _reviews_on_time(scope, period.previous())
    return Measure(
        "reviews_on_time",
        "Reviews held on time",
        rate(on_time, held),
        rate(on_time_before, held_before),
        "percent",
        base_now=held,
        base_before=held_before,
    )


def outcomes(scope: Scope, period: Period) -> Breakdown:
    """The needs of the episodes closed in the period, by headline outcome and result."""
    results = PlanNeed.Result
    counts: dict = defaultdict(lambda: [0, 0, 0])
    columns = [results.ACHIEVED, results.PARTLY, results.NOT]
    for outcome, result in PlanNeed.objects.filter(
        episode__in=_closed_in(scope, period), result__in=columns
    ).values_list("outcome", "result"):
        counts[outcome][columns.index(result)] += 1
    rows = [(str(label), counts[key]) for key, label in Outcome.choices]
    return Breakdown(
        "outcomes",
        "Outcomes of the needs in closed episodes",
        "Outcome",
        rows,
        columns=tuple(str(result.label) for result in columns),
    )


@dataclass(frozen=True)
class Travelled:
    """For one outcome: how many needs were scored, and their average score at the start and
    at the last review (10 is the most worry, 1 the least)."""

    outcome: str
    needs: int
    start: float | None
    latest: float | None
    # Averages of so few needs that they would be somebody's own scores are hidden.
    hidden: bool = False

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.latest is None else self.start - self.latest


def distance_travelled(scope: Scope, period: Period) -> list[Travelled]:
    """Per outcome, the needs of episodes closed in the period that were scored at a review."""
    latest = (
        ReviewScore.objects.filter(need=OuterRef("pk"))
        .order_by("-review__held_on", "-review_id")
        .values("score")[:1]
    )
    scored = (
        PlanNeed.objects.filter(episode__in=_closed_in(scope, period))
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .values_list("outcome", "baseline_score", "latest")
    )
    by_outcome: dict = defaultdict(list)
    for outcome, start, last in scored:
        by_outcome[outcome].append((start, last))
    return [
        Travelled(
            str(label),
            len(pairs := by_outcome[key]),
            sum(s for s, _l in pairs) / len(pairs) if pairs else None,
            sum(last for _s, last in pairs) / len(pairs) if pairs else None,
        )
        for key, label in Outcome.choices
    ]


def _children_in_new_episodes(scope: Scope, p: Period, field: str) -> list:
    """One value of `field` per child (born or unborn, a merged record once) of the households
    whose episodes opened in the period."""
    children = (
        Membership.objects.filter(
            family__episodes__in=opened_in(scope, p),
            role__in=CHILD_ROLES,
            person__merged_into__isnull=True,
        )
        .values_list("person_id", f"person__{field}")
        .distinct()
    )
    return [value for _person, value in children]


def children_by_ethnicity(scope: Scope, period: Period) -> Breakdown:
    rows = counts_by_choice(
        Ethnicity.choices,
        _children_in_new_episodes(scope, period, "ethnicity"),
        _children_in_new_episodes(scope, period.previous(), "ethnicity"),
    )
    return Breakdown("ethnicity", "Children in new episodes, by ethnic group", "Ethnic group", rows)


def children_by_send(scope: Scope, period: Period) -> Breakdown:
    choices = [(True, "Special educational needs or disabilities"), (False, "None recorded")]
    rows = counts_by_choice(
        choices,
        _children_in_new_episodes(scope, period, "send"),
        _children_in_new_episodes(scope, period.previous(), "send"),
    )
    return Breakdown("send", "Children in new episodes, by SEND", "SEND", rows)


def episodes_by_locality(scope: Scope, period: Period) -> Breakdown:
    def localities(p: Period) -> list[str]:
        return [
            name or "No locality"
            for name in opened_in(scope, p).values_list("locality__name", flat=True)
        ]

    rows = counts_by_name(localities(period), localities(period.previous()))
    return Breakdown("locality", "Episodes opened, by locality", "Locality", rows)


def opened_by_month(scope: Scope, period: Period) -> list[int]:
    """Episodes opened in each month of the period (period.months())."""
    months = period.months()
    counts = [0] * len(months)
    for day in opened_in(scope, period).values_list("opened_on", flat=True):
        counts[next(i for i, month in enumerate(months) if month.contains(day))] += 1
    return counts
