"""The daily purge deletes closed episodes 7 years after their closure with everything that hangs
off them, and the family record once nothing needs it any more (familyhub/retention/episodes.py);
newer episodes, other families and what still needs a record stay; the run's audit event has
counts only.

The run is made 7 years and a day from today, so rows the factories write today are old enough:
an episode closed today is past its period, one closed tomorrow is not.
"""

import datetime as dt

import pytest
from django.utils import timezone

from familyhub.audit.models import AuditEvent
from familyhub.casework.models import (
    Assessment,
    AssessmentArea,
    ChildVoice,
    Episode,
    EpisodeEvent,
    PlanAction,
    PlanNeed,
    Review,
    ReviewScore,
    TeamMeeting,
    TeamMember,
)
from familyhub.families.models import Consent, Family, Involvement, Membership, Person
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.retention.models import RetentionPeriod
from familyhub.retention.services import retention_purge
from tests.casework_factories import (
    AssessmentAreaFactory,
    AssessmentFactory,
    ChildVoiceFactory,
    ClosedEpisodeFactory,
    EpisodeFactory,
    PlanActionFactory,
    ReviewScoreFactory,
    SteppedUpEpisodeFactory,
    TeamMeetingFactory,
)
from tests.families_factories import (
    ConsentFactory,
    MembershipFactory,
    SafeguardingOverrideFactory,
    WithdrawnConsentFactory,
)
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

PERIOD = dt.timedelta(days=7 * 365)


def run_after_the_period():
    return retention_purge(now=timezone.now() + PERIOD + dt.timedelta(days=1))


def closed(days_from_today: int = 0, **kwargs) -> Episode:
    return ClosedEpisodeFactory(
        closed_on=timezone.localdate() + dt.timedelta(days=days_from_today), **kwargs
    )


def with_everything(episode: Episode) -> Episode:
    """An assessment with an area and a child's voice, a meeting, a need with an action and a
    scored review, on top of the team and events the factory gives."""
    assessment = AssessmentFactory(episode=episode)
    AssessmentAreaFactory(assessment=assessment)
    child = MembershipFactory(family=episode.family).person
    ChildVoiceFactory(assessment=assessment, child=child)
    TeamMeetingFactory(episode=episode)
    action = PlanActionFactory(need__episode=episode)
    ReviewScoreFactory(review__episode=episode, need=action.need)
    return episode


def family_finished_with(episode: Episode) -> Family:
    """What closure leaves behind when the family has moved on: involvements ended, consent
    withdrawn."""
    Involvement.objects.filter(family=episode.family).update(ended=episode.closed_on)
    WithdrawnConsentFactory(family=episode.family)
    return episode.family


def dependents_of(episode_id) -> dict[str, int]:
    return {
        "events": EpisodeEvent.objects.filter(episode_id=episode_id).count(),
        "assessments": Assessment.objects.filter(episode_id=episode_id).count(),
        "areas": AssessmentArea.objects.filter(assessment__episode_id=episode_id).count(),
        "voices": ChildVoice.objects.filter(assessment__episode_id=episode_id).count(),
        "team": TeamMember.objects.filter(episode_id=episode_id).count(),
        "meetings": TeamMeeting.objects.filter(episode_id=episode_id).count(),
        "attended": TeamMeeting.attended.through.objects.filter(
            teammeeting__episode_id=episode_id
        ).count(),
        "needs": PlanNeed.objects.filter(episode_id=episode_id).count(),
        "actions": PlanAction.objects.filter(need__episode_id=episode_id).count(),
        "reviews": Review.objects.filter(episode_id=episode_id).count(),
        "scores": ReviewScore.objects.filter(review__episode_id=episode_id).count(),
    }


def test_closed_episodes_are_purged_now():
    period = RetentionPeriod.objects.get(kind=RetentionPeriod.Kind.CLOSED_EPISODE)

    assert period.purged
    assert period.days == 7 * 365
    assert "closed" in period.counted_from


def test_an_expired_episode_goes_with_everything_that_hangs_off_it():
    expired = with_everything(closed(0))
    ConsentFactory(family=expired.family)  # the family record is still needed: only the episode
    before = dependents_of(expired.pk)
    assert all(before.values())

    report = run_after_the_period()

    assert not Episode.objects.filter(pk=expired.pk).exists()
    assert set(dependents_of(expired.pk).values()) == {0}
    assert report.removed == {
        "casework.Episode": 1,
        "casework.EpisodeEvent": before["events"],
        "casework.Assessment": before["assessments"],
        "casework.AssessmentArea": before["areas"],
        "casework.ChildVoice": before["voices"],
        "casework.TeamMember": before["team"],
        "casework.TeamMeeting": before["meetings"],
        "casework.TeamMeeting_attended": before["attended"],
        "casework.PlanNeed": before["needs"],
        "casework.PlanAction": before["actions"],
        "casework.Review": before["reviews"],
        "casework.ReviewScore": before["scores"],
    }
    # The family's record stays: its consent is in force.
    assert Family.objects.filter(pk=expired.family_id).exists()
    assert "families.Family" not in report.removed


