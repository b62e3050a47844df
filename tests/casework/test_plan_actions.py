"""Each change to the family plan has its own address: a need, an action, an action's progress,
the time between reviews. Every role (and nobody signed in) against every one of them, with what
each may do written out here, and what is written (or not) checked in the database."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.models import Outcome, PlanAction, PlanNeed
from familyhub.casework.services import plan as services
from tests.factories import MembershipFactory

TODAY = timezone.localdate()
CHANGES = ["need", "action", "update", "interval"]

# Who: the episode's lead professional, the partner practitioner in its team, and a member of
# staff of every role in the council's early help service (involved with the family, within its
# consent), none of them on the episode. 302 is a change made; 403 may see the episode but not
# change this; 404 does not see the family at all.
EXPECTED = {
    "episode_lead": {"need": 302, "action": 302, "update": 302, "interval": 302},
    "team_member": {"need": 302, "action": 302, "update": 302, "interval": 403},
    Role.DIRECTORY_EDITOR: {"need": 404, "action": 404, "update": 404, "interval": 404},
    Role.DIRECTORY_MANAGER: {"need": 404, "action": 404, "update": 404, "interval": 404},
    Role.TRIAGE: {"need": 403, "action": 403, "update": 403, "interval": 403},
    Role.LEAD_PROFESSIONAL: {"need": 403, "action": 403, "update": 403, "interval": 403},
    Role.PRACTITIONER: {"need": 403, "action": 403, "update": 403, "interval": 403},
    Role.LOCALITY_MANAGER: {"need": 403, "action": 403, "update": 403, "interval": 403},
    Role.DATA_ANALYST: {"need": 404, "action": 404, "update": 404, "interval": 404},
    Role.DATA_PROTECTION_OFFICER: {"need": 404, "action": 404, "update": 404, "interval": 404},
    Role.ADMINISTRATOR: {"need": 404, "action": 404, "update": 404, "interval": 404},
}


@pytest.fixture
def need(episode, lead_professional) -> PlanNeed:
    return services.need_add(
        episode,
        outcome=Outcome.EDUCATION,
        description="Zara misses school most Mondays",
        baseline_score=8,
        by=lead_professional,
    )


@pytest.fixture
def team_action(need, team_member, lead_professional) -> PlanAction:
    return services.action_add(
        need,
        description="School to call home by 9:30 when Zara is absent",
        owner=team_member,
        due_on=TODAY + dt.timedelta(days=14),
        by=lead_professional,
    )


def the_actor(who, *, lead_professional, team_member, council_organisation):
    if who == "episode_lead":
        return lead_professional
    if who == "team_member":
        return team_member.worker
    return MembershipFactory(organisation=council_organisation, role=who).user


def change(client, change_name, episode, need, action, owner) -> tuple[str, dict]:
    """The address and a valid form for one change."""
    if change_name == "need":
        data = {"need-outcome": "housing", "need-description": "Damp", "need-baseline_score": "7"}
        return reverse("casework:plan-need-add", args=[episode.pk]), data
    if change_name == "action":
        data = {
            "action-need": need.pk,
            "action-description": "Walk Zara to school on Mondays",
            "action-owner": owner.pk,
            "action-due_on": (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
        }
        return reverse("casework:plan-action-add", args=[episode.pk]), data
    if change_name == "update":
        data = {f"update-{action.pk}-status": "done", f"update-{action.pk}-update": "Done"}
        return reverse("casework:plan-action-update", args=[episode.pk, action.pk]), data
    return reverse("casework:plan-review-interval", args=[episode.pk]), {"interval-weeks": "6"}


def written(change_name, episode, action) -> bool:
    episode.refresh_from_db()
    action.refresh_from_db()
    return {
        "need": episode.needs.count() == 2,
        "action": PlanAction.objects.count() == 2,
        "update": action.status == PlanAction.Status.DONE,
        "interval": episode.review_interval_weeks == 6,
    }[change_name]


@pytest.mark.parametrize("change_name", CHANGES)
@pytest.mark.parametrize("who", EXPECTED)
def test_who_may_change_the_plan(
    client,
    staff_sign_in,
    episode,
    need,
    team_action,
    team_member,
    lead_professional,
    council_organisation,
    who,
    change_name,
):
    user = the_actor(
        who,
        lead_professional=lead_professional,
        team_member=team_member,
        council_organisation=council_organisation,
    )
    # An action for themselves where they are in the team, else for the team member.
    owner = episode.team.filter(worker=user).first() or team_member
    url, data = change(client, change_name, episode, need, team_action, owner)
    staff_sign_in(user)

    response = client.post(url, data)

    assert response.status_code == EXPECTED[who][change_name]
    if response.status_code == 302:
        assert response["Location"] == reverse("casework:plan", args=[episode.pk])
    assert written(change_name, episode, team_action) == (response.status_code == 302)


@pytest.mark.parametrize("change_name", CHANGES)
def test_nobody_signed_in_is_sent_to_sign_in(client, episode, need, team_action, change_name):
    url, data = change(client, change_name, episode, need, team_action, team_action.owner)

    response = client.post(url, data)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert not written(change_name, episode, team_action)


@pytest.mark.parametrize("change_name", CHANGES)
def test_a_change_is_only_ever_posted(
    client, staff_sign_in, episode, need, team_action, lead_professional, change_name
):
    url, _data = change(client, change_name, episode, need, team_action, team_action.owner)
    staff_sign_in(lead_professional)
    assert client.get(url).status_code == 405


def test_the_plan_page_is_only_read(client, staff_sign_in, episode, lead_professional):
    staff_sign_in(lead_professional)
    url = reverse("casework:plan", args=[episode.pk])
    assert client.post(url, {"need-description": "x"}).status_code == 405
    assert not episode.needs.exists()


def test_each_form_on_the_page_posts_to_its_own_address(
    client, staff_sign_in, episode, team_action, lead_professional
):
    staff_sign_in(lead_professional)
    html = client.get(reverse("casework:plan", args=[episode.pk])).content.decode()
    for name, args in [
        ("casework:plan-need-add", [episode.pk]),
        ("casework:plan-action-add", [episode.pk]),
        ("casework:plan-action-update", [episode.pk, team_action.pk]),
        ("casework:plan-review-interval", [episode.pk]),
    ]:
        assert f'action="{reverse(name, args=args)}"' in html
    assert 'name="form"' not in html


def test_an_update_not_valid_shows_the_plan_with_its_errors(
    client, staff_sign_in, episode, team_action, team_member
):
    staff_sign_in(team_member.worker)
    url = reverse("casework:plan-action-update", args=[episode.pk, team_action.pk])

    response = client.post(url, {f"update-{team_action.pk}-update": "Half done"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html and "Choose the status of the action" in html
    assert "Half done" in html
    team_action.refresh_from_db()
    assert team_action.status == PlanAction.Status.NOT_STARTED


def test_an_action_of_another_episode_is_not_found(
    client, staff_sign_in, episode, team_action, lead_professional
):
    staff_sign_in(lead_professional)
    url = reverse("casework:plan-action-update", args=[episode.pk, team_action.pk + 1000])
    assert client.post(url, {f"update-{team_action.pk}-status": "done"}).status_code == 404
