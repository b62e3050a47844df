"""Children's social care answers handovers: a request triage handed over, and an episode's
step-up; and steps a family down through the front door."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.referrals.services import ReferralData, ReferredPerson
from familyhub.notifications.models import Notice
from familyhub.socialcare.models import HandoverAnswer
from familyhub.socialcare.selectors import handovers_waiting
from familyhub.socialcare.services import request_answer, step_down_submit, step_up_answer
from tests.frontdoor_factories import SubmittedRequestFactory, request_allocate
from tests.socialcare_factories import request_hand_over

pytestmark = pytest.mark.usefixtures("postcodes")
Decision = HandoverAnswer.Decision
ADVICE = "Not at the threshold: early help should support the parents with routines."


@pytest.fixture
def handed_over(council, triage_officer):
    return request_hand_over(SubmittedRequestFactory(local_authority=council), by=triage_officer)


def test_a_handed_over_request_waits_in_social_cares_inbox(handed_over, council):
    waiting = handovers_waiting([council.pk])
    assert [(row.kind, row.pk, row.level) for row in waiting] == [("request", handed_over.pk, 3)]


def test_accepting_keeps_the_request_with_social_care_and_leaves_the_inbox(
    handed_over, social_worker, council
):
    answer = request_answer(request=handed_over, by=social_worker, decision=Decision.ACCEPTED)
    handed_over.refresh_from_db()
    assert handed_over.status == SupportRequest.Status.HANDED_OVER
    assert answer.handed_over_at == handed_over.decided_at
    assert handovers_waiting([council.pk]) == []
    assert AuditEvent.objects.filter(
        record_id=str(handed_over.pk), action=AuditEvent.Action.CHANGE, actor=social_worker
    ).exists()


def test_returning_puts_the_request_back_in_triage_undecided_with_the_advice(
    handed_over, social_worker, council
):
    answer = request_answer(
        request=handed_over, by=social_worker, decision=Decision.RETURNED, advice=ADVICE
    )
    handed_over.refresh_from_db()
    assert handed_over.status == SupportRequest.Status.NEW
    assert (handed_over.level, handed_over.decided_at, handed_over.decision_reason) == (
        None,
        None,
        "",
    )
    assert answer.advice == ADVICE
    assert handovers_waiting([council.pk]) == []


def test_a_returned_request_handed_over_again_waits_again(
    handed_over, social_worker, triage_officer, council
):
    request_answer(request=handed_over, by=social_worker, decision=Decision.RETURNED, advice=ADVICE)
    again = request_hand_over(handed_over, by=triage_officer)
    assert [row.pk for row in handovers_waiting([council.pk])] == [again.pk]
    request_answer(request=again, by=social_worker, decision=Decision.ACCEPTED)
    assert again.social_care_answers.count() == 2


def test_a_handover_is_answered_once(handed_over, social_worker):
    request_answer(request=handed_over, by=social_worker, decision=Decision.ACCEPTED)
    with pytest.raises(ValidationError):
        request_answer(
            request=handed_over, by=social_worker, decision=Decision.RETURNED, advice=ADVICE
        )


def test_returning_needs_advice(handed_over, social_worker):
    with pytest.raises(ValidationError):
        request_answer(request=handed_over, by=social_worker, decision=Decision.RETURNED)
    assert not HandoverAnswer.objects.exists()


def test_only_social_care_of_that_council_answers(handed_over, triage_officer, locality_manager):
    for somebody in (triage_officer, locality_manager):
        with pytest.raises(PermissionDenied):
            request_answer(request=handed_over, by=somebody, decision=Decision.ACCEPTED)


def test_a_returned_step_up_reopens_the_episode_with_the_advice(
    stepped_up_episode, social_worker, social_care_organisation
):
    step_up = stepped_up_episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP)
    step_up_answer(
        step_up=step_up,
        by=social_worker,
        organisation=social_care_organisation,
        decision=Decision.RETURNED,
        advice=ADVICE,
    )
    stepped_up_episode.refresh_from_db()
    assert stepped_up_episode.status == Episode.Status.OPEN
    returned = stepped_up_episode.events.get(kind=EpisodeEvent.Kind.RETURNED)
    assert (returned.reason, returned.by) == (ADVICE, social_worker)
    assert stepped_up_episode.family.chronology.filter(detail=ADVICE).exists()


def test_an_accepted_step_up_stays_with_social_care(
    stepped_up_episode, social_worker, social_care_organisation, council
):
    step_up = stepped_up_episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP)
    assert [row.kind for row in handovers_waiting([council.pk])] == ["step_up"]
    step_up_answer(
        step_up=step_up,
        by=social_worker,
        organisation=social_care_organisation,
        decision=Decision.ACCEPTED,
    )
    stepped_up_episode.refresh_from_db()
    assert stepped_up_episode.status == Episode.Status.STEPPED_UP
    assert handovers_waiting([council.pk]) == []


def _family_data() -> ReferralData:
    return ReferralData(
        service=None,
        people=[
            ReferredPerson(
                role="child",
                given_name="Sami",
                family_name="Ahmed",
                date_of_birth=dt.date(2019, 3, 27),
                due_date=None,
                nhs_number="",
            )
        ],
        address_1="1 Example Street",
        postcode="E1 1BB",
        worries="Section 17 plan ended; the family wants parenting support.",
        help_wanted="A family support worker.",
        consent_to_share=True,
        at_risk=False,
        contact_name="Amina Ahmed",
        phone="020 7946 0123",
    )


def test_a_step_down_goes_to_triage_and_its_episode_is_a_step_down(
    social_worker, social_care_organisation, triage_officer, lead_professional
):
    sent = step_down_submit(
        by=social_worker,
        organisation=social_care_organisation,
        data=_family_data(),
        submission_key=uuid.uuid4(),
    )
    assert (sent.source, sent.status) == (
        SupportRequest.Source.STEP_DOWN,
        SupportRequest.Status.NEW,
    )
    allocated = request_allocate(sent, by=triage_officer, lead_professional=lead_professional)
    assert allocated.family.episodes.get().source == Episode.Source.STEP_DOWN


def test_only_a_social_care_team_steps_down(lead_professional, lead_organisation):
    with pytest.raises(PermissionDenied):
        step_down_submit(
            by=lead_professional,
            organisation=lead_organisation,
            data=_family_data(),
            submission_key=uuid.uuid4(),
        )


def test_whoever_handed_over_hears_the_answer(
    handed_over, social_worker, triage_officer, stepped_up_episode, social_care_organisation
):
    request_answer(request=handed_over, by=social_worker, decision=Decision.ACCEPTED)
    step_up = stepped_up_episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP)
    step_up_answer(
        step_up=step_up,
        by=social_worker,
        organisation=social_care_organisation,
        decision=Decision.RETURNED,
        advice=ADVICE,
    )
    told = {
        (notice.recipient, notice.kind, notice.text)
        for notice in Notice.objects.filter(kind=Notice.Kind.HANDOVER_ANSWERED)
    }
    assert told == {
        (
            triage_officer,
            "handover_answered",
            f"Children's social care accepted the handover of {handed_over.reference}",
        ),
        (
            stepped_up_episode.lead_professional,
            "handover_answered",
            f"Children's social care returned {stepped_up_episode.family.reference} to early "
            "help with advice",
        ),
    }
    assert all(ADVICE not in text for _, _, text in told)
