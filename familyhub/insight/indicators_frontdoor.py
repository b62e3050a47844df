"""The front door's indicators: requests by source, help asked for and language; how soon
families were contacted and decided against the council's standard; the levels decided; and
families asking again within a year.

Times are measured against the standard the triage queue uses (triage.rules.allowed_hours), so
the history says what the queue said at the time. Everything is counted by the database
(GROUP BY and conditional counts over indexed columns): a year of a borough is tens of
thousands of requests.
"""

import datetime as dt
from collections import Counter

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Concat, TruncMonth

from familyhub.frontdoor.models import SupportRequest, TriageStandard
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counted,
    counted_twice,
    counts_by_choice,
    counts_by_name,
    middle,
    rate,
)
from familyhub.insight.memo import shared
from familyhub.insight.period import Period, per_month
from familyhub.insight.scope import Scope
from familyhub.triage.rules import allowed_hours

# A family asking again within this long of an earlier request is a re-referral.
REREFERRAL_WINDOW = dt.timedelta(days=365)


def _sent(p: Period) -> Q:
    return p.of_moment("submitted_at")


def _requests(scope: Scope) -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(scope.of())


def sent_in(scope: Scope, period: Period) -> QuerySet[SupportRequest]:
    """Requests sent (not drafts) in the period, by the day they were sent."""
    return _requests(scope).filter(_sent(period))


@shared
def _by_source(scope: Scope, period: Period) -> tuple[Counter, Counter]:
    """Requests by who asked: every request has one source, so their sum is all requests."""
    return counted_twice(_requests(scope), "source", period, _sent)


def requests_received(scope: Scope, period: Period) -> Measure:
    now, before = _by_source(scope, period)
    return Measure("requests", "Requests for help received", now.total(), before.total())


def by_source(scope: Scope, period: Period) -> Breakdown:
    rows = counts_by_choice(SupportRequest.Source.choices, *_by_source(scope, period))
    return Breakdown("source", "Requests by who asked", "Who asked", rows)


def _ticked(key: str) -> Q:
    """Requests whose list of help holds `key`: JSON containment where the database has it
    (PostgreSQL, and its index-free @> is cheap), else the list's text holding the quoted key
    (keys are plain words, so one key's quoted form is never part of another's)."""
    if connection.features.supports_json_field_contains:
        return Q(help_choices__contains=[key])
    return Q(help_choices__icontains=f'"{key}"')


def by_help_asked(scope: Scope, period: Period) -> Breakdown:
    """Each kind of help ticked (a request may tick several, so the total counts ticks),
    counted by the database."""
    counts = {}
    for key, _label in SupportRequest.Help.choices:
        counts[f"{key}_now"] = Count("pk", filter=_ticked(key) & _sent(period))
        counts[f"{key}_before"] = Count("pk", filter=_ticked(key) & _sent(period.previous()))
    found = sent_in(scope, period.and_previous()).aggregate(**counts)
    rows = [
        (str(label), [found[f"{key}_now"], found[f"{key}_before"]])
        for key, label in SupportRequest.Help.choices
    ]
    return Breakdown("help", "Help asked for", "Help asked for", rows)


def by_language(scope: Scope, period: Period) -> Breakdown:
    now, before = counted_twice(_requests(scope), "language__name", period, _sent)
    rows = counts_by_name(now, before, nameless="English, or not given")
    return Breakdown("language", "Requests by language", "Language", rows)


def by_locality(scope: Scope, period: Period) -> Breakdown:
    now, before = counted_twice(_requests(scope), "locality__name", period, _sent)
    rows = counts_by_name(now, before, nameless="No locality (yet)")
    return Breakdown("request_locality", "Requests by locality", "Locality", rows)


def by_level(scope: Scope, period: Period) -> Breakdown:
    """Requests decided in the period, by the level of need decided."""
    decided = (
        _requests(scope)
        .filter(level__isnull=False)
        .annotate(label=Concat(Cast("level__number", CharField()), Value(". "), "level__name"))
    )
    now, before = counted_twice(decided, "label", period, lambda p: p.of_moment("decided_at"))
    rows = counts_by_name(now, before)
    return Breakdown("level", "Levels of need decided", "Level", rows)


def _steps(
    step: str, done: str, hours: tuple[int, int], now: dt.datetime, within: Q
) -> dict[str, Count]:
    """Conditional counts of one step (contact or decision) of the requests `within` a period:
    those whose time has come (done, or past due undone) and those done within the hours
    allowed (ordinary, or for a safeguarding concern). Times are compared as durations against
    constants, so no database does date arithmetic."""
    allowed = {False: dt.timedelta(hours=hours[0]), True: dt.timedelta(hours=hours[1])}
    overdue = Q()
    on_time = Q()
    for concern, allowance in allowed.items():
        overdue |= Q(safeguarding_concern=concern, submitted_at__lt=now - allowance)
        on_time |= Q(safeguarding_concern=concern, **{f"{step}_taken__lte": allowance})
    reached = Q(**{f"{done}__isnull": False})
    return {
        f"{step}_base": Count("pk", filter=within & (reached | overdue)),
        f"{step}_on_time": Count("pk", filter=within & reached & on_time),
    }


def _taken(done: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(done) - F("submitted_at"), output_field=DurationField())


