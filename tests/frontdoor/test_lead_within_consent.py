"""Issue 8's health visitor: triage could allocate her a family whose consent did not cover her
organisation, and she then got 404 on her own case. Allocation now refuses a lead professional
the family's consent does not cover, with a form error, and a lead who is allocated always sees
her own case (the family's record and its episode)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from familyhub.casework.models import Episode
from familyhub.casework.rules import episodes_visible_to
from familyhub.families.models import Family
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.triage.services import request_decide
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.usefixtures("postcodes", "continuum")


def make_request(council, *, consent: bool) -> SupportRequest:
    return SubmittedRequestFactory(
        local_authority=council,
        consent_to_share=consent,
        parent_name="Amina",
        family_name="Example",
        child__given_name="Zara",
        child__date_of_birth=dt.date(2024, 5, 1),
    )


def level_two(council) -> NeedLevel:
    return NeedLevel.objects.get(local_authority=council, number=2)


def decide(request, *, lead, triage_officer, council_organisation):
    return request_decide(
        request=request,
        level=level_two(council_organisation.local_authority),
        reason="Targeted early help.",
        lead_professional=lead,
        triage_organisation=council_organisation,
        by=triage_officer,
    )


def test_the_health_visitor_cannot_be_allocated_a_family_whose_consent_leaves_her_out(
    council, triage_officer, council_organisation, lead_professional
):
    """lead_professional works for Health visiting; the family did not agree to share."""
    request = make_request(council, consent=False)
    with pytest.raises(ValidationError, match="does not cover Health visiting"):
        decide(
            request,
            lead=lead_professional,
            triage_officer=triage_officer,
            council_organisation=council_organisation,
        )
    # Refused as a whole: nothing of the decision was kept.
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW and request.decided_at is None
    assert not Family.objects.exists() and not Episode.objects.exists()


def test_the_decision_page_says_why_and_keeps_the_request_waiting(
    client, council, triage_officer, lead_professional
):
    request = make_request(council, consent=False)
    sign_in(client, triage_officer)
    response = client.post(
        f"/staff/triage/{request.pk}",
        {
            "level": level_two(council).pk,
            "reason": "Needs a team",
            "lead_professional": lead_professional.pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "consent does not cover Health visiting" in page
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW


def test_a_lead_who_is_allocated_sees_her_own_case(
    client, council, triage_officer, council_organisation, lead_professional
):
    request = make_request(council, consent=True)
    decided = decide(
        request,
        lead=lead_professional,
        triage_officer=triage_officer,
        council_organisation=council_organisation,
    )
    episode = decided.family.episodes.get()
    assert episode.lead_professional == lead_professional
    assert episode in episodes_visible_to(lead_professional, now=timezone.now())
    sign_in(client, lead_professional)
    assert client.get(f"/staff/families/{decided.family.pk}/").status_code == 200
    assert client.get(f"/staff/casework/{episode.pk}/").status_code == 200
