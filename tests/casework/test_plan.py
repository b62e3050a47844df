"""The family plan: who may add needs and actions, owner-only action updates, reviews that score
every need and move the next review by the episode's interval, progress against baseline, overdue
actions, and who may open the plan and review pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Outcome, PlanAction, Review, TeamMember
from familyhub.casework.services import plan as services
from familyhub.casework.services.team import team_member_add
from tests.factories import MembershipFactory

TODAY = timezone.localdate()


@pytest.fixture
def lead_member(episode, lead_professional) -> TeamMember:
    return episode.team.get(worker=lead_professional)


@pytest.fixture
def second_practitioner(partner_organisation, episode, lead_professional):
    """Another member of the team, from the same partner organisation."""
    user = MembershipFactory(organisation=partner_organisation, role=Role.PRACTITIONER).user
    team_member_add(
        episode=episode, worker=user, organisation=partner_organisation, by=lead_professional
    )
    return user


@pytest.fixture
def need(episode, lead_professional):
    return services.need_add(
        episode,
        outcome=Outcome.EDUCATION,
        description="Zara misses school most Mondays",
        baseline_score=8,
        by=lead_professional,
    )


@pytest.fixture
def team_action(need, team_member, lead_professional):
    return services.action_add(
        need,
        description="School to call home by 9:30 when Zara is absent",
        owner=team_member,
        due_on=TODAY + dt.timedelta(days=14),
        by=lead_professional,
    )


# Needs


def test_lead_and_team_member_add_needs(episode, lead_professional, team_member):
    services.need_add(
        episode, outcome=Outcome.HOUSING, description="Damp flat", baseline_score=7,
        by=lead_professional,
    )  # fmt: skip
    services.need_add(
        episode, outcome=Outcome.HEALTH, description="Amina feels low", baseline_score=6,
        by=team_member.worker,
    )  # fmt: skip
    assert episode.needs.count() == 2
    assert (
        AuditEvent.objects.filter(
            record_id=str(episode.pk), action=AuditEvent.Action.CHANGE, details__plan="need_added"
        ).count()
        == 2
    )


@pytest.mark.parametrize("who", ["locality_manager", "triage_officer", "outsider"])
def test_others_may_not_add_needs(request, episode, who):
    with pytest.raises(PermissionDenied):
        services.need_add(
            episode, outcome=Outcome.HOUSING, description="x", baseline_score=5,
            by=request.getfixturevalue(who),
        )  # fmt: skip


@pytest.mark.parametrize("score", [0, 11, None])
def test_baseline_is_one_to_ten(episode, lead_professional, score):
    with pytest.raises(ValidationError):
        services.need_add(
            episode, outcome=Outcome.HOUSING, description="x", baseline_score=score,
            by=lead_professional,
        )  # fmt: skip


def test_no_needs_added_once_the_episode_is_closed(episode, lead_professional):
    episode.status = episode.Status.CLOSED
    episode.save()
    with pytest.raises(PermissionDenied):
        services.need_add(
            episode, outcome=Outcome.HOUSING, description="x", baseline_score=5,
            by=lead_professional,
        )  # fmt: skip


# Actions


def test_lead_assigns_actions_to_anyone_in_the_team(need, team_member, lead_professional):
    action = services.action_add(
        need, description="Call", owner=team_member, due_on=TODAY, by=lead_professional
    )
    assert action.owner == team_member


def test_team_member_adds_actions_they_own(need, team_member):
    action = services.action_add(
        need, description="Mine", owner=team_member, due_on=TODAY, by=team_member.worker
    )
    assert action.owner.worker == team_member.worker


def test_team_member_may_not_assign_to_others(need, team_member, lead_member):
    with pytest.raises(PermissionDenied):
        services.action_add(
            need, description="Yours", owner=lead_member, due_on=TODAY, by=team_member.worker
        )


def test_locality_manager_may_not_add_actions(need, lead_member, locality_manager):
    with pytest.raises(PermissionDenied):
        services.action_add(
            need, description="x", owner=lead_member, due_on=TODAY, by=locality_manager
        )


def test_action_owner_must_be_in_the_team_now(need, team_member, lead_professional):
    team_member.left_on = TODAY
    team_member.save()
    with pytest.raises(ValidationError):
        services.action_add(
            need, description="x", owner=team_member, due_on=TODAY, by=lead_professional
        )


def test_owner_updates_their_action(team_action, team_member):
    services.action_update(
        team_action,
        status=PlanAction.Status.IN_PROGRESS,
        update="Called twice",
        by=team_member.worker,
    )
    team_action.refresh_from_db()
    assert (team_action.status, team_action.update) == ("in_progress", "Called twice")


def test_lead_may_update_any_action(team_action, lead_professional):
    services.action_update(team_action, status="done", update="", by=lead_professional)
    team_action.refresh_from_db()
    assert team_action.status == "done"


@pytest.mark.parametrize("who", ["second_practitioner", "locality_manager", "outsider"])
def test_only_the_owner_or_lead_updates_an_action(request, team_action, who):
    with pytest.raises(PermissionDenied):
        services.action_update(
            team_action, status="done", update="", by=request.getfixturevalue(who)
        )
    team_action.refresh_from_db()
    assert team_action.status == PlanAction.Status.NOT_STARTED


def test_overdue_actions(team_action):
    team_action.due_on = TODAY - dt.timedelta(days=1)
    assert services.is_overdue(team_action, TODAY)
    team_action.status = PlanAction.Status.DONE
    assert not services.is_overdue(team_action, TODAY)
    team_action.status = PlanAction.Status.IN_PROGRESS
    team_action.due_on = TODAY
    assert not services.is_overdue(team_action, TODAY)


# Reviews


def test_review_scores_every_need_and_moves_the_next_review(episode, need, lead_professional):
    other = services.need_add(
        episode, outcome=Outcome.HOUSING, description="Damp", baseline_score=6,
        by=lead_professional,
    )  # fmt: skip
    held_on = TODAY - dt.timedelta(days=2)
    with pytest.raises(ValidationError):
        services.review_record(
            episode, held_on=held_on, scores={need.pk: 5}, summary="", by=lead_professional
        )
    assert not Review.objects.exists()
    review = services.review_record(
        episode, held_on=held_on, scores={need.pk: 5, other.pk: 6}, summary="Better",
        by=lead_professional,
    )  # fmt: skip
    assert review.scores.count() == 2
    episode.refresh_from_db()
    assert episode.next_review_due == held_on + dt.timedelta(weeks=12)
    assert episode.events.filter(kind="reviewed").exists()


def test_review_refuses_scores_out_of_range_or_for_other_needs(episode, need, lead_professional):
    for scores in ({need.pk: 0}, {need.pk: 11}, {need.pk: 5, need.pk + 999: 5}):
        with pytest.raises(ValidationError):
            services.review_record(
                episode, held_on=TODAY, scores=scores, summary="", by=lead_professional
            )


def test_locality_manager_may_review_team_member_may_not(
    episode, need, locality_manager, team_member
):
    services.review_record(
        episode, held_on=TODAY, scores={need.pk: 4}, summary="", by=locality_manager
    )
    with pytest.raises(PermissionDenied):
        services.review_record(
            episode, held_on=TODAY, scores={need.pk: 4}, summary="", by=team_member.worker
        )


def test_review_interval_is_the_leads_to_set(episode, need, lead_professional, team_member):
    assert episode.review_interval_weeks == services.DEFAULT_INTERVAL_WEEKS == 12
    services.episode_review_interval_set(episode, weeks=4, by=lead_professional)
    episode.refresh_from_db()
    assert episode.next_review_due == episode.opened_on + dt.timedelta(weeks=4)
    services.review_record(
        episode, held_on=TODAY, scores={need.pk: 6}, summary="", by=lead_professional
    )
    episode.refresh_from_db()
    assert episode.next_review_due == TODAY + dt.timedelta(weeks=4)
    for weeks in (1, 27):
        with pytest.raises(ValidationError):
            services.episode_review_interval_set(episode, weeks=weeks, by=lead_professional)
    with pytest.raises(PermissionDenied):
        services.episode_review_interval_set(episode, weeks=6, by=team_member.worker)


def test_progress_against_baseline(episode, need, lead_professional):
    assert services.progress(need) == []
    assert services.change(need) is None
    for days_ago, score in ((30, 7), (2, 5)):
        services.review_record(
            episode, held_on=TODAY - dt.timedelta(days=days_ago), scores={need.pk: score},
            summary="", by=lead_professional,
        )  # fmt: skip
    need.refresh_from_db()
    assert services.progress(need) == [
        (TODAY - dt.timedelta(days=30), 7),
        (TODAY - dt.timedelta(days=2), 5),
    ]
    assert services.latest_score(need) == 5
    assert services.change(need) == 3  # baseline 8 − latest 5: three points better


# Pages


def plan_url(episode):
    return reverse("casework:plan", args=[episode.pk])


def review_url(episode):
    return reverse("casework:review", args=[episode.pk])


def need_add_url(episode):
    return reverse("casework:plan-need-add", args=[episode.pk])


def action_add_url(episode):
    return reverse("casework:plan-action-add", args=[episode.pk])


def action_update_url(action):
    return reverse("casework:plan-action-update", args=[action.need.episode_id, action.pk])


def interval_url(episode):
    return reverse("casework:plan-review-interval", args=[episode.pk])


PLAN_MATRIX = {
    "lead_professional": (200, 200),
    "partner_practitioner": (200, 403),  # in the team: works on the plan, does not run reviews
    "locality_manager": (200, 200),
    "triage_officer": (403, 403),  # sees the family, not on the episode
    "outsider": (404, 404),  # does not see the family at all
}


@pytest.mark.parametrize("who", PLAN_MATRIX)
def test_plan_and_review_pages_permission_matrix(
    request, client, staff_sign_in, need, team_member, who
):
    staff_sign_in(request.getfixturevalue(who))
    plan_status, review_status = PLAN_MATRIX[who]
    assert client.get(plan_url(need.episode)).status_code == plan_status
    assert client.get(review_url(need.episode)).status_code == review_status


@pytest.mark.parametrize("who", ["locality_manager", "triage_officer"])
def test_those_not_in_the_team_may_not_add_to_the_plan(
    request, client, staff_sign_in, episode, who
):
    staff_sign_in(request.getfixturevalue(who))
    response = client.post(
        need_add_url(episode),
        {
            "need-outcome": "housing",
            "need-description": "x",
            "need-baseline_score": "5",
        },
    )
    assert response.status_code == 403
    assert not episode.needs.exists()


def test_page_without_sign_in_goes_to_sign_in(client, episode):
    response = client.get(plan_url(episode))
    assert response.status_code == 302


def test_plan_page_shows_needs_progress_and_overdue_actions(
    client, staff_sign_in, episode, need, team_action, lead_professional
):
    PlanAction.objects.filter(pk=team_action.pk).update(due_on=TODAY - dt.timedelta(days=3))
    services.review_record(
        episode, held_on=TODAY, scores={need.pk: 5}, summary="", by=lead_professional
    )
    staff_sign_in(lead_professional)
    response = client.get(plan_url(episode))
    html = response.content.decode()
    assert str(Outcome.EDUCATION.label) in html
    assert "Zara misses school most Mondays" in html
    assert "3 points better than at the start" in html
    assert "govuk-tag--red" in html and "Overdue" in html
    assert 'aria-hidden="true"' in html and "Scores at each review:" in html
    assert AuditEvent.objects.filter(
        record_id=str(episode.pk), action=AuditEvent.Action.VIEW, actor=lead_professional
    ).exists()


def test_team_member_adds_a_need_on_the_page(client, staff_sign_in, episode, team_member):
    staff_sign_in(team_member.worker)
    response = client.post(
        need_add_url(episode),
        {
            "need-outcome": "housing",
            "need-description": "Damp flat",
            "need-baseline_score": "7",
        },
    )
    assert response.status_code == 302
    assert episode.needs.get().description == "Damp flat"


def test_need_form_errors_keep_what_was_typed(client, staff_sign_in, episode, lead_professional):
    staff_sign_in(lead_professional)
    response = client.post(
        need_add_url(episode),
        {
            "need-outcome": "housing",
            "need-description": "Damp flat",
            "need-baseline_score": "11",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "Enter a score from 1 to 10" in html
    assert "Damp flat" in html
    assert "<title>Error:" in html
    assert not episode.needs.exists()


def test_team_member_adds_own_action_on_the_page(
    client, staff_sign_in, need, team_member, lead_member
):
    staff_sign_in(team_member.worker)
    data = {
        "action-need": need.pk,
        "action-description": "Walk Zara to school on Mondays",
        "action-owner": lead_member.pk,  # not offered to a team member: refused
        "action-due_on": (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
    }
    response = client.post(action_add_url(need.episode), data)
    assert response.status_code == 200 and not PlanAction.objects.exists()
    data["action-owner"] = team_member.pk
    assert client.post(action_add_url(need.episode), data).status_code == 302
    assert PlanAction.objects.get().owner == team_member


def test_only_owner_updates_an_action_on_the_page(
    client, staff_sign_in, team_action, second_practitioner, team_member
):
    data = {
        f"update-{team_action.pk}-status": "done",
        f"update-{team_action.pk}-update": "Done",
    }
    staff_sign_in(second_practitioner)
    assert client.post(action_update_url(team_action), data).status_code == 403
    staff_sign_in(team_member.worker)
    assert client.post(action_update_url(team_action), data).status_code == 302
    team_action.refresh_from_db()
    assert team_action.status == "done"


def test_update_forms_shown_only_for_my_actions(
    client, staff_sign_in, team_action, second_practitioner, team_member
):
    staff_sign_in(second_practitioner)
    html = client.get(plan_url(team_action.need.episode)).content.decode()
    assert "Update this action" not in html
    staff_sign_in(team_member.worker)
    html = client.get(plan_url(team_action.need.episode)).content.decode()
    assert "Update this action" in html


def test_review_page_records_a_review(client, staff_sign_in, episode, need, lead_professional):
    staff_sign_in(lead_professional)
    url = review_url(episode)
    response = client.post(url, {"held_on": TODAY.strftime("%d/%m/%Y"), "summary": "Going well"})
    assert response.status_code == 200
    assert "Enter a score from 1 to 10" in response.content.decode()
    assert "Going well" in response.content.decode()
    response = client.post(
        url,
        {"held_on": TODAY.strftime("%d/%m/%Y"), f"score_{need.pk}": "4", "summary": "Going well"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.next_review_due == TODAY + dt.timedelta(weeks=12)
    assert Review.objects.get().scores.get().score == 4


def test_lead_sets_the_review_interval_on_the_page(
    client, staff_sign_in, episode, lead_professional
):
    staff_sign_in(lead_professional)
    response = client.post(interval_url(episode), {"interval-weeks": "30"})
    assert response.status_code == 200 and "from 2 to 26" in response.content.decode()
    response = client.post(interval_url(episode), {"interval-weeks": "6"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.review_interval_weeks == 6
