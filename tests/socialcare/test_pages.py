"""Social care's pages: the step-down form sends a step-down to triage; the return form
refuses advice it cannot store, and a handover answered twice is told so, not a 500."""

import pytest
from django.test import Client
from django.urls import reverse

from familyhub.frontdoor.models import SupportRequest
from familyhub.socialcare.models import HandoverAnswer
from tests.accounts.helpers import sign_in_verified
from tests.frontdoor.test_referrals import referral_answers
from tests.frontdoor_factories import SubmittedRequestFactory
from tests.socialcare_factories import request_hand_over

pytestmark = pytest.mark.usefixtures("postcodes")


@pytest.fixture
def social_care(client: Client, social_worker) -> Client:
    sign_in_verified(client, social_worker)
    return client


@pytest.fixture
def handed_over(council, triage_officer):
    return request_hand_over(SubmittedRequestFactory(local_authority=council), by=triage_officer)


def test_a_step_down_from_the_form_waits_for_triage(social_care, social_care_organisation):
    answers = referral_answers()
    for not_asked in ("destination", "at_risk"):
        answers.pop(not_asked)
    response = social_care.post(reverse("socialcare:step-down"), answers)

    assert response.status_code == 302
    sent = SupportRequest.objects.get()
    assert (sent.source, sent.status, sent.referrer_organisation) == (
        SupportRequest.Source.STEP_DOWN,
        SupportRequest.Status.NEW,
        social_care_organisation,
    )
    inbox = social_care.get(reverse("socialcare:inbox")).content.decode()
    assert sent.reference in inbox


def test_the_step_down_form_asks_nothing_about_destination_or_risk(social_care):
    page = social_care.get(reverse("socialcare:step-down")).content.decode()
    assert 'name="destination"' not in page
    assert 'name="at_risk"' not in page
    assert 'name="child1_given_name"' in page


def test_overlong_advice_is_a_form_error(social_care, handed_over):
    url = reverse("socialcare:request-return", args=[handed_over.pk])
    response = social_care.post(url, {"advice": "x" * 5_001})
    assert response.status_code == 200
    assert "Your advice must be 5,000 characters or fewer" in response.content.decode()
    assert not HandoverAnswer.objects.exists()


def test_a_handover_answered_already_says_so(social_care, handed_over):
    url = reverse("socialcare:request-accept", args=[handed_over.pk])
    social_care.post(url)
    again = social_care.post(
        reverse("socialcare:request-return", args=[handed_over.pk]), {"advice": "Second thoughts."}
    )
    assert again.status_code == 200
    assert "This handover has already been answered" in again.content.decode()
    assert HandoverAnswer.objects.count() == 1


def test_triage_sees_a_returned_request_marked_in_its_queue_with_the_advice(
    social_care, handed_over, triage_officer
):
    advice = "Early help should lead: the parents are asking for help with routines."
    social_care.post(
        reverse("socialcare:request-return", args=[handed_over.pk]), {"advice": advice}
    )
    triage = Client()
    sign_in_verified(triage, triage_officer)
    queue = triage.get(reverse("triage:queue")).content.decode()
    row = queue[queue.index(handed_over.reference) :]
    assert "Returned by children's social care" in row[: row.index("</tr>")]
    detail = triage.get(reverse("triage:detail", args=[handed_over.pk])).content.decode()
    assert advice in detail