def test_newer_episodes_and_other_families_episodes_stay():
    expired = closed(0)
    newer = with_everything(closed(1))
    open_elsewhere = with_everything(EpisodeFactory())
    stepped_up = SteppedUpEpisodeFactory()
    kept = {episode.pk: dependents_of(episode.pk) for episode in (newer, open_elsewhere)}

    run_after_the_period()

    assert not Episode.objects.filter(pk=expired.pk).exists()
    assert set(Episode.objects.values_list("pk", flat=True)) == {
        newer.pk,
        open_elsewhere.pk,
        stepped_up.pk,
    }
    assert {pk: dependents_of(pk) for pk in kept} == kept


def test_each_episode_counts_its_own_closure_even_with_a_later_open_one_or_an_override():
    old = closed(0)
    later = EpisodeFactory(family=old.family)
    SafeguardingOverrideFactory(family=old.family)

    run_after_the_period()

    assert not Episode.objects.filter(pk=old.pk).exists()
    assert Episode.objects.filter(pk=later.pk).exists()
    assert Family.objects.filter(pk=old.family_id).exists()


def test_a_family_nothing_needs_goes_with_its_people():
    episode = closed(0)
    child = MembershipFactory(family=episode.family).person
    also_elsewhere = MembershipFactory(family=episode.family).person
    MembershipFactory(person=also_elsewhere, family=EpisodeFactory().family)
    family = family_finished_with(episode)

    report = run_after_the_period()

    assert not Family.objects.filter(pk=family.pk).exists()
    assert not Membership.objects.filter(family_id=family.pk).exists()
    assert not Consent.objects.filter(family_id=family.pk).exists()
    assert not Person.objects.filter(pk=child.pk).exists()
    # Somebody who also lives in another household stays, with that household.
    assert Person.objects.filter(pk=also_elsewhere.pk).exists()
    assert report.removed["families.Family"] == 1
    assert report.removed["families.Person"] == 1


@pytest.mark.parametrize(
    "still_needed",
    [
        "consent_in_force",
        "override_in_force",
        "request_waiting",
        "involvement_going",
        "recent",
        "consent_withdrawn_recently",
    ],
)
def test_a_family_something_still_needs_stays(still_needed):
    episode = closed(0)
    family = family_finished_with(episode)
    if still_needed == "consent_in_force":
        ConsentFactory(family=family)
    elif still_needed == "override_in_force":
        SafeguardingOverrideFactory(family=family)
    elif still_needed == "request_waiting":
        SubmittedRequestFactory(local_authority=family.local_authority, family=family)
    elif still_needed == "involvement_going":
        Involvement.objects.filter(family=family).update(ended=None)
    elif still_needed == "consent_withdrawn_recently":
        Consent.objects.filter(family=family).update(withdrawn_at=timezone.now() + PERIOD)
    elif still_needed == "recent":
        # Changed within the period, as the run sees it.
        Family.objects.filter(pk=family.pk).update(modified=timezone.now() + PERIOD)

    report = run_after_the_period()

    assert not Episode.objects.filter(pk=episode.pk).exists()
    assert Family.objects.filter(pk=family.pk).exists()
    assert "families.Family" not in report.removed


def test_the_request_that_opened_the_episode_goes_unless_another_episode_names_it():
    alone = closed(0)
    alone_request = SubmittedRequestFactory(local_authority=alone.local_authority)
    shared_request = SubmittedRequestFactory(local_authority=alone.local_authority)
    Episode.objects.filter(pk=alone.pk).update(request=alone_request)
    shared = closed(0, request=shared_request)
    still_open = EpisodeFactory(request=shared_request)
    people = RequestPerson.objects.filter(request=alone_request).count()

    report = run_after_the_period()

    assert not SupportRequest.objects.filter(pk=alone_request.pk).exists()
    assert not RequestPerson.objects.filter(request_id=alone_request.pk).exists()
    assert not Episode.objects.filter(pk=shared.pk).exists()
    assert SupportRequest.objects.filter(pk=shared_request.pk).exists()
    assert Episode.objects.get(pk=still_open.pk).request_id == shared_request.pk
    assert report.removed["frontdoor.SupportRequest"] == 1
    assert report.removed["frontdoor.RequestPerson"] == people


def test_batches_purge_every_expired_episode():
    expired = [with_everything(closed(0)) for _ in range(5)]
    kept = closed(1)

    report = retention_purge(
        now=timezone.now() + PERIOD + dt.timedelta(days=1),
        batch_size=2,
    )

    assert report.removed["casework.Episode"] == 5
    assert not Episode.objects.filter(pk__in=[e.pk for e in expired]).exists()
    assert Episode.objects.filter(pk=kept.pk).exists()


def test_the_runs_audit_event_has_counts_only():
    episode = closed(0)
    MembershipFactory(
        family=episode.family, person__given_name="Amina", person__family_name="Rahman"
    )
    family = family_finished_with(episode)
    reference = family.reference

    report = run_after_the_period()

    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditEvent.Action.DELETE
    assert event.record_type == "retention.purgerun"
    assert event.family_id is None
    assert event.details == {"removed": report.removed}
    assert all(isinstance(count, int) for count in event.details["removed"].values())
    trace = f"{event.reason} {event.details}"
    for personal in ("Amina", "Rahman", reference, str(family.pk), str(episode.pk)):
        assert personal not in trace
