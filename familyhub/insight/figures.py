"""What an indicator is on the page: a headline figure compared with the period before, or a
breakdown of counts; and how each is shown to somebody who must not see small numbers."""

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from statistics import median

from django.db.models import Count, Q, QuerySet

from familyhub.insight.period import Period
from familyhub.suppression import HIDDEN, is_small, suppress

Number = int | float | None


@dataclass(frozen=True)
class Measure:
    """A headline: its value this period and the period before.

    For a rate or a median, `base_now` and `base_before` are how many it was worked out from:
    a rate of fewer than SMALLEST_SHOWN families is hidden with the counts it would reveal.
    """

    key: str
    label: str
    now: Number
    before: Number
    unit: str = "count"  # count, percent, hours, days or score
    base_now: int | None = None
    base_before: int | None = None
    hidden_now: bool = False
    hidden_before: bool = False

    def shown(self, value: Number, hidden: bool = False) -> str:
        if hidden:
            return HIDDEN
        if value is None:
            return "–"
        if self.unit == "percent":
            return f"{value:.0f}%"
        if self.unit in ("hours", "days", "score"):
            return f"{value:.1f}"
        return f"{value:,}"

    @property
    def now_shown(self) -> str:
        return self.shown(self.now, self.hidden_now)

    @property
    def before_shown(self) -> str:
        return self.shown(self.before, self.hidden_before)


PERIODS = ("This period", "Previous period")


@dataclass(frozen=True)
class Breakdown:
    """Counts by category (rows) in columns (by default this period and the one before), with
    each column's total. `shown` holds each figure as it may be shown: digits, or HIDDEN."""

    key: str
    title: str
    category: str
    rows: list[tuple[str, list[int]]]
    columns: tuple[str, ...] = PERIODS
    shown: list[list[str]] | None = None
    totals_shown: list[str] | None = None

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for _label, values in self.rows) for i in range(len(self.columns))]

    @property
    def cells(self) -> list[tuple[str, list[str]]]:
        """Each row's label and figures as they may be shown."""
        shown = self.shown or [[str(value) for value in values] for _label, values in self.rows]
        return [
            (label, figures) for (label, _values), figures in zip(self.rows, shown, strict=True)
        ]

    @property
    def total_cells(self) -> list[str]:
        return self.totals_shown or [str(value) for value in self.totals]

    def table(self) -> tuple[list[str], list[list[str | int]]]:
        """Columns and rows for a download: the figures as they may be shown."""
        rows = [[label, *_as_numbers(figures)] for label, figures in self.cells]
        rows.append(["Total", *_as_numbers(self.total_cells)])
        return [self.category, *self.columns], rows


def _as_numbers(figures: list[str]) -> list[str | int]:
    return [int(value) if value.isdigit() else value for value in figures]


def counted(rows: QuerySet, field: str) -> Counter:
    """How many rows have each value of `field`, counted by the database (GROUP BY)."""
    grouped = rows.order_by().values(field).annotate(count=Count("pk")).values_list(field, "count")
    return Counter(dict(grouped))


def counted_each(rows: QuerySet, period: Period, when: Callable[[Period], Q]) -> tuple[int, int]:
    """How many rows fall in the period and in the one before (`when` says which rows fall in
    a period): one aggregate over both."""
    figures = rows.filter(when(period.and_previous())).aggregate(
        now=Count("pk", filter=when(period)), before=Count("pk", filter=when(period.previous()))
    )
    return figures["now"], figures["before"]


def counted_twice(
    rows: QuerySet,
    field: str | tuple[str, ...],
    period: Period,
    when: Callable[[Period], Q],
    *,
    counting: str = "pk",
    distinct: bool = False,
) -> tuple[Counter, Counter]:
    """How many rows have each value of `field` (or each combination of the values of several
    fields, as a tuple) in the period and in the one before, in one GROUP BY over both (`when`
    says which rows fall in a period). Counts `counting` (never null, and best a column of the
    index the rows are read through), or with `distinct` its different values: a child in two
    new episodes counts once."""
    fields = field if isinstance(field, tuple) else (field,)
    now, before = when(period), when(period.previous())
    grouped = (
        rows.filter(when(period.and_previous()))
        .order_by()
        .values(*fields)
        .annotate(
            now=Count(counting, filter=now, distinct=distinct),
            before=Count(counting, filter=before, distinct=distinct),
        )
        .values_list(*fields, "now", "before")
    )
    this, last = Counter(), Counter()
    for *values, in_now, in_before in grouped:
        key = tuple(values) if isinstance(field, tuple) else values[0]
        this[key], last[key] = in_now, in_before
    return +this, +last  # without the zeros


def counts_by_choice(
    choices: Iterable[tuple[Hashable, object]],
    now: Mapping[Hashable, int],
    before: Mapping[Hashable, int],
) -> list[tuple[str, list[int]]]:
    """A row per choice (its label), with its count in each period."""
    return [(str(label), [now.get(key, 0), before.get(key, 0)]) for key, label in choices]


def counts_by_name(
    now: Mapping[str | None, int], before: Mapping[str | None, int], nameless: str = ""
) -> list[tuple[str, list[int]]]:
    """A row per name found in either period, in alphabetical order; the counts of no name
    (None) under `nameless`."""

    def named(found: Mapping[str | None, int]) -> Counter:
        counts = Counter(found)
        counts[nameless] += counts.pop(None, 0)
        return +counts  # without the zero

    now, before = named(now), named(before)
    names = sorted(set(now) | set(before))
    return [(name, [now.get(name, 0), before.get(name, 0)]) for name in names]


def rate(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def middle(values: list[float]) -> float | None:
    return median(values) if values else None


def protected_measure(measure: Measure) -> Measure:
    """The measure as somebody outside the analyst role sees it: small counts, and rates or
    medians of fewer than SMALLEST_SHOWN families, hidden."""

    def hide(value: Number, base: int | None) -> bool:
        counted = value if measure.unit == "count" else base
        return counted is not None and is_small(int(counted))

    hidden_now = hide(measure.now, measure.base_now)
    hidden_before = hide(measure.before, measure.base_before)
    return replace(
        measure,
        now=None if hidden_now else measure.now,
        before=None if hidden_before else measure.before,
        hidden_now=hidden_now,
        hidden_before=hidden_before,
    )


def protected_breakdown(breakdown: Breakdown) -> Breakdown:
    """Each column protected on its own with its total shown: primary and secondary
    suppression (familyhub.suppression)."""
    count = len(breakdown.rows)
    tables = [
        suppress([[values[i] for _label, values in breakdown.rows]])
        for i in range(len(breakdown.columns))
    ]
    shown = [[table.cell(0, row) for table in tables] for row in range(count)]
    return replace(breakdown, shown=shown, totals_shown=[table.cell(0, count) for table in tables])
