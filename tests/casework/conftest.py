"""Casework's fixtures: one family of the cast's council, and its open episode.

    family             a parent and two children, who consented to share their whole record with
                       the council's, the lead's and the partner's organisations (not the
                       outsider's); the council's Early Help service involved as the hub team
    episode            open, from triage, led by `lead_professional` (of `lead_organisation`)
    team_member        `partner_practitioner`'s place in the episode's Team Around the Family

The cast of staff (lead_professional, partner_practitioner, locality_manager, triage_officer,
outsider …) is in tests/conftest.py; episodes in other states, through the real services, are
below (`episode_with_completed_assessment` …), and as plain rows in tests/casework_factories.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.casework.areas import AREAS
from familyhub.casework.models import Episode, Outcome, PlanNeed
from familyhub.casework.services.assessment import (
    assessment_complete,
    assessment_save,
    assessment_start,
    voice_children,
    voice_key,
)
from familyhub.casework.services.episodes import episode_close, episode_open, episode_step_up
from familyhub.casework.services.plan import need_add
from familyhub.casework.services.team import team_member_add
from familyhub.families.models import Involvement
from familyhub.families.models import Membership as HouseholdMember
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    FamilyMembershipFactory,
    InvolvementFactory,
)


@pytest.fixture
def family(council, council_organisation, lead_organisation, partner_organisation):
    family = FamilyFactory(local_authority=council, name="Example")
    FamilyMembershipFactory(
        family=family,
        role=HouseholdMember.Role.PARENT,
        person__given_name="Amina",
        person__date_of_birth=dt.date(1990, 3, 14),
    )
    FamilyMembershipFactory(
        family=family, person__given_name="Zara", person__date_of_birth=dt.date(2019, 5, 1)
    )
    FamilyMembershipFactory(
        family=family, person__given_name="Idris", person__date_of_birth=dt.date(2023, 9, 20)
    )
    ConsentFactory(
        family=family,
        organisations=[council_organisation, lead_organisation, partner_organisation],
        given_at=timezone.now() - dt.timedelta(days=1),
    )
    InvolvementFactory(
        family=family,
        organisation=council_organisation,
        worker=None,
        role=Involvement.Role.HUB_TEAM,
    )
    return family


@pytest.fixture
def episode(family, lead_professional, lead_organisation) -> Episode:
    """Open, from triage, with the lead professional (their organisation involved, as triage's
    allocation leaves it)."""
    return episode_open(
        family=family,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        source=Episode.Source.TRIAGE,
        by=lead_professional,
    )


@pytest.fixture
def team_member(episode, partner_practitioner, partner_organisation, lead_professional):
    """The partner practitioner's TeamMember row in the episode's team."""
    return team_member_add(
        episode=episode,
        worker=partner_practitioner,
        organisation=partner_organisation,
        by=lead_professional,
    )


# --- The episode in later states, reached through the services --------------------------------


@pytest.fixture
def episode_with_completed_assessment(episode, lead_professional) -> Episode:
    """`episode`, its Early Help Assessment completed: every area scored 4, the eldest child
    heard, the analysis written and the family's agreement recorded."""
    assessment = assessment_start(episode, lead_professional)
    child = voice_children(assessment)[0]
    changes = {f"{area.field_prefix}__score": 4 for area in AREAS} | {
        voice_key(child.pk): "I like school but bedtime is hard.",
        "analysis": "Sleep routines and low mood; good warmth between them.",
        "consent_recorded": True,
    }
    saved = assessment_save(
        assessment=assessment, base_version=1, changes=changes, by=lead_professional
    )
    assessment_complete(saved, saved.version, lead_professional)
    return episode


@pytest.fixture
def stepped_up_episode(episode, lead_professional) -> Episode:
    """`episode`, handed over to children's social care by its lead professional."""
    episode_step_up(episode=episode, by=lead_professional, reason="Disclosure at school")
    episode.refresh_from_db()
    return episode


@pytest.fixture
def closed_episode(episode, lead_professional) -> Episode:
    """`episode`, closed by its lead professional with its one need met, the lead professional
    the family's adviser."""
    need = need_add(
        episode,
        outcome=Outcome.HEALTH,
        description="Mum's low mood",
        baseline_score=7,
        by=lead_professional,
    )
    episode_close(
        episode=episode,
        by=lead_professional,
        reason=Episode.ClosureReason.OUTCOMES_MET,
        results={need.pk: PlanNeed.Result.ACHIEVED},
        family_adviser=lead_professional,
    )
    episode.refresh_from_db()
    return episode
