"""The state factories (tests/casework_factories.py) leave the rows the services leave: an
episode made as plain rows reads like one taken to the same state by the real services
(the fixtures in conftest.py), so tests may use either."""

import pytest

from familyhub.casework.models import Assessment, Episode
from familyhub.casework.services.assessment import completion_problems
from familyhub.families.models import Involvement
from tests.casework_factories import (
    ClosedEpisodeFactory,
    CompletedAssessmentFactory,
    EpisodeFactory,
    SteppedUpEpisodeFactory,
)

pytestmark = pytest.mark.django_db


def shape(episode: Episode) -> dict:
    """What a page or a rule reads of an episode's state, without ids or dates."""
    episode.refresh_from_db()
    assessment = episode.assessments.order_by("-pk").first()
    return {
        "status": episode.status,
        "source": episode.source,
        "events": list(episode.events.values_list("kind", flat=True)),
        "team": sorted(
            (m.worker_id == episode.lead_professional_id, m.left_on is None)
            for m in episode.team.all()
        ),
        "active_involvement_roles": sorted(
            Involvement.objects.filter(
                family=episode.family,
                organisation=episode.lead_organisation,
                ended__isnull=True,
            ).values_list("role", flat=True)
        ),
        "closure": (episode.closure_reason, episode.closed_on is not None),
        "adviser_is_lead": episode.family_adviser_id == episode.lead_professional_id,
        "assessment": assessment and (assessment.status, completion_problems(assessment)),
    }


def test_an_open_episode(episode):
    assert shape(EpisodeFactory(family=episode.family)) == shape(episode)


def test_an_episode_with_a_completed_assessment(episode_with_completed_assessment):
    made = CompletedAssessmentFactory().episode
    assert shape(made) == shape(episode_with_completed_assessment)
    assert shape(made)["assessment"] == (Assessment.Status.COMPLETED, [])


def test_a_stepped_up_episode(stepped_up_episode):
    assert shape(SteppedUpEpisodeFactory()) == shape(stepped_up_episode)


def test_a_closed_episode(closed_episode):
    assert shape(ClosedEpisodeFactory()) == shape(closed_episode)
