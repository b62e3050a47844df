"""Early help's indicators: episodes opened, open and closed; how many were stepped up to
children's social care or came down from it; reviews held on time; the Supporting Families
outcomes achieved, and the distance each need travelled from its first score to its last."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth

from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed, Review, ReviewScore
from familyhub.families.models import Ethnicity, Membership, Person
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counted,
    counts_by_choice,
    counts_by_name,
    rate,
)
from familyhub.insight.period import Period, per_month
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
    review interval after the review before (or after the episode opened). The database finds
    each one's review before; the dates are compared here, on the period's reviews alone."""
    before = (
        Review.objects.filter(episode_id=OuterRef("episode_id"), held_on__lt=OuterRef("held_on"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    reviews = (
        Review.objects.filter(scope.of("episode__"), held_on__gte=p.starts, held_on__lte=p.ends)
        .annotate(before=Coalesce(Subquery(before), F("episode__opened_on")))
        .values_list("held_on", "before", "episode__review_interval_weeks")
    )
    on_time = held = 0
    for held_on, previous, weeks in reviews:
        held += 1
        on_time += held_on <= previous + dt.timedelta(weeks=weeks)
    return on_time, held


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
    columns = [PlanNeed.Result.ACHIEVED, PlanNeed.Result.PARTLY, PlanNeed.Result.NOT]
    needs = PlanNeed.objects.filter(episode__in=_closed_in(scope, period), result__in=columns)
    grouped = (
        needs.order_by()
        .values("outcome", "result")
        .annotate(count=Count("pk"))
        .values_list("outcome", "result", "count")
    )
    counts: dict = defaultdict(lambda: [0, 0, 0])
    for outcome, result, count in grouped:
        counts[outcome][columns.index(result)] = count
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
    """Per outcome, the needs of episodes closed in the period that were scored at a review:
    their average score at the start and at the last review, worked out by the database."""
    latest = (
        ReviewScore.objects.filter(need=OuterRef("pk"))
        .order_by("-review__held_on", "-review_id")
        .values("score")[:1]
    )
    scored = (
        PlanNeed.objects.filter(episode__in=_closed_in(scope, period))
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .order_by()
        .values("outcome")
        .annotate(needs=Count("pk"), start=Avg("baseline_score"), last=Avg("latest"))
    )
    found = {row["outcome"]: row for row in scored}
    return [
        Travelled(str(label), row["needs"], row["start"], row["last"])
        if (row := found.get(key))
        else Travelled(str(label), 0, None, None)
        for key, label in Outcome.choices
    ]


def _children_in_new_episodes(scope: Scope, p: Period, field: str) -> Counter:
    """The children (born or unborn, a merged record once, a child of two new households once)
    of the households whose episodes opened in the period, counted by `field`."""
    children = Person.objects.filter(
        households__family__episodes__in=opened_in(scope, p),
        households__role__in=CHILD_ROLES,
        merged_into__isnull=True,
    )
    grouped = (
        children.order_by()
        .values(field)
        .annotate(count=Count("pk", distinct=True))
        .values_list(field, "count")
    )
    return Counter(dict(grouped))


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
    def localities(p: Period) -> Counter:
        found = counted(opened_in(scope, p), "locality__name")
        found["No locality"] += found.pop(None, 0)
        return +found  # without the zero

    rows = counts_by_name(localities(period), localities(period.previous()))
    return Breakdown("locality", "Episodes opened, by locality", "Locality", rows)


def opened_by_month(scope: Scope, period: Period) -> list[int]:
    """Episodes opened in each month of the period (period.months()), counted by the database."""
    months = opened_in(scope, period).annotate(month=TruncMonth("opened_on"))
    return per_month(period, counted(months, "month"))
