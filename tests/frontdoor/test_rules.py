"""The front door's pure rules and the stop-gap encoding of extra answers."""

import datetime as dt

from familyhub.frontdoor import rules
from familyhub.frontdoor.journey import ExtraAnswers, extra_decode, extra_encode


def test_add_months_keeps_the_day_or_uses_the_last_day_of_a_short_month():
    assert rules.add_months(dt.date(2026, 3, 14), 10) == dt.date(2027, 1, 14)
    assert rules.add_months(dt.date(2026, 4, 30), 10) == dt.date(2027, 2, 28)


def test_a_draft_expires_after_28_days():
    created = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC)
    assert not rules.draft_is_expired(created, created + dt.timedelta(days=27, hours=23))
    assert rules.draft_is_expired(created, created + dt.timedelta(days=28))


def test_extra_answers_read_back_what_was_written_and_read_well_for_staff():
    extra = ExtraAnswers(
        asker="young_person",
        help=["money", "home"],
        help_other="Line one\nLine two",
        safety_answered=True,
        sharing_answered=True,
    )

    text = extra_encode(extra)

    assert "Asked by: I am a young person" in text
    assert "Help with: Money, bills or debt; Arguments or violence at home" in text
    assert extra_decode(text) == extra
    assert extra_decode("") == ExtraAnswers()
