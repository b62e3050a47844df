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

from django.db.models import (
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
    counts_by_choice,
    counts_by_name,
    middle,
    rate,
)
from familyhub.insight.period import Period, per_month
from familyhub.insight.scope import Scope
from familyhub.triage.rules import allowed_hours

# A family asking again within this long of an earlier request is a re-referral.
REREFERRAL_WINDOW = dt.timedelta(days=365)


def sent_in(scope: Scope, period: Period) -> QuerySet[SupportRequest]:
    """Requests sent (not drafts) in the period, by the day they were sent."""
    starts, ends = period.moments()
    return SupportRequest.objects.filter(
        scope.of(), submitted_at__gte=starts, submitted_at__lt=ends
    )


def requests_received(scope: Scope, period: Period) -> Measure:
    before = period.previous()
    return Measure(
        "requests",
        "Requests for help received",
        sent_in(scope, period).count(),
        sent_in(scope, before).count(),
    )


def by_source(scope: Scope, period: Period) -> Breakdown:
    now, before = (counted(sent_in(scope, p), "source") for p in (period, period.previous()))
    rows = counts_by_choice(SupportRequest.Source.choices, now, before)
    return Breakdown("source", "Requests by who asked", "Who asked", rows)


def by_help_asked(scope: Scope, period: Period) -> Breakdown:
    """Each kind of help ticked (a request may tick several, so the total counts ticks)."""

    def ticks(p: Period) -> Counter:
        chosen = sent_in(scope, p).values_list("help_choices", flat=True)
        return Counter(key for keys in chosen for key in keys or [])

    rows = counts_by_choice(SupportRequest.Help.choices, ticks(period), ticks(period.previous()))
    return Breakdown("help", "Help asked for", "Help asked for", rows)


def by_language(scope: Scope, period: Period) -> Breakdown:
    def languages(p: Period) -> Counter:
        found = counted(sent_in(scope, p), "language__name")
        found["English, or not given"] += found.pop(None, 0)
        return +found  # without the zero

    rows = counts_by_name(languages(period), languages(period.previous()))
    return Breakdown("language", "Requests by language", "Language", rows)


def by_locality(scope: Scope, period: Period) -> Breakdown:
    def localities(p: Period) -> Counter:
        found = counted(sent_in(scope, p), "locality__name")
        found["No locality (yet)"] += found.pop(None, 0)
        return +found  # without the zero

    rows = counts_by_name(localities(period), localities(period.previous()))
    return Breakdown("request_locality", "Requests by locality", "Locality", rows)


def by_level(scope: Scope, period: Period) -> Breakdown:
    """Requests decided in the period, by the level of need decided."""

    def levels(p: Period) -> Counter:
        starts, ends = p.moments()
        decided = SupportRequest.objects.filter(
            scope.of(), decided_at__gte=starts, decided_at__lt=ends, level__isnull=False
        ).annotate(label=Concat(Cast("level__number", CharField()), Value(". "), "level__name"))
        return counted(decided, "label")

    rows = counts_by_name(levels(period), levels(period.previous()))
    return Breakdown("level", "Levels of need decided", "Level", rows)


def _steps(step: str, done: str, hours: tuple[int, int], now: dt.datetime) -> dict:
    """Conditional counts of one step (contact or decision): those whose time has come (done,
    or past due undone) and those done within the hours allowed (ordinary, or for a
    safeguarding concern). Times are compared as durations against constants, so no database
    does date arithmetic."""
    taken = ExpressionWrapper(F(done) - F("submitted_at"), output_field=DurationField())
    allowed = {False: dt.timedelta(hours=hours[0]), True: dt.timedelta(hours=hours[1])}
    overdue = Q()
    on_time = Q()
    for concern, allowance in allowed.items():
        overdue |= Q(safeguarding_concern=concern, submitted_at__lt=now - allowance)
        on_time |= Q(safeguarding_concern=concern, **{f"{step}_taken__lte": allowance})
    return {
        "annotation": {f"{step}_taken": taken},
        f"{step}_base": Count("pk", filter=Q(**{f"{done}__isnull": False}) | overdue),
        f"{step}_on_time": Count("pk", filter=Q(**{f"{done}__isnull": False}) & on_time),
    }


def _timeliness(scope: Scope, p: Period, now: dt.datetime) -> dict[str, float | int | None]:
    """Judged as the triage queue judges (triage.rules.allowed_hours), counted by the database:
    a step whose time has come (done, or overdue) counts, on time if done within its hours."""
    standard = TriageStandard.objects.filter(local_authority_id=scope.local_authority_id).first()
    standard = standard or TriageStandard(local_authority_id=scope.local_authority_id)
    ordinary = allowed_hours(standard, safeguarding_concern=False)
    urgent = allowed_hours(standard, safeguarding_concern=True)
    contact = _steps("contact", "first_contact_at", (ordinary[0], urgent[0]), now)
    decision = _steps("decision", "decided_at", (ordinary[1], urgent[1]), now)
    rows = sent_in(scope, p).annotate(**contact.pop("annotation"), **decision.pop("annotation"))
    figures = rows.aggregate(**contact, **decision)
    contact_hours = _hours_taken(rows, "first_contact_at")
    decision_hours = _hours_taken(rows, "decided_at")
    return {
        "contact_rate": rate(figures["contact_on_time"], figures["contact_base"]),
        "contact_base": figures["contact_base"],
        "decision_rate": rate(figures["decision_on_time"], figures["decision_base"]),
        "decision_base": figures["decision_base"],
        "contact_hours": middle(contact_hours),
        "contact_count": len(contact_hours),
        "decision_hours": middle(decision_hours),
        "decision_count": len(decision_hours),
    }


def _hours_taken(rows: QuerySet[SupportRequest], done: str) -> list[float]:
    """Hours from sending to a step, of the requests that reached it (a median needs them all)."""
    taken = rows.filter(**{f"{done}__isnull": False}).values_list(
        ExpressionWrapper(F(done) - F("submitted_at"), output_field=DurationField()), flat=True
    )
    return [span.total_seconds() / 3600 for span in taken]


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
    this, last = _timeliness(scope, period, now), _timeliness(scope, period.previous(), now)
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


def _rereferrals(scope: Scope, p: Period) -> tuple[int, int]:
    """Of the period's requests from a known household, how many came within a year of an
    earlier request of the same household (from anywhere: a family that moved still counts)."""
    earlier = SupportRequest.objects.filter(
        family_id=OuterRef("family_id"),
        submitted_at__lt=OuterRef("submitted_at"),
        submitted_at__gte=OuterRef("submitted_at") - Value(REREFERRAL_WINDOW),
    )
    figures = (
        sent_in(scope, p)
        .filter(family__isnull=False)
        .aggregate(again=Count("pk", filter=Exists(earlier)), known=Count("pk"))
    )
    return figures["again"], figures["known"]


def rereferrals(scope: Scope, period: Period) -> Measure:
    again, known = _rereferrals(scope, period)
    again_before, known_before = _rereferrals(scope, period.previous())
    return Measure(
        "rereferrals",
        "Requests from a household that asked in the 12 months before",
        rate(again, known),
        rate(again_before, known_before),
        "percent",
        base_now=known,
        base_before=known_before,
    )


def requests_by_month(scope: Scope, period: Period) -> list[int]:
    """Requests sent in each month of the period (period.months()), counted by the database."""
    months = sent_in(scope, period).annotate(month=TruncMonth("submitted_at"))
    return per_month(period, counted(months, "month"))
