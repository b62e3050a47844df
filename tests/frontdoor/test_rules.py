"""The front door's pure rules."""

import datetime as dt

from familyhub.frontdoor import rules


def test_add_months_keeps_the_day_or_uses_the_last_day_of_a_short_month():
    assert rules.add_months(dt.date(2026, 3, 14), 10) == dt.date(2027, 1, 14)
    assert rules.add_months(dt.date(2026, 4, 30), 10) == dt.date(2027, 2, 28)


def test_a_draft_expires_after_28_days():
    created = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    assert not rules.draft_is_expired(created, created + dt.timedelta(days=27, hours=23))
    assert rules.draft_is_expired(created, created + dt.timedelta(days=28))
