"""The figures and comments insight reads, on hand-built data with known answers: a council of
two localities, six invitations in the first quarter of 2026, and others just outside it or in
another council that must not count."""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.feedback.selectors import Scores, feedback_comments, feedback_scores
from tests.factories import LocalAuthorityFactory, LocalityFactory, LocationFactory
from tests.feedback_factories import (
    AnswerFactory,
    EpisodeInvitationFactory,
    SessionInvitationFactory,
)

pytestmark = pytest.mark.django_db

STARTS, ENDS = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def at(*when: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*when))


@pytest.fixture
def world():
    council = LocalAuthorityFactory()
    other = LocalAuthorityFactory(code="E09000012", name="Hackney", slug="hackney")
    north = LocalityFactory(local_authority=council, name="North")
    south = LocalityFactory(local_authority=council, name="South")
    hub = LocationFactory(local_authority=council, kind="main_hub", locality=north)

    def invite(kind, locality, sent, answer=None, *, council=council, hub=None):
        make = EpisodeInvitationFactory if kind == "episode" else SessionInvitationFactory
        invitation = make(local_authority=council, locality=locality, hub=hub, sent_at=sent)
        if answer:
            helpfulness, told, better, answered = answer
            AnswerFactory(
                invitation=invitation,
                helpfulness=helpfulness,
                told_story_once=told,
                better=better,
                answered_at=answered,
            )
        return invitation

    invite("episode", north, at(2026, 1, 5), (5, "yes", "More evening sessions", at(2026, 1, 10)))
    invite("episode", north, at(2026, 2, 1), (3, "no", "", at(2026, 2, 2)), hub=hub)
    invite("episode", south, at(2026, 3, 1))
    # Sent on the period's last evening, answered after it: counted, as an answer to it.
    invite(
        "session", north, at(2026, 3, 31, 23, 30), (4, "not_sure", "Bigger room", at(2026, 4, 2))
    )
    invite("session", south, at(2026, 2, 5), (2, "yes", "", at(2026, 2, 6)))
    invite("session", south, at(2026, 2, 5))
    # Outside: sent the evening before, the first night after, another council.
    invite("episode", north, at(2025, 12, 31, 23, 30), (1, "no", "Too late", at(2026, 1, 3)))
    invite("session", south, at(2026, 4, 1, 0, 30), (1, "no", "Too early", at(2026, 4, 1, 9)))
    invite("episode", None, at(2026, 2, 1), (1, "no", "Elsewhere", at(2026, 2, 1)), council=other)
    return {"council": council, "north": north, "south": south, "hub": hub}


def test_the_councils_figures_by_what_they_were_about(world):
    figures = feedback_scores(local_authority_id=world["council"].pk, starts=STARTS, ends=ENDS)

    assert figures["episode"] == Scores(
        invited=3, answered=2, response_rate=2 / 3, mean_helpfulness=4.0, told_once_share=0.5
    )
    assert figures["session"] == Scores(
        invited=3, answered=2, response_rate=2 / 3, mean_helpfulness=3.0, told_once_share=0.5
    )
    assert figures["all"] == Scores(
        invited=6, answered=4, response_rate=4 / 6, mean_helpfulness=3.5, told_once_share=0.5
    )


def test_a_localitys_figures(world):
    figures = feedback_scores(
        local_authority_id=world["council"].pk,
        locality_id=world["north"].pk,
        starts=STARTS,
        ends=ENDS,
    )

    assert figures["episode"] == Scores(2, 2, 1.0, 4.0, 0.5)
    assert figures["session"] == Scores(1, 1, 1.0, 4.0, 0.0)
    assert figures["all"] == Scores(3, 3, 1.0, 4.0, 1 / 3)


def test_a_hubs_figures(world):
    figures = feedback_scores(
        local_authority_id=world["council"].pk, hub_id=world["hub"].pk, starts=STARTS, ends=ENDS
    )

    assert figures["all"] == Scores(1, 1, 1.0, 3.0, 0.0)


def test_nothing_sent_is_no_rate_and_no_mean(world):
    figures = feedback_scores(
        local_authority_id=world["council"].pk,
        starts=dt.date(2025, 6, 1),
        ends=dt.date(2025, 6, 30),
    )

    assert figures["all"] == Scores(0, 0, None, None, None)
    assert set(figures) == {"episode", "session", "all"}


def test_the_comments_written_in_the_period_newest_first_without_the_family(world):
    comments = feedback_comments(local_authority_id=world["council"].pk, starts=STARTS, ends=ENDS)

    assert [(c.answered_on, c.about, c.about_label, c.locality, c.text) for c in comments] == [
        (dt.date(2026, 1, 10), "episode", "Early help", "North", "More evening sessions"),
        (dt.date(2026, 1, 3), "episode", "Early help", "North", "Too late"),
    ]
    assert set(vars(comments[0])) == {"answered_on", "about", "about_label", "locality", "text"}


def test_a_localitys_comments(world):
    comments = feedback_comments(
        local_authority_id=world["council"].pk,
        locality_id=world["south"].pk,
        starts=dt.date(2026, 4, 1),
        ends=dt.date(2026, 4, 30),
    )

    assert [(c.about, c.text) for c in comments] == [("session", "Too early")]
