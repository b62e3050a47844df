"""Once under real concurrency, on PostgreSQL (threads, each with its own connection): ten
answers to one invitation sent at the same moment make one answer, and the nine others are told
calmly; two runs of the job at once invite each family once. SQLite runs one writer at a time
(nothing concurrent to test); the same keys keep it right (test_survey.py, test_invitations.py).
"""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from familyhub.feedback.models import Answer, Invitation
from familyhub.feedback.services import answer_give, feedback_invitations_send
from familyhub.frontdoor.models import SupportRequest
from familyhub.notifications.models import Message
from tests.activities.test_concurrency import run_together
from tests.casework_factories import ClosedEpisodeFactory
from tests.feedback_factories import EpisodeInvitationFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer at a time: nothing runs concurrently to test",
    ),
]


def test_ten_answers_at_once_make_one(postcodes):
    invitation = EpisodeInvitationFactory()
    recorded = []

    def answer(n: int) -> None:
        recorded.append(
            answer_give(
                invitation=invitation, helpfulness=1 + n % 5, told_story_once="yes", better=""
            )
        )

    errors = run_together(answer, list(range(10)))

    assert errors == []
    assert sorted(recorded) == [False] * 9 + [True]
    assert Answer.objects.filter(invitation=invitation).count() == 1


def test_two_runs_of_the_job_at_once_invite_each_family_once(postcodes):
    for n in range(5):
        episode = ClosedEpisodeFactory(closed_on=timezone.localdate() - dt.timedelta(days=1))
        episode.request = SubmittedRequestFactory(
            local_authority=episode.local_authority,
            contact_method=SupportRequest.Contact.EMAIL,
            email=f"parent{n}@example.org",
        )
        episode.save()
    invited = []

    errors = run_together(lambda _n: invited.append(feedback_invitations_send()), [1, 2])

    assert errors == []
    assert sum(invited) == 5
    assert Invitation.objects.count() == 5
    assert Message.objects.filter(template="feedback_episode").count() == 5
