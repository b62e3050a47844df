"""A household's answers to the feedback survey are in its members' subject access reports;
erasure clears what they wrote and unlinks the answers from them (the scores stay counted)."""

import pytest
from django.utils import timezone

from familyhub.dataprotection.selectors import subject_access_report
from familyhub.dataprotection.services import dp_request_decide, erasure_carry_out
from familyhub.feedback.models import Answer, Invitation
from familyhub.feedback.selectors import feedback_scores
from tests.activities_factories import BookingFactory
from tests.dataprotection.test_erasure import signposted  # noqa: F401  (Hodan, alone)
from tests.dataprotection_factories import ErasureRequestFactory, SubjectAccessRequestFactory
from tests.feedback_factories import AnswerFactory, SessionInvitationFactory

pytestmark = pytest.mark.usefixtures("postcodes")


def _approved(dp_request, officer):
    return dp_request_decide(dp_request=dp_request, approve=True, reason="", by=officer)


def test_the_households_answers_are_in_the_report_and_their_words_go_with_erasure(
    signposted,  # noqa: F811
    data_protection_officer,
):
    family, hodan, _request = signposted
    invitation = SessionInvitationFactory(
        booking=BookingFactory(family=family, session__activity__name="Rhyme time"),
        family=family,
        local_authority=family.local_authority,
    )
    AnswerFactory(invitation=invitation, helpfulness=2, better="The room was too cold")
    AnswerFactory(better="Somebody else's words")  # another household's

    report = subject_access_report(
        _approved(SubjectAccessRequestFactory(person=hodan), data_protection_officer),
        today=timezone.localdate(),
    )
    section = next(s for s in report.sections if s.title == "Feedback you gave")
    assert [(e["About"], e["How helpful"], e["What could be better"]) for e in section.entries] == [
        ("Rhyme time", "2 out of 5", "The room was too cold")
    ]

    counts = erasure_carry_out(
        dp_request=_approved(ErasureRequestFactory(person=hodan), data_protection_officer),
        by=data_protection_officer,
    )

    answer = Answer.objects.get(invitation=invitation)
    invitation.refresh_from_db()
    assert (answer.better, answer.helpfulness) == ("", 2)
    assert (invitation.family, invitation.booking, invitation.episode) == (None, None, None)
    assert counts["feedback.Answer"] == 1 and counts["feedback.Invitation"] == 1
    assert Answer.objects.filter(better="Somebody else's words").exists()
    today = timezone.localdate()
    figures = feedback_scores(
        local_authority_id=family.local_authority_id, starts=today, ends=today
    )
    assert figures["session"].answered == 1  # still counted, about nobody
    assert Invitation.objects.filter(family=family).count() == 0
