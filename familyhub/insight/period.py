"""The stretch of time an indicator covers, and the one it is compared with."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """From `starts` to `ends`, both days included."""

    starts: dt.date
    ends: dt.date

    @property
    def days(self) -> int:
        return (self.ends - self.starts).days + 1

    def previous(self) -> "Period":
        """As many days, ending the day before this one starts: what the figures are compared
        with."""
        ends = self.starts - dt.timedelta(days=1)
        return Period(ends - dt.timedelta(days=self.days - 1), ends)

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """From the first moment of its first day to the first moment after its last, in the
        council's time zone: a filter on a timestamp by range, so the database uses its index
        instead of working out each row's date."""
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.starts, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.ends + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        )

    def of_day(self, field: str) -> Q:
        """The filter for rows whose date `field` falls in the period."""
        return Q(**{f"{field}__gte": self.starts, f"{field}__lte": self.ends})

    def of_moment(self, field: str) -> Q:
        """The filter for rows whose timestamp `field` falls in the period (by range, so an
        index on it serves)."""
        starts, ends = self.moments()
        return Q(**{f"{field}__gte": starts, f"{field}__lt": ends})

    def and_previous(self) -> "Period":
        """This period and the one before, as one: what a query counting both at once reads."""
        return Period(self.previous().starts, self.ends)

    def contains(self, day: dt.date) -> bool:
        return self.starts <= day <= self.ends

    def months(self) -> list["Period"]:
        """The calendar months the period touches, each cut to the period: a trend's points."""
        months = []
        first = self.starts.replace(day=1)
        while first <= self.ends:
            following = (first + dt.timedelta(days=32)).replace(day=1)
            months.append(
                Period(max(first, self.starts), min(following - dt.timedelta(days=1), self.ends))
            )
            first = following
        return months


def year_to(day: dt.date) -> Period:
    """The twelve months ending on `day`: the dashboard's first view."""
    try:
        starts = day.replace(year=day.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        starts = day.replace(year=day.year - 1, day=28) + dt.timedelta(days=1)
    return Period(starts, day)


def quarter_of(day: dt.date) -> Period:
    """The calendar quarter a day falls in (January to March is the last quarter of a council's
    financial year, April to June the first)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    starts = day.replace(month=first_month, day=1)
    following = (starts + dt.timedelta(days=95)).replace(day=1)
    return Period(starts, following - dt.timedelta(days=1))


def quarters_before(day: dt.date, count: int) -> list[Period]:
    """The `count` whole quarters before the one `day` is in, the latest first: those a board
    reports on."""
    quarters = []
    ends = quarter_of(day).starts - dt.timedelta(days=1)
    for _ in range(count):
        quarter = quarter_of(ends)
        quarters.append(quarter)
        ends = quarter.starts - dt.timedelta(days=1)
    return quarters


def per_month(period: Period, counts: Mapping) -> list[int]:
    """Counts keyed by the first day (or first moment) of each month, as TruncMonth gives
    them, laid out over the period's months."""
    by_month = {(key.year, key.month): count for key, count in counts.items()}
    return [by_month.get((month.starts.year, month.starts.month), 0) for month in period.months()]
