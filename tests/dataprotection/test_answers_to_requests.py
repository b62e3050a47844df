"""What others wrote back about a request (a referred-to service's notes, children's social
care's advice) is part of a subject access report, and goes with the writer's erasure."""

import pytest
from django.utils import timezone

from familyhub.dataprotection.selectors import subject_access_report
from familyhub.dataprotection.services import ERASED, dp_request_decide, erasure_carry_out
from familyhub.frontdoor.models import SupportRequest
from tests.dataprotection_factories import ErasureRequestFactory, SubjectAccessRequestFactory
from tests.frontdoor_factories import ReferralAnswerFactory
from tests.socialcare_factories import HandoverAnswerFactory

pytestmark = pytest.mark.usefixtures("postcodes")
ADVICE = "Returned: Faisal's school should lead a Team Around the Family."
NOTE = "We have no places this term for Faisal's son."


@pytest.fixture
def answered(council):
    """A request handed over and returned by social care with advice; and a referral a
    service declined with a note."""
    returned = HandoverAnswerFactory(
        request__local_authority=council, decision="returned", advice=ADVICE
    ).request
    declined = ReferralAnswerFactory(
        request__local_authority=council, answer=SupportRequest.Answer.DECLINED, note=NOTE
    ).request
    return returned, declined


def _approved(dp_request, officer):
    return dp_request_decide(dp_request=dp_request, approve=True, reason="", by=officer)


def test_a_subject_access_report_shows_what_others_wrote_back(answered, data_protection_officer):
    for request, words in zip(answered, (ADVICE, NOTE), strict=True):
        dp_request = _approved(
            SubjectAccessRequestFactory(person=None, support_request=request),
            data_protection_officer,
        )
        report = subject_access_report(dp_request, today=timezone.localdate())
        text = " ".join(
            value
            for section in report.sections
            for entry in section.entries
            for value in entry.values()
        )
        assert words in text


def test_erasing_the_writers_words_erases_the_answers_too(answered, data_protection_officer):
    for request, words in zip(answered, (ADVICE, NOTE), strict=True):
        dp_request = _approved(
            ErasureRequestFactory(person=None, support_request=request), data_protection_officer
        )
        counts = erasure_carry_out(dp_request=dp_request, by=data_protection_officer)
        kept = [
            *request.social_care_answers.values_list("advice", flat=True),
            *request.answers.exclude(note="").values_list("note", flat=True),
        ]
        assert words not in kept and ERASED in kept
        assert (
            counts.get("socialcare.HandoverAnswer", 0) + counts.get("frontdoor.ReferralAnswer", 0)
            == 1
        )
