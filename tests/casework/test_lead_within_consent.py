"""Wherever a lead professional is chosen after triage (a locality manager's reassignment, a
step-down from social care) she must work for an organisation the family's consent covers, so
that she can always see her own case. The casework family (conftest) shares with the council's,
the lead's and the partner's organisations, not the outsider's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.rules import episodes_visible_to
from familyhub.casework.services.episodes import episode_reassign, episode_step_down
from tests.accounts.helpers import sign_in_verified
from tests.factories import MembershipFactory
from tests.families_factories import SafeguardingOverrideFactory


@pytest.fixture
def uncovered_lead(outsider_organisation):
    """A lead professional at the Riverside Youth Club, which the family's consent leaves out."""
    return MembershipFactory(organisation=outsider_organisation, role=Role.LEAD_PROFESSIONAL).user


def test_reassigning_to_a_lead_the_consent_does_not_cover_is_refused(
    episode, locality_manager, lead_professional, uncovered_lead
):
    with pytest.raises(ValidationError, match="does not cover Riverside Youth Club"):
        episode_reassign(
            episode=episode, lead_professional=uncovered_lead, by=locality_manager, reason="Leave"
        )
    episode.refresh_from_db()
    assert episode.lead_professional == lead_professional
    assert not episode.team.filter(worker=uncovered_lead).exists()


def test_the_reassign_page_shows_the_refusal(client, episode, locality_manager, uncovered_lead):
    membership = uncovered_lead.memberships.get()
    sign_in_verified(client, locality_manager)
    response = client.post(
        reverse("casework:reassign", args=[episode.pk]),
        {"lead": membership.pk, "reason": "Long-term leave"},
    )
    assert response.status_code == 200
    assert "consent does not cover Riverside Youth Club" in response.content.decode()


def test_a_lead_reassigned_within_consent_sees_her_new_case(
    episode, locality_manager, partner_organisation
):
    new_lead = MembershipFactory(
        organisation=partner_organisation, role=Role.LEAD_PROFESSIONAL
    ).user
    episode_reassign(
        episode=episode, lead_professional=new_lead, by=locality_manager, reason="Leave"
    )
    assert episode in episodes_visible_to(new_lead, now=timezone.now())


def test_a_safeguarding_override_for_her_organisation_covers_her_too(
    episode, locality_manager, uncovered_lead, outsider_organisation
):
    SafeguardingOverrideFactory(family=episode.family, organisation=outsider_organisation)
    episode_reassign(
        episode=episode, lead_professional=uncovered_lead, by=locality_manager, reason="Risk"
    )
    assert episode in episodes_visible_to(uncovered_lead, now=timezone.now())


def test_stepping_down_to_a_lead_the_consent_does_not_cover_is_refused(
    family, triage_officer, uncovered_lead, outsider_organisation
):
    with pytest.raises(ValidationError, match="does not cover Riverside Youth Club"):
        episode_step_down(
            family=family,
            lead_professional=uncovered_lead,
            lead_organisation=outsider_organisation,
            by=triage_officer,
            reason="Child protection plan ended",
        )
    assert not family.episodes.exists()
