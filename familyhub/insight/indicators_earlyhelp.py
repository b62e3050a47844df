"""Early help's indicators: episodes opened, open and closed; how many were stepped up to
children's social care or came down from it; reviews held on time; the Supporting Families
outcomes achieved, and the distance each need travelled from its first score to its last."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth

from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed, Review, ReviewScore
from familyhub.families.models import Ethnicity, Membership
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counted,
    counted_each,
    counted_twice,
    counts_by_choice,
    counts_by_name,
    rate,
)
from familyhub.insight.memo import shared
from familyhub.insight.period import Period, per_month
from familyhub.insight.scope import Scope

HANDOVER_KINDS = (EpisodeEvent.Kind.STEPPED_UP, EpisodeEvent.Kind.RETURNED)
CHILD_ROLES = (Membership.Role.CHILD, Membership.Role.UNBORN)


def opened_in(scope: Scope, period: Period) -> QuerySet[Episode]:
    return _episodes(scope).filter(_opened(period))


def episodes_open_on(scope: Scope, day: dt.date) -> QuerySet[Episode]:
    """Episodes of early help open on that day: opened by then, not closed by then, and not
    with children's social care then (stepped up, and not returned since)."""
    return _opened_not_closed(scope, day).exclude(pk__in=_with_social_care_on(scope, day))


def _opened_not_closed(scope: Scope, day: dt.date) -> QuerySet[Episode]:
    return Episode.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day), scope.of(), opened_on__lte=day
    )


def _with_social_care_on(scope: Scope, day: dt.date) -> QuerySet[Episode]:
    """Of the episodes open that day, those whose last handover by then was a step-up. Only
    the few ever handed over are looked at: the latest handover is found for them alone."""
    handovers = EpisodeEvent.objects.filter(
        episode=OuterRef("pk"), kind__in=HANDOVER_KINDS, on__lte=day
    )
    last_handover = handovers.order_by("-on", "-recorded_at").values("kind")[:1]
    return (
        _opened_not_closed(scope, day)
        .filter(Exists(handovers))
        .annotate(last_handover=Subquery(last_handover))
        .filter(last_handover=EpisodeEvent.Kind.STEPPED_UP)
        .values("pk")
    )


def _closed_in(scope: Scope, period: Period) -> QuerySet[Episode]:
    return _episodes(scope).filter(_closed(period))


def _closed(p: Period) -> Q:
    return p.of_day("closed_on")


def _opened(p: Period) -> Q:
    return p.of_day("opened_on")


def _episodes(scope: Scope) -> QuerySet[Episode]:
    return Episode.objects.filter(scope.of())


@shared
def _opened_both(scope: Scope, period: Period) -> dict[str, int]:
    """Episodes opened in the period and the one before, and how many of them were
    step-downs from children's social care: one aggregate."""
    step_down = Q(source=Episode.Source.STEP_DOWN)
    now, before = _opened(period), _opened(period.previous())
    return opened_in(scope, period.and_previous()).aggregate(
        opened=Count("pk", filter=now),
        opened_before=Count("pk", filter=before),
        stepped_down=Count("pk", filter=now & step_down),
        stepped_down_before=Count("pk", filter=before & step_down),
    )


def episode_counts(scope: Scope, period: Period) -> list[Measure]:
    before = period.previous()
    opened = _opened_both(scope, period)
    closed = counted_each(_episodes(scope), period, _closed)
    return [
        Measure(
            "opened", "Episodes of early help opened", opened["opened"], opened["opened_before"]
        ),
        Measure(
            "open",
            "Episodes open at the end",
            episodes_open_on(scope, period.ends).count(),
            episodes_open_on(scope, before.ends).count(),
        ),
        Measure("closed", "Episodes closed", *closed),
    ]


def _open_during_both(scope: Scope, period: Period) -> dict[str, int]:
    """Episodes open at any time in the period, and in the one before: one aggregate."""

    def during(p: Period) -> Q:
        return (Q(closed_on__isnull=True) | Q(closed_on__gte=p.starts)) & Q(opened_on__lte=p.ends)

    return (
        _episodes(scope)
        .filter(during(period.and_previous()))
        .aggregate(
            now=Count("pk", filter=during(period)),
            before=Count("pk", filter=during(period.previous())),
        )
    )