def _timeliness(scope: Scope, period: Period, now: dt.datetime) -> list[dict]:
    """Judged as the triage queue judges (triage.rules.allowed_hours), counted by the database:
    a step whose time has come (done, or overdue) counts, on time if done within its hours.
    The period's figures, then the period before's, from one aggregate and one list of times."""
    standard = TriageStandard.objects.filter(local_authority_id=scope.local_authority_id).first()
    standard = standard or TriageStandard(local_authority_id=scope.local_authority_id)
    ordinary = allowed_hours(standard, safeguarding_concern=False)
    urgent = allowed_hours(standard, safeguarding_concern=True)
    rows = sent_in(scope, period.and_previous()).annotate(
        contact_taken=_taken("first_contact_at"),
        decision_taken=_taken("decided_at"),
        this_period=ExpressionWrapper(_sent(period), output_field=BooleanField()),
    )
    counts = {}
    for (label, _marked), p in zip(PERIODS, (period, period.previous()), strict=True):
        for key, count in {
            **_steps("contact", "first_contact_at", (ordinary[0], urgent[0]), now, _sent(p)),
            **_steps("decision", "decided_at", (ordinary[1], urgent[1]), now, _sent(p)),
        }.items():
            counts[f"{label}_{key}"] = count
    figures = rows.aggregate(**counts)
    hours = _hours_taken(rows)
    return [_step_figures(figures, label, hours[this_period]) for label, this_period in PERIODS]


# The aggregate's prefix of each period, and how `this_period` marks its requests.
PERIODS = (("now", True), ("before", False))


def _step_figures(figures: dict, label: str, hours: dict[str, list[float]]) -> dict:
    """One period's rates, their bases and the median hours, for each step."""
    found: dict[str, float | int | None] = {}
    for step in ("contact", "decision"):
        base = figures[f"{label}_{step}_base"]
        found[f"{step}_rate"] = rate(figures[f"{label}_{step}_on_time"], base)
        found[f"{step}_base"] = base
        found[f"{step}_hours"] = middle(hours[step])
        found[f"{step}_count"] = len(hours[step])
    return found


def _hours_taken(rows: QuerySet[SupportRequest]) -> dict[bool, dict[str, list[float]]]:
    """Hours from sending to each step, of the requests that reached it (a median needs them
    all), for this period (True) and the one before (False)."""
    hours: dict[bool, dict[str, list[float]]] = {
        period: {"contact": [], "decision": []} for period in (True, False)
    }
    taken = rows.filter(Q(first_contact_at__isnull=False) | Q(decided_at__isnull=False))
    for contact, decision, this_period in taken.values_list(
        "contact_taken", "decision_taken", "this_period"
    ):
        for step, span in (("contact", contact), ("decision", decision)):
            if span is not None:
                hours[this_period][step].append(span.total_seconds() / 3600)
    return hours


# Each timeliness measure: its key and label, its unit, and which figures of _timeliness it
# shows and is based on.
TIMELINESS = [
    ("contact_on_time", "Families contacted within the standard", "percent", "contact_rate",
     "contact_base"),
    ("contact_hours", "Median hours to first contact", "hours", "contact_hours", "contact_count"),
    ("decision_on_time", "Levels decided within the standard", "percent", "decision_rate",
     "decision_base"),
    ("decision_hours", "Median hours to a decision", "hours", "decision_hours", "decision_count"),
]  # fmt: skip


def timeliness(scope: Scope, period: Period, now: dt.datetime) -> list[Measure]:
    """Contact and decision within the standard (of the requests whose time has come: contacted
    or decided, or overdue), and the median hours each took."""
    this, last = _timeliness(scope, period, now)
    return [
        Measure(
            key,
            label,
            this[value],
            last[value],
            unit,
            base_now=int(this[base] or 0),
            base_before=int(last[base] or 0),
        )
        for key, label, unit, value, base in TIMELINESS
    ]


def rereferrals(scope: Scope, period: Period) -> Measure:
    """Of the period's requests from a known household, how many came within a year of an
    earlier request of the same household (from anywhere: a family that moved still counts)."""
    earlier = Exists(
        SupportRequest.objects.filter(
            family_id=OuterRef("family_id"),
            submitted_at__lt=OuterRef("submitted_at"),
            submitted_at__gte=OuterRef("submitted_at") - Value(REREFERRAL_WINDOW),
        )
    )
    now, before = _sent(period), _sent(period.previous())
    figures = (
        sent_in(scope, period.and_previous())
        .filter(family__isnull=False)
        .aggregate(
            again=Count("pk", filter=now & earlier),
            known=Count("pk", filter=now),
            again_before=Count("pk", filter=before & earlier),
            known_before=Count("pk", filter=before),
        )
    )
    return Measure(
        "rereferrals",
        "Requests from a household that asked in the 12 months before",
        rate(figures["again"], figures["known"]),
        rate(figures["again_before"], figures["known_before"]),
        "percent",
        base_now=figures["known"],
        base_before=figures["known_before"],
    )


def requests_by_month(scope: Scope, period: Period) -> list[int]:
    """Requests sent in each month of the period (period.months()), counted by the database."""
    months = sent_in(scope, period).annotate(month=TruncMonth("submitted_at"))
    return per_month(period, counted(months, "month"))
