"""The insight page's sections worked out at once, each on its own connection (PostgreSQL,
outside a transaction), give exactly what working them out one after the other gives."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from familyhub.insight.at_once import at_once, may_run_at_once
from familyhub.insight.dashboard import Viewer, sections
from familyhub.insight.period import Period
from familyhub.insight.scope import Scope
from tests.casework_factories import EpisodeFactory, ReviewFactory
from tests.factories import LocalAuthorityFactory
from tests.families_factories import FamilyFactory, MembershipFactory, PersonFactory
from tests.frontdoor_factories import SubmittedRequestFactory

LONDON = ZoneInfo("Europe/London")
JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
NOW = dt.datetime(2026, 3, 1, 12, tzinfo=LONDON)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL works sections out at once"
)


def a_borough_with_some_history():
    council = LocalAuthorityFactory()
    for day in (dt.date(2025, 12, 5), dt.date(2026, 1, 2), dt.date(2026, 1, 20)):
        family = FamilyFactory(local_authority=council)
        MembershipFactory(family=family, person=PersonFactory(local_authority=council))
        SubmittedRequestFactory(
            local_authority=council,
            family=family,
            submitted_at=dt.datetime(day.year, day.month, day.day, 10, tzinfo=LONDON),
        )
        opened = EpisodeFactory(local_authority=council, family=family, opened_on=day)
        ReviewFactory(episode=opened, held_on=day + dt.timedelta(weeks=6))
    return council


@pytest.mark.django_db(transaction=True)
def test_sections_at_once_are_the_sections_one_after_the_other():
    council = a_borough_with_some_history()
    scope = Scope(council.pk)
    assert may_run_at_once()

    together = sections(scope, JANUARY, NOW, Viewer(small_numbers=True))
    with transaction.atomic():  # inside a transaction: one after the other
        assert not may_run_at_once()
        in_turn = sections(scope, JANUARY, NOW, Viewer(small_numbers=True))

    assert together == in_turn
    assert together[0].measures[0].now == 2  # January's two requests, seen from every thread


def connections_to_this_database() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_parts_run_on_threads_of_their_own_and_close_their_connections():
    main = threading.get_ident()
    before = connections_to_this_database()

    found = at_once([threading.get_ident, threading.get_ident, connections_to_this_database])

    assert main not in found[:2]
    assert found[2] > before  # a part's own connection, open while it ran
    assert connections_to_this_database() == before


@pytest.mark.django_db
def test_inside_a_transaction_the_parts_run_here_in_turn():
    main = threading.get_ident()

    assert at_once([threading.get_ident, threading.get_ident]) == [main, main]
