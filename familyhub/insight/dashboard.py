"""The insight page's sections: each indicator worked out for a scope and period, compared
with the period before, protected for whoever must not see small numbers, with its trend
drawn and every table ready to download."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

from django.utils.formats import date_format

from familyhub.insight import indicators_earlyhelp as earlyhelp
from familyhub.insight import indicators_feedback as feedback
from familyhub.insight import indicators_frontdoor as frontdoor
from familyhub.insight import indicators_universal as universal
from familyhub.insight.at_once import at_once
from familyhub.insight.charts import trend_svg
from familyhub.insight.figures import Breakdown, Measure, protected_breakdown, protected_measure
from familyhub.insight.memo import one_page
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope
from familyhub.suppression import HIDDEN, is_small, suppress


@dataclass(frozen=True)
class Trend:
    """Counts per month of the period and of the one before, drawn and tabled."""

    key: str
    title: str
    axis_label: str
    months: list[str]
    now: list[int | None]
    before: list[int | None]

    @property
    def image(self) -> str:
        series = (("This period", tuple(self.now)), ("Previous period", tuple(self.before)))
        return trend_svg(
            tuple(self.months),
            series,
            self.axis_label,
            title=f"{self.title}, by month",
            description=self.alt,
        )

    @property
    def alt(self) -> str:
        return f"Line chart: {self.title.lower()}, by month. The figures are in the table below it."

    def table(self) -> tuple[list[str], list[list[str | int]]]:
        rows: list[list[str | int]] = [
            [month, _cell(now), _cell(before)]
            for month, now, before in zip(self.months, self.now, self.before, strict=True)
        ]
        return ["Month", "This period", "Previous period"], rows


def _cell(value: int | None) -> str | int:
    return HIDDEN if value is None else value


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    measures: list[Measure]
    breakdowns: list[Breakdown]
    trends: list[Trend] = field(default_factory=list)
    travelled: list[earlyhelp.Travelled] = field(default_factory=list)


@dataclass(frozen=True)
class Viewer:
    """What the reader may see: every figure (the council's analysts), or small numbers
    hidden (everybody else)."""

    small_numbers: bool

    def measure(self, measure: Measure) -> Measure:
        return measure if self.small_numbers else protected_measure(measure)

    def breakdown(self, breakdown: Breakdown) -> Breakdown:
        return breakdown if self.small_numbers else protected_breakdown(breakdown)

    def series(self, counts: list[int]) -> list[int | None]:
        if self.small_numbers or not counts:
            return list(counts)
        shown = suppress([counts])
        return [None if shown.hidden[0][i] else value for i, value in enumerate(counts)]

    def travelled(self, rows: list[earlyhelp.Travelled]) -> list[earlyhelp.Travelled]:
        """Averages of fewer than five needs are not shown: they would be somebody's scores."""
        if self.small_numbers:
            return rows
        return [
            replace(row, start=None, latest=None, hidden=True) if is_small(row.needs) else row
            for row in rows
        ]


def _month_labels(period: Period) -> list[str]:
    return [date_format(month.starts, "M Y") for month in period.months()]


# Each trend: its title, its axis, and how to count it per month of a period.
TRENDS: dict[str, tuple[str, str, Callable]] = {
    "requests_trend": ("Requests for help received", "Requests", frontdoor.requests_by_month),
    "episodes_trend": ("Episodes of early help opened", "Episodes", earlyhelp.opened_by_month),
}


def _trend(key: str, scope: Scope, period: Period, viewer: Viewer) -> Trend:
    title, axis, counts = TRENDS[key]
    now_counts, before_counts = counts(scope, period), counts(scope, period.previous())
    # The previous period may touch one month more or fewer: line them up by position.
    before_counts = (before_counts + [0] * len(now_counts))[: len(now_counts)]
    return Trend(
        key,
        title,
        axis,
        _month_labels(period),
        viewer.series(now_counts),
        viewer.series(before_counts),
    )


def trends(scope: Scope, period: Period, viewer: Viewer) -> list[Trend]:
    """Every section's trend, alone: the board report draws the year's."""
    return [_trend(key, scope, period, viewer) for key in TRENDS]


def _section(
    key: str,
    title: str,
    viewer: Viewer,
    measures: list[Measure],
    breakdowns: list[Breakdown],
    **more,
) -> Section:
    """A section as this viewer may see it."""
    return Section(
        key,
        title,
        [viewer.measure(m) for m in measures],
        [viewer.breakdown(b) for b in breakdowns],
        **more,
    )


def front_door(scope: Scope, period: Period, now: dt.datetime, viewer: Viewer) -> Section:
    return _section(
        "front_door",
        "The front door",
        viewer,
        [
            frontdoor.requests_received(scope, period),
            *frontdoor.timeliness(scope, period, now),
            frontdoor.rereferrals(scope, period),
        ],
        [
            frontdoor.by_source(scope, period),
            frontdoor.by_help_asked(scope, period),
            frontdoor.by_language(scope, period),
            frontdoor.by_locality(scope, period),
            frontdoor.by_level(scope, period),
        ],
        trends=[_trend("requests_trend", scope, period, viewer)],
    )


def _children_in_new_episodes(scope: Scope, period: Period) -> list[Breakdown]:
    return [
        earlyhelp.children_by_ethnicity(scope, period),
        earlyhelp.children_by_send(scope, period),
    ]


def early_help(scope: Scope, period: Period, viewer: Viewer) -> Section:
    # The section with the most to count: its slowest parts at once, beside the rest.
    reviews, children, travelled = at_once(
        [
            partial(earlyhelp.reviews_on_time, scope, period),
            partial(_children_in_new_episodes, scope, period),
            partial(earlyhelp.distance_travelled, scope, period),
        ]
    )
    return _section(
        "early_help",
        "Early help",
        viewer,
        [*earlyhelp.episode_counts(scope, period), *earlyhelp.stepping(scope, period), reviews],
        [
            earlyhelp.outcomes(scope, period),
            earlyhelp.episodes_by_locality(scope, period),
            *children,
        ],
        trends=[_trend("episodes_trend", scope, period, viewer)],
        travelled=viewer.travelled(travelled),
    )


def universal_offer(scope: Scope, period: Period, viewer: Viewer) -> Section:
    return _section(
        "universal_offer",
        "The universal offer",
        viewer,
        [*universal.reach(scope, period), universal.two_year_offer(scope, period)],
        [
            universal.births_by_locality(scope, period),
            universal.visits_by_locality(scope, period),
        ],
    )


def family_feedback(scope: Scope, period: Period, viewer: Viewer) -> Section:
    return _section(
        "feedback",
        "What families told us",
        viewer,
        feedback.survey(scope, period),
        [feedback.themes(scope, period)],
    )


def sections(scope: Scope, period: Period, now: dt.datetime, viewer: Viewer) -> list[Section]:
    """Every section, worked out at once where the database allows (insight.at_once), each
    count the indicators share asked of the database once."""
    with one_page():
        return at_once(
            [
                partial(front_door, scope, period, now, viewer),
                partial(early_help, scope, period, viewer),
                partial(universal_offer, scope, period, viewer),
                partial(family_feedback, scope, period, viewer),
            ]
        )


def measures_table(section: Section) -> tuple[list[str], list[list[str | int]]]:
    rows: list[list[str | int]] = [
        [measure.label, measure.now_shown, measure.before_shown] for measure in section.measures
    ]
    return ["Indicator", "This period", "Previous period"], rows


def travelled_table(section: Section) -> tuple[list[str], list[list[str | int]]]:
    def shown(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    rows: list[list[str | int]] = [
        [row.outcome, HIDDEN if row.hidden else row.needs]
        + [HIDDEN if row.hidden else shown(value) for value in (row.start, row.latest, row.change)]
        for row in section.travelled
    ]
    return ["Outcome", "Needs scored", "Start", "Latest", "Change"], rows


def downloadable(found: list[Section]) -> dict[str, tuple[str, Callable]]:
    """Every table of the page by its key: its title, and how to make its columns and rows."""
    tables: dict[str, tuple[str, Callable]] = {}
    for section in found:
        tables[f"{section.key}_measures"] = (section.title, lambda s=section: measures_table(s))
        for breakdown in section.breakdowns:
            tables[breakdown.key] = (breakdown.title, breakdown.table)
        for line in section.trends:
            tables[line.key] = (line.title, line.table)
        if section.travelled:
            tables["travelled"] = ("Distance travelled", lambda s=section: travelled_table(s))
    return tables


def at_a_glance(scope: Scope, period: Period, viewer: Viewer) -> list[Measure]:
    """Three headlines for a home page: requests received, episodes opened, episodes open."""
    with one_page():
        measures = [
            frontdoor.requests_received(scope, period),
            *earlyhelp.episode_counts(scope, period),
        ]
    return [viewer.measure(m) for m in measures if m.key in ("requests", "opened", "open")]
