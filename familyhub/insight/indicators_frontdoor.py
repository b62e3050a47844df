"""The front door's indicators: requests by source, help asked for and language; how soon
families were contacted and decided against the council's standard; the levels decided; and
families asking again within a year.

Times are measured against the standard the triage queue uses (triage.rules.timers), so the
history says what the queue said at the time.
"""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from familyhub.frontdoor.models import SupportRequest, TriageStandard
from familyhub.insight.figures import (
    Breakdown,
    Measure,
    counts_by_choice,
    counts_by_name,
    middle,
    rate,
)
from familyhub.insight.period import Period
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
    def sources(p: Period) -> list[str]:
        return list(sent_in(scope, p).values_list("source", flat=True))

    rows = counts_by_choice(
        SupportRequest.Source.choices, sources(period), sources(period.previous())
    )
    return Breakdown("source", "Requests by who asked", "Who asked", rows)


def by_help_asked(scope: Scope, period: Period) -> Breakdown:
    """Each kind of help ticked (a request may tick several, so the total counts ticks)."""

    def ticks(p: Period) -> list[str]:
        return [
            key
            for chosen in sent_in(scope, p).values_list("help_choices", flat=True)
            for key in chosen or []
        ]

    rows = counts_by_choice(SupportRequest.Help.choices, ticks(period), ticks(period.previous()))
    return Breakdown("help", "Help asked for", "Help asked for", rows)


def by_language(scope: Scope, period: Period) -> Breakdown:
    def languages(p: Period) -> list[str]:
        return [
            name or "English, or not given"
            for name in sent_in(scope, p).values_list("language__name", flat=True)
        ]

    rows = counts_by_name(languages(period), languages(period.previous()))
    return Breakdown("language", "Requests by language", "Language", rows)


def by_level(scope: Scope, period: Period) -> Breakdown:
    """Requests decided in the period, by the level of need decided."""

    def levels(p: Period) -> list[str]:
        starts, ends = p.moments()
        decided = SupportRequest.objects.filter(
            scope.of(), decided_at__gte=starts, decided_at__lt=ends, level__isnull=False
        )
        return [
            f"{number}. {name}"
            for number, name in decided.values_list("level__number", "level__name")
        ]

    rows = counts_by_name(levels(period), levels(period.previous()))
    return Breakdown("level", "Levels of need decided", "Level", rows)


def _timeliness(scope: Scope, p: Period, now: dt.datetime) -> dict[str, float | int | None]:
    """Judged as the triage queue judges (triage.rules.allowed_hours), over plain rows: a
    year of a borough's requests is tens of thousands."""
    standard = TriageStandard.objects.filter(local_authority_id=scope.local_authority_id).first()
    standard = standard or TriageStandard(local_authority_id=scope.local_authority_id)
    allowances = {
        concern: tuple(
            dt.timedelta(hours=h) for h in allowed_hours(standard, safeguarding_concern=concern)
        )
        for concern in (False, True)
    }
    rows = sent_in(scope, p).values_list(
        "submitted_at", "first_contact_at", "decided_at", "safeguarding_concern"
    )
    counts = {"contacted": 0, "contact_due": 0, "decided": 0, "decision_due": 0}
    contact_hours, decision_hours = [], []
    for submitted, contacted, decided, concern in rows:
        contact_allowed, decision_allowed = allowances[concern]
        _judge(counts, "contact", submitted + contact_allowed, contacted, now)
        _judge(counts, "decision", submitted + decision_allowed, decided, now)
        if contacted:
            contact_hours.append(_hours(contacted - submitted))
        if decided:
            decision_hours.append(_hours(decided - submitted))
    return {
        "contact_rate": rate(counts["contacted"], counts["contact_due"]),
        "contact_base": counts["contact_due"],
        "decision_rate": rate(counts["decided"], counts["decision_due"]),
        "decision_base": counts["decision_due"],
        "contact_hours": middle(contact_hours),
        "contact_count": len(contact_hours),
        "decision_hours": middle(decision_hours),
        "decision_count": len(decision_hours),
    }


def _judge(
    counts: dict[str, int], step: str, due: dt.datetime, done: dt.datetime | None, now: dt.datetime
) -> None:
    """Count a step whose time has come (done, or overdue), and whether it was on time."""
    if done is None and now <= due:
        return
    counts[f"{step}_due"] += 1
    counts["contacted" if step == "contact" else "decided"] += (done or now) <= due


def _hours(span: dt.timedelta) -> float:
    return span.total_seconds() / 3600


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
    requests = list(
        sent_in(scope, p).filter(family__isnull=False).values_list("family_id", "submitted_at")
    )
    if not requests:
        return 0, 0
    since = min(sent for _family, sent in requests) - REREFERRAL_WINDOW
    earlier: dict = {}
    for family, sent in SupportRequest.objects.filter(
        family_id__in={family for family, _sent in requests}, submitted_at__gte=since
    ).values_list("family_id", "submitted_at"):
        earlier.setdefault(family, []).append(sent)
    again = sum(
        any(sent - REREFERRAL_WINDOW <= other < sent for other in earlier[family])
        for family, sent in requests
    )
    return again, len(requests)


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
    """Requests sent in each month of the period (period.months())."""
    months = period.months()
    counts = [0] * len(months)
    for sent in sent_in(scope, period).values_list("submitted_at", flat=True):
        day = timezone.localdate(sent)
        counts[next(i for i, month in enumerate(months) if month.contains(day))] += 1
    return counts
