"""Caseloads: a practitioner's own (episodes they lead or are in the team of, their actions
overdue first), the locality manager's (every open episode in the council, filtered, and the
requests waiting for triage), and a number of queries that does not grow with the caseload."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.models import Episode, Outcome, PlanAction, TeamMember
from familyhub.casework.services import plan as services
from tests.casework_factories import EpisodeFactory, OverdueActionFactory, TeamMemberFactory
from tests.factories import LocalityFactory, MembershipFactory
from tests.frontdoor_factories import SubmittedRequestFactory
from tests.queries import queries_for as count_queries

TODAY = timezone.localdate()
CASELOAD = reverse("casework:caseload")
LOCALITY = reverse("casework:locality-caseload")


def make_episodes(n, *, lead, organisation, council, locality=None, member=None):
    """n open episodes led by `lead` (optionally with `member` in the team), each with a review
    and an action overdue, made as plain rows: the query-count tests need many quickly."""
    episodes = EpisodeFactory.create_batch(
        n,
        family__local_authority=council,
        lead_professional=lead,
        lead_organisation=organisation,
        locality=locality,
        opened_on=TODAY - dt.timedelta(days=100),
        next_review_due=TODAY - dt.timedelta(days=1),
    )
    for episode in episodes:
        if member is not None:
            TeamMemberFactory(episode=episode, organisation=organisation, worker=member)
        OverdueActionFactory(need__episode=episode, need__description="Damp")
    return episodes


@pytest.fixture
def plan(episode, lead_professional, team_member):
    need = services.need_add(
        episode, outcome=Outcome.EDUCATION, description="School", baseline_score=7,
        by=lead_professional,
    )  # fmt: skip
    lead_member = episode.team.get(worker=lead_professional)
    overdue = services.action_add(
        need, description="Overdue call", owner=team_member,
        due_on=TODAY + dt.timedelta(days=1), by=lead_professional,
    )  # fmt: skip
    PlanAction.objects.filter(pk=overdue.pk).update(due_on=TODAY - dt.timedelta(days=5))
    later = services.action_add(
        need, description="Later visit", owner=team_member,
        due_on=TODAY + dt.timedelta(days=10), by=lead_professional,
    )  # fmt: skip
    services.action_add(
        need, description="Lead's own task", owner=lead_member,
        due_on=TODAY + dt.timedelta(days=3), by=lead_professional,
    )  # fmt: skip
    return {"need": need, "overdue": overdue, "later": later}


# My caseload


def test_lead_sees_their_episode(client, staff_sign_in, episode, lead_professional):
    staff_sign_in(lead_professional)
    response = client.get(CASELOAD)
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == [episode]
    assert episode.family.name in response.content.decode()


def test_team_member_sees_the_episode_and_their_actions_overdue_first(
    client, staff_sign_in, episode, team_member, plan
):
    staff_sign_in(team_member.worker)
    response = client.get(CASELOAD)
    assert list(response.context["page_obj"].object_list) == [episode]
    actions = response.context["actions"]
    assert [a.description for a in actions] == ["Overdue call", "Later visit"]
    assert actions[0].overdue and not actions[1].overdue
    html = response.content.decode()
    assert "Lead's own task" not in html
    assert "govuk-tag--red" in html


def test_done_actions_and_past_team_members_drop_off(
    client, staff_sign_in, episode, team_member, plan
):
    PlanAction.objects.filter(pk=plan["later"].pk).update(status=PlanAction.Status.DONE)
    staff_sign_in(team_member.worker)
    assert [a.description for a in client.get(CASELOAD).context["actions"]] == ["Overdue call"]
    TeamMember.objects.filter(pk=team_member.pk).update(left_on=TODAY)
    response = client.get(CASELOAD)
    assert list(response.context["page_obj"].object_list) == []
    assert list(response.context["actions"]) == []


def test_closed_episodes_are_not_on_a_caseload(client, staff_sign_in, episode, lead_professional):
    Episode.objects.filter(pk=episode.pk).update(status=Episode.Status.CLOSED)
    staff_sign_in(lead_professional)
    assert list(client.get(CASELOAD).context["page_obj"].object_list) == []


def test_outsider_has_an_empty_caseload(client, staff_sign_in, episode, outsider):
    staff_sign_in(outsider)
    response = client.get(CASELOAD)
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []
    assert episode.family.name not in response.content.decode()


def test_overdue_review_and_actions_counted(
    client, staff_sign_in, episode, plan, lead_professional
):
    Episode.objects.filter(pk=episode.pk).update(next_review_due=TODAY - dt.timedelta(days=1))
    staff_sign_in(lead_professional)
    row = client.get(CASELOAD).context["page_obj"].object_list[0]
    assert row.review_overdue is True
    assert row.overdue_actions == 1
    assert row.i_lead is True


# The locality manager's caseload


@pytest.fixture
def borough(council, lead_organisation, lead_professional, episode):
    """Two localities, a second lead professional, and episodes spread between them."""
    east, west = LocalityFactory(local_authority=council), LocalityFactory(local_authority=council)
    Episode.objects.filter(pk=episode.pk).update(
        locality=east, next_review_due=TODAY + dt.timedelta(days=30)
    )
    other_lead = MembershipFactory(organisation=lead_organisation, role=Role.LEAD_PROFESSIONAL).user
    west_episodes = make_episodes(
        3, lead=other_lead, organisation=lead_organisation, council=council, locality=west
    )
    return {"east": east, "west": west, "other_lead": other_lead, "west_episodes": west_episodes}


def test_only_locality_managers_see_the_locality_caseload(
    client, staff_sign_in, lead_professional, episode
):
    staff_sign_in(lead_professional)
    assert client.get(LOCALITY).status_code == 403


def test_locality_manager_sees_every_open_episode(
    client, staff_sign_in, locality_manager, borough, episode
):
    staff_sign_in(locality_manager)
    response = client.get(LOCALITY)
    assert response.status_code == 200
    rows = list(response.context["page_obj"].object_list)
    assert len(rows) == 4 and episode in rows
    # Names only of families the manager's organisation may see; others by reference.
    html = response.content.decode()
    assert episode.family.name in html
    for other in borough["west_episodes"]:
        assert other.family.reference in html


def test_locality_manager_filters(client, staff_sign_in, locality_manager, borough, episode):
    staff_sign_in(locality_manager)

    def rows(**params):
        return set(client.get(LOCALITY, params).context["page_obj"].object_list)

    west = set(borough["west_episodes"])
    assert rows(locality=borough["east"].pk) == {episode}
    assert rows(locality=borough["west"].pk) == west
    assert rows(lead=borough["other_lead"].pk) == west
    assert rows(overdue_reviews="on") == west
    assert rows(overdue_actions="on") == west
    assert rows(locality=borough["east"].pk, overdue_reviews="on") == set()


def test_locality_manager_sees_councils_other_than_theirs_never(
    client, staff_sign_in, locality_manager, episode
):
    from familyhub.places.models import LocalAuthority

    other = LocalAuthority.objects.create(code="E09000012", name="Hackney", slug="hackney")
    Episode.objects.filter(pk=episode.pk).update(local_authority=other)
    staff_sign_in(locality_manager)
    assert list(client.get(LOCALITY).context["page_obj"].object_list) == []


def test_unallocated_requests_count_and_oldest(client, staff_sign_in, locality_manager, council):
    now = timezone.now()
    for status, days in [("new", 3), ("new", 9), ("allocated", 20), ("draft", 30)]:
        SubmittedRequestFactory(local_authority=council, status=status, hours_ago=days * 24)
    staff_sign_in(locality_manager)
    response = client.get(LOCALITY)
    unallocated = response.context["unallocated"]
    assert unallocated["count"] == 2
    assert unallocated["oldest"].date() == (now - dt.timedelta(days=9)).date()
    assert "2 requests are waiting" in response.content.decode()


# A constant number of queries


@pytest.mark.parametrize("page", ["caseload", "locality", "locality_filtered"])
def test_query_count_is_the_same_for_5_and_50_episodes(
    client, staff_sign_in, council, lead_organisation, lead_professional, locality_manager, page
):
    locality = LocalityFactory(local_authority=council)
    url, params, user = {
        "caseload": (CASELOAD, {}, lead_professional),
        "locality": (LOCALITY, {}, locality_manager),
        "locality_filtered": (
            LOCALITY,
            {"locality": locality.pk, "overdue_actions": "on", "overdue_reviews": "on"},
            locality_manager,
        ),
    }[page]
    staff_sign_in(user)
    make_episodes(
        5,
        lead=lead_professional,
        organisation=lead_organisation,
        council=council,
        locality=locality,
    )
    few = count_queries(client, url, params)
    make_episodes(
        45,
        lead=lead_professional,
        organisation=lead_organisation,
        council=council,
        locality=locality,
    )
    many = count_queries(client, url, params)
    assert len(client.get(url, params).context["page_obj"].object_list) == 50
    assert few == many


def test_plan_page_query_count_does_not_grow_with_the_plan(
    client, staff_sign_in, episode, lead_professional, team_member
):
    def add(n):
        for i in range(n):
            need = services.need_add(
                episode, outcome=list(Outcome.values)[i % 10], description=f"Need {i}",
                baseline_score=7, by=lead_professional,
            )  # fmt: skip
            for _ in range(2):
                services.action_add(
                    need, description="Act", owner=team_member, due_on=TODAY,
                    by=lead_professional,
                )  # fmt: skip
        services.review_record(
            episode, held_on=TODAY, summary="", by=lead_professional,
            scores=dict.fromkeys(episode.needs.values_list("pk", flat=True), 5),
        )  # fmt: skip

    staff_sign_in(lead_professional)
    url = reverse("casework:plan", args=[episode.pk])
    add(2)
    few = count_queries(client, url)
    add(10)
    many = count_queries(client, url)
    assert few == many
