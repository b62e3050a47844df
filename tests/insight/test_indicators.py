"""Every indicator on built data whose answers were worked out by hand: periods that cut through
an episode, re-referrals across a year boundary, merged people counted once."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed
from familyhub.families.models import Ethnicity
from familyhub.frontdoor.models import SupportRequest
from familyhub.insight import indicators_earlyhelp as earlyhelp
from familyhub.insight import indicators_frontdoor as frontdoor
from familyhub.insight.period import Period, year_to
from familyhub.insight.scope import Scope
from tests.casework_factories import (
    EpisodeEventFactory,
    EpisodeFactory,
    PlanNeedFactory,
    ReviewFactory,
    ReviewScoreFactory,
)
from tests.factories import LocalityFactory
from tests.families_factories import FamilyFactory, MembershipFactory, PersonFactory
from tests.frontdoor_factories import SubmittedRequestFactory, TriageStandardFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))  # previous: 1 to 31 December 2025
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=LONDON)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def sent(council, day: dt.date, **details):
    return SubmittedRequestFactory(local_authority=council, submitted_at=at(day), **details)


def test_a_period_and_the_one_before():
    assert JANUARY.previous() == Period(dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert [m.starts for m in Period(dt.date(2026, 1, 15), dt.date(2026, 3, 2)).months()] == [
        dt.date(2026, 1, 15),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    ]
    assert year_to(dt.date(2026, 3, 31)) == Period(dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_requests_by_the_day_they_were_sent_and_by_source(council):
    scope = Scope(council.pk)
    sent(council, dt.date(2026, 1, 1))
    sent(council, dt.date(2026, 1, 31), source=SupportRequest.Source.PRACTITIONER)
    sent(council, dt.date(2025, 12, 31))
    sent(council, dt.date(2026, 2, 1))
    SubmittedRequestFactory(local_authority=council, status="draft", submitted_at=None)

    received = frontdoor.requests_received(scope, JANUARY)
    sources = dict(frontdoor.by_source(scope, JANUARY).rows)

    assert (received.now, received.before) == (2, 1)
    assert sources["The family"] == [1, 1]
    assert sources["A practitioner"] == [1, 0]
    assert frontdoor.requests_by_month(scope, Period(dt.date(2025, 12, 1), JANUARY.ends)) == [1, 2]


def test_help_asked_for_counts_every_tick(council):
    help_ = SupportRequest.Help
    sent(council, dt.date(2026, 1, 5), help_choices=[help_.PARENTING, help_.MONEY])
    sent(council, dt.date(2026, 1, 6), help_choices=[help_.PARENTING])

    rows = dict(frontdoor.by_help_asked(Scope(council.pk), JANUARY).rows)

    assert rows[str(help_.PARENTING.label)] == [2, 0]
    assert rows[str(help_.MONEY.label)] == [1, 0]


def test_contact_and_decision_against_the_standard(council):
    """Standard: contact within 24 hours, decide within 72 (a concern: 1 hour for both)."""
    TriageStandardFactory(local_authority=council)
    day = dt.date(2026, 1, 10)
    sent(  # contacted in 2 hours, decided in 10: both on time
        council,
        day,
        first_contact_at=at(day, 12),
        decided_at=at(day, 20),
    )
    sent(  # contacted in 48 hours: late; decided in 50: on time
        council,
        day,
        first_contact_at=at(day, 10) + dt.timedelta(hours=48),
        decided_at=at(day, 10) + dt.timedelta(hours=50),
    )
    sent(  # a concern contacted in 2 hours: late for its 1-hour standard; never decided: late
        council,
        day,
        safeguarding_concern=True,
        first_contact_at=at(day, 12),
    )

    measures = {m.key: m for m in frontdoor.timeliness(Scope(council.pk), JANUARY, NOW)}

    assert measures["contact_on_time"].now == pytest.approx(100 / 3)
    assert measures["contact_on_time"].base_now == 3
    assert measures["decision_on_time"].now == pytest.approx(200 / 3)
    assert measures["contact_hours"].now == 2
    assert measures["decision_hours"].now == 30  # the median of 10 and 50
    assert measures["contact_on_time"].before is None


def test_a_request_not_yet_due_is_not_counted_late_or_on_time(council):
    TriageStandardFactory(local_authority=council)
    now = at(dt.date(2026, 1, 20), 12)
    sent(council, dt.date(2026, 1, 20))  # sent at 10:00, due by 10:00 tomorrow

    measures = {m.key: m for m in frontdoor.timeliness(Scope(council.pk), JANUARY, now)}

    assert measures["contact_on_time"].base_now == 0
    assert measures["contact_on_time"].now is None


def test_rereferrals_across_the_year_boundary(council):
    again, first_time, long_ago = (FamilyFactory(local_authority=council) for _ in range(3))
    sent(council, dt.date(2025, 12, 20), family=again)
    sent(council, dt.date(2026, 1, 10), family=again)  # 21 days after: a re-referral
    sent(council, dt.date(2026, 1, 12), family=first_time)
    sent(council, dt.date(2024, 12, 1), family=long_ago)
    sent(council, dt.date(2026, 1, 14), family=long_ago)  # 13 months after: not
    sent(council, dt.date(2026, 1, 15))  # no household yet: not counted either way

    measure = frontdoor.rereferrals(Scope(council.pk), JANUARY)

    assert measure.base_now == 3
    assert measure.now == pytest.approx(100 / 3)
    # December's one request (from `again`) had nothing before it.
    assert (measure.before, measure.base_before) == (0, 1)


def episode(council, opened, closed=None, **details):
    details.setdefault("status", Episode.Status.CLOSED if closed else Episode.Status.OPEN)
    return EpisodeFactory(
        family=FamilyFactory(local_authority=council),
        opened_on=opened,
        closed_on=closed,
        **details,
    )


def test_periods_that_cut_through_an_episode(council):
    scope = Scope(council.pk)
    through = episode(council, dt.date(2025, 11, 1), dt.date(2026, 2, 15))  # open all January
    episode(council, dt.date(2026, 1, 10), dt.date(2026, 1, 20))  # opened and closed in it
    episode(council, dt.date(2025, 12, 5))  # opened in December, still open
    episode(council, dt.date(2026, 2, 1))  # after January

    counts = {m.key: (m.now, m.before) for m in earlyhelp.episode_counts(scope, JANUARY)}

    assert counts["opened"] == (1, 1)
    assert counts["open"] == (2, 2)  # at 31 January: through + December's; at 31 Dec: the same
    assert counts["closed"] == (1, 0)
    assert through in earlyhelp.episodes_open_on(scope, JANUARY.ends)


def test_a_step_up_closes_early_help_until_social_care_returns_it(council):
    scope = Scope(council.pk)
    up = episode(council, dt.date(2025, 10, 1), status=Episode.Status.OPEN)
    EpisodeEventFactory(episode=up, kind=EpisodeEvent.Kind.STEPPED_UP, on=dt.date(2025, 12, 10))
    EpisodeEventFactory(episode=up, kind=EpisodeEvent.Kind.RETURNED, on=dt.date(2026, 1, 15))
    down = episode(council, dt.date(2026, 1, 3), source=Episode.Source.STEP_DOWN)

    assert up not in earlyhelp.episodes_open_on(scope, dt.date(2025, 12, 31))
    assert up in earlyhelp.episodes_open_on(scope, JANUARY.ends)
    rates = {m.key: m for m in earlyhelp.stepping(scope, JANUARY)}
    assert (rates["step_up_rate"].now, rates["step_up_rate"].before) == (0, 100)
    assert rates["step_down_share"].now == 100
    assert rates["step_down_share"].base_now == 1
    assert down.pk


def test_reviews_on_time_against_the_interval_from_the_one_before(council):
    scope = Scope(council.pk)
    every_four_weeks = episode(council, dt.date(2025, 12, 1), review_interval_weeks=4)
    ReviewFactory(episode=every_four_weeks, held_on=dt.date(2025, 12, 29))  # due 29 Dec: on time
    ReviewFactory(episode=every_four_weeks, held_on=dt.date(2026, 1, 27))  # due 26 Jan: late
    ReviewFactory(episode=every_four_weeks, held_on=dt.date(2026, 1, 30))  # due 24 Feb: on time

    measure = earlyhelp.reviews_on_time(scope, JANUARY)

    assert (measure.now, measure.base_now) == (50, 2)
    assert (measure.before, measure.base_before) == (100, 1)


def test_outcomes_and_distance_travelled_of_closed_episodes(council):
    scope = Scope(council.pk)
    closed = episode(council, dt.date(2025, 9, 1), dt.date(2026, 1, 20))
    housing = PlanNeedFactory(
        episode=closed, outcome=Outcome.HOUSING, baseline_score=8, result=PlanNeed.Result.ACHIEVED
    )
    health = PlanNeedFactory(
        episode=closed, outcome=Outcome.HEALTH, baseline_score=6, result=PlanNeed.Result.PARTLY
    )
    first = ReviewFactory(episode=closed, held_on=dt.date(2025, 11, 1))
    last = ReviewFactory(episode=closed, held_on=dt.date(2026, 1, 10))
    ReviewScoreFactory(review=first, need=housing, score=5)
    ReviewScoreFactory(review=last, need=housing, score=2)
    ReviewScoreFactory(review=first, need=health, score=5)
    still_open = episode(council, dt.date(2025, 9, 1))
    PlanNeedFactory(episode=still_open, outcome=Outcome.HOUSING, result=PlanNeed.Result.NOT)

    rows = dict(earlyhelp.outcomes(scope, JANUARY).rows)
    travelled = {row.outcome: row for row in earlyhelp.distance_travelled(scope, JANUARY)}

    assert rows[str(Outcome.HOUSING.label)] == [1, 0, 0]
    assert rows[str(Outcome.HEALTH.label)] == [0, 1, 0]
    assert travelled[str(Outcome.HOUSING.label)].change == 6  # 8 at the start, 2 at the last
    assert travelled[str(Outcome.HEALTH.label)].change == 1
    assert travelled[str(Outcome.CRIME.label)].needs == 0


def test_merged_people_are_counted_once(council):
    scope = Scope(council.pk)
    new = episode(council, dt.date(2026, 1, 5))
    kept = PersonFactory(local_authority=council, ethnicity=Ethnicity.ASIAN_BANGLADESHI)
    duplicate = PersonFactory(
        local_authority=council, ethnicity=Ethnicity.ASIAN_BANGLADESHI, merged_into=kept
    )
    MembershipFactory(family=new.family, person=kept)
    MembershipFactory(family=new.family, person=duplicate)
    other = episode(council, dt.date(2026, 1, 6))
    MembershipFactory(family=other.family, person=kept)  # in two households: still one child

    rows = dict(earlyhelp.children_by_ethnicity(scope, JANUARY).rows)

    assert rows[str(Ethnicity.ASIAN_BANGLADESHI.label)] == [1, 0]


def test_a_locality_scope_counts_only_its_own(council):
    locality = LocalityFactory(local_authority=council)
    elsewhere = episode(council, dt.date(2026, 1, 5))
    ours = episode(council, dt.date(2026, 1, 6), locality=locality)

    opened = earlyhelp.opened_in(Scope(council.pk, locality.pk), JANUARY)

    assert list(opened) == [ours]
    assert elsewhere not in opened
