"""The universal offer's and family feedback's indicators on built data with answers worked out
by hand: births and contact within 28 days, under-fives registered, visits and families coming
back, the 2-year offer's take-up, the survey's figures and the themes of what families wrote."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from familyhub.earlyeducation.rules import Term
from familyhub.feedback.models import Answer
from familyhub.insight import indicators_feedback as feedback
from familyhub.insight import indicators_universal as universal
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope
from tests.activities_factories import AttendanceFactory, HubRegistrationFactory, SessionFactory
from tests.earlyeducation_factories import EligibilityFactory, EligibleChildFactory, TakeUpFactory
from tests.factories import LocalityFactory, LocationFactory
from tests.families_factories import FamilyFactory, MembershipFactory, PersonFactory
from tests.feedback_factories import AnswerFactory, EpisodeInvitationFactory
from tests.startforlife_factories import BirthNotificationFactory, SentInvitationFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def measures(found) -> dict:
    return {m.key: m for m in found}


def test_births_and_new_parents_contacted_within_28_days(council):
    def birth(on: dt.date, invited_after_days: int | None):
        notice = BirthNotificationFactory(family__local_authority=council, born_on=on)
        if invited_after_days is not None:
            SentInvitationFactory(
                notification=notice, sent_at=at(on + dt.timedelta(days=invited_after_days))
            )

    birth(dt.date(2026, 1, 3), 10)  # contacted in time
    birth(dt.date(2026, 1, 5), 28)  # on the 28th day: in time
    birth(dt.date(2026, 1, 9), 40)  # too late
    birth(dt.date(2026, 1, 20), None)  # not contacted (yet)
    birth(dt.date(2025, 12, 20), 3)  # December's one birth, in time

    found = measures(universal.reach(Scope(council.pk), JANUARY))

    assert (found["births"].now, found["births"].before) == (4, 1)
    assert found["contacted_28_days"].now == 50
    assert found["contacted_28_days"].before == 100


def test_children_under_five_registered_with_a_hub(council):
    registered = FamilyFactory(local_authority=council)
    HubRegistrationFactory(family=registered, registered_on=dt.date(2025, 12, 10))
    for born in (dt.date(2022, 6, 1), dt.date(2020, 12, 1), dt.date(2021, 2, 1)):
        MembershipFactory(
            family=registered, person=PersonFactory(local_authority=council, date_of_birth=born)
        )
    later = FamilyFactory(local_authority=council)
    HubRegistrationFactory(family=later, registered_on=dt.date(2026, 1, 20))
    MembershipFactory(family=later, person=PersonFactory(date_of_birth=dt.date(2025, 3, 1)))
    not_registered = FamilyFactory(local_authority=council)
    MembershipFactory(
        family=not_registered, person=PersonFactory(date_of_birth=dt.date(2025, 1, 1))
    )

    found = measures(universal.reach(Scope(council.pk), JANUARY))

    # At 31 January: 2022's child and 2021's (five on 1 February), and the later family's.
    assert found["under_fives_registered"].now == 3
    # At 31 December: the later family had not registered; 2020's child turned five on 1 Dec.
    assert found["under_fives_registered"].before == 2


def test_visits_and_families_who_came_three_times(council):
    hub = LocationFactory(local_authority=council, kind="main_hub")
    spoke = LocationFactory(local_authority=council, kind="spoke", hub=hub)
    elsewhere = LocationFactory(local_authority=council, kind="main_hub")
    regular, twice = FamilyFactory(local_authority=council), FamilyFactory(local_authority=council)
    for day, place in ((5, hub), (12, spoke), (19, hub)):
        session = SessionFactory(location=place, starts=at(dt.date(2026, 1, day)))
        AttendanceFactory(session=session, family=regular, walk_in=True)
    for day in (6, 13):
        session = SessionFactory(location=hub, starts=at(dt.date(2026, 1, day)))
        AttendanceFactory(session=session, family=twice, walk_in=True)
        AttendanceFactory(session=session)  # a walk-in not on the record
    AttendanceFactory(session=SessionFactory(location=elsewhere, starts=at(dt.date(2026, 1, 7))))
    AttendanceFactory(session=SessionFactory(location=hub, starts=at(dt.date(2025, 12, 1))))

    council_wide = measures(universal.reach(Scope(council.pk), JANUARY))
    at_the_hub = measures(universal.reach(Scope(council.pk, hub_id=hub.pk), JANUARY))

    assert (council_wide["visits"].now, council_wide["visits"].before) == (8, 1)
    assert at_the_hub["visits"].now == 7
    assert council_wide["sustained"].now == 1
    assert at_the_hub["sustained"].now == 1


def test_two_year_offer_take_up_of_the_latest_term_begun(council):
    locality = LocalityFactory(local_authority=council)

    def eligible(term: Term, took_up: bool):
        eligibility = EligibilityFactory(
            child=EligibleChildFactory(local_authority=council),
            term_year=term.year,
            term_season=term.season,
            locality=locality,
        )
        if took_up:
            TakeUpFactory(eligibility=eligibility)

    autumn, spring = Term(2025, "autumn"), Term(2026, "spring")
    for took_up in (True, True, False, False):
        eligible(spring, took_up)
    for took_up in (True, False):
        eligible(autumn, took_up)

    measure = universal.two_year_offer(Scope(council.pk), JANUARY)

    assert measure.label.endswith(f"({spring.label})")
    assert (measure.now, measure.base_now) == (50, 4)
    assert (measure.before, measure.base_before) == (50, 2)


def test_the_survey_figures_and_themes(council):
    def answered(sent: dt.date, helpfulness: int, once: str, better: str):
        invitation = EpisodeInvitationFactory(
            episode__family__local_authority=council, sent_at=at(sent)
        )
        AnswerFactory(
            invitation=invitation,
            helpfulness=helpfulness,
            told_story_once=once,
            better=better,
            answered_at=at(sent + dt.timedelta(days=1)),  # comments count when written
        )

    answered(dt.date(2026, 1, 4), 5, Answer.StoryOnce.YES, "We waited too long for a call")
    answered(dt.date(2026, 1, 8), 3, Answer.StoryOnce.NO, "I had to tell my story again")
    answered(dt.date(2026, 1, 9), 4, Answer.StoryOnce.NOT_SURE, "আরও সেশন চাই")
    EpisodeInvitationFactory(
        episode__family__local_authority=council, sent_at=at(dt.date(2026, 1, 9))
    )

    found = measures(feedback.survey(Scope(council.pk), JANUARY))
    themes = dict(feedback.themes(Scope(council.pk), JANUARY).rows)

    assert (found["invited"].now, found["answered"].now) == (4, 3)
    assert found["helpful"].now == 4
    assert found["told_once"].now == pytest.approx(100 / 3)
    assert themes["Waiting and time"][0] == 1
    assert themes["Telling our story again"][0] == 1
    assert themes["In Bengali"][0] == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The interpreter was late", ["Waiting and time", "Language and interpreters"]),
        ("Lovely staff", ["Other"]),
        ("আমাদের কথা শোনা হয়েছে", ["In Bengali"]),
    ],
)
def test_a_comment_s_themes(text, expected):
    assert feedback.theme_of(text) == expected


def test_births_and_visits_by_locality(council):
    north, south = (LocalityFactory(local_authority=council, name=n) for n in ("North", "South"))
    BirthNotificationFactory(
        family__local_authority=council, family__locality=north, born_on=dt.date(2026, 1, 3)
    )
    BirthNotificationFactory(
        family__local_authority=council, family__locality=None, born_on=dt.date(2026, 1, 4)
    )
    place = LocationFactory(local_authority=council, locality=south)
    AttendanceFactory(session=SessionFactory(location=place, starts=at(dt.date(2026, 1, 8))))

    births = dict(universal.births_by_locality(Scope(council.pk), JANUARY).rows)
    visits = dict(universal.visits_by_locality(Scope(council.pk), JANUARY).rows)

    assert births == {"North": [1, 0], "Postcode not placed yet": [1, 0]}
    assert visits == {"South": [1, 0]}