def stepping(scope: Scope, period: Period) -> list[Measure]:
    """Step-ups in the period for every 100 episodes open during it; the share of the period's
    new episodes that were step-downs from children's social care."""
    stepped_up = counted_each(
        EpisodeEvent.objects.filter(scope.of("episode__"), kind=EpisodeEvent.Kind.STEPPED_UP),
        period,
        lambda p: p.of_day("on"),
    )
    open_during = _open_during_both(scope, period)
    opened = _opened_both(scope, period)
    return [
        Measure(
            "step_up_rate",
            "Stepped up to children's social care, per 100 episodes open",
            rate(stepped_up[0], open_during["now"]),
            rate(stepped_up[1], open_during["before"]),
            "percent",
            base_now=open_during["now"],
            base_before=open_during["before"],
        ),
        Measure(
            "step_down_share",
            "New episodes that were step-downs from children's social care",
            rate(opened["stepped_down"], opened["opened"]),
            rate(opened["stepped_down_before"], opened["opened_before"]),
            "percent",
            base_now=opened["opened"],
            base_before=opened["opened_before"],
        ),
    ]


def reviews_on_time(scope: Scope, period: Period) -> Measure:
    """Of the reviews held in the period, how many were held by their due date: the episode's
    review interval after the review before (or after the episode opened). The database finds
    each one's review before; the dates are compared here (date arithmetic is not the same on
    SQLite and PostgreSQL), on the two periods' reviews alone."""
    before = (
        Review.objects.filter(episode_id=OuterRef("episode_id"), held_on__lt=OuterRef("held_on"))
        .order_by("-held_on")
        .values("held_on")[:1]
    )
    reviews = (
        Review.objects.filter(scope.of("episode__"), period.and_previous().of_day("held_on"))
        .annotate(before=Coalesce(Subquery(before), F("episode__opened_on")))
        .order_by()
        .values_list("held_on", "before", "episode__review_interval_weeks")
    )
    on_time, held = Counter(), Counter()
    for held_on, previous, weeks in reviews:
        this_period = held_on >= period.starts
        held[this_period] += 1
        on_time[this_period] += held_on <= previous + dt.timedelta(weeks=weeks)
    return Measure(
        "reviews_on_time",
        "Reviews held on time",
        rate(on_time[True], held[True]),
        rate(on_time[False], held[False]),
        "percent",
        base_now=held[True],
        base_before=held[False],
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


@shared
def _children_in_new_episodes(scope: Scope, period: Period) -> tuple[Counter, Counter]:
    """The children (born or unborn, a merged record once, a child of two new households once)
    of the households whose episodes opened in the period, and in the one before, counted by
    ethnicity and SEND together. Read from the episodes, in one filter, so that one join
    reaches each child: the episode that is in scope is the one opened in the period."""
    children = _episodes(scope).filter(
        family__members__role__in=CHILD_ROLES, family__members__person__merged_into__isnull=True
    )
    child = "family__members__person"
    fields = (f"{child}__ethnicity", f"{child}__send")
    return counted_twice(children, fields, period, _opened, counting=child, distinct=True)


def _children_by(scope: Scope, period: Period, part: int) -> tuple[Counter, Counter]:
    """The children counted by ethnicity (part 0) or by SEND (part 1): a child has one of each,
    so the counts of the pairs add up."""
    found: list[Counter] = []
    for counts in _children_in_new_episodes(scope, period):
        by_part: Counter = Counter()
        for pair, count in counts.items():
            by_part[pair[part]] += count
        found.append(by_part)
    return found[0], found[1]


def children_by_ethnicity(scope: Scope, period: Period) -> Breakdown:
    rows = counts_by_choice(Ethnicity.choices, *_children_by(scope, period, 0))
    return Breakdown("ethnicity", "Children in new episodes, by ethnic group", "Ethnic group", rows)


def children_by_send(scope: Scope, period: Period) -> Breakdown:
    choices = [(True, "Special educational needs or disabilities"), (False, "None recorded")]
    rows = counts_by_choice(choices, *_children_by(scope, period, 1))
    return Breakdown("send", "Children in new episodes, by SEND", "SEND", rows)


def episodes_by_locality(scope: Scope, period: Period) -> Breakdown:
    now, before = counted_twice(_episodes(scope), "locality__name", period, _opened)
    rows = counts_by_name(now, before, nameless="No locality")
    return Breakdown("locality", "Episodes opened, by locality", "Locality", rows)


def opened_by_month(scope: Scope, period: Period) -> list[int]:
    """Episodes opened in each month of the period (period.months()), counted by the database."""
    months = opened_in(scope, period).annotate(month=TruncMonth("opened_on"))
    return per_month(period, counted(months, "month"))
