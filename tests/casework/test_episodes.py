"""An episode's states (open, step up, step down, close, reassign) and who may change them."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Episode, EpisodeEvent, Outcome, PlanNeed
from familyhub.casework.selectors import handover_summary_text
from familyhub.casework.services.episodes import (
    episode_close,
    episode_reassign,
    episode_step_down,
    episode_step_up,
)
from familyhub.families.models import Involvement
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.triage.services import request_decide
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import PlanNeedFactory
from tests.factories import MembershipFactory
from tests.families_factories import ChronologyEventFactory
from tests.frontdoor_factories import SubmittedRequestFactory

# Who, by fixture name. "other_lead" is a lead professional of the lead's own organisation.
ACTORS = [
    "lead_professional",
    "partner_practitioner",
    "locality_manager",
    "triage_officer",
    "outsider",
]


def actor(request, name, episode=None):
    if name == "partner_practitioner" and episode is not None:
        request.getfixturevalue("team_member")
    return request.getfixturevalue(name)


def need(episode, outcome=Outcome.HEALTH) -> PlanNeed:
    return PlanNeedFactory(
        episode=episode, outcome=outcome, description="Mum's low mood", baseline_score=7
    )


def test_open_writes_event_audit_team_and_review_date(episode, lead_professional, family):
    assert episode.status == Episode.Status.OPEN
    assert episode.next_review_due == episode.opened_on + dt.timedelta(weeks=12)
    assert episode.locality_id == family.locality_id
    assert list(episode.events.values_list("kind", flat=True)) == [EpisodeEvent.Kind.OPENED]
    assert episode.team.get().worker == lead_professional
    assert Involvement.objects.filter(
        family=family, worker=lead_professional, role=Involvement.Role.LEAD_PROFESSIONAL
    ).exists()
    assert AuditEvent.objects.filter(record_id=str(episode.pk), action="create").exists()


def test_a_family_has_one_open_episode(episode, family, lead_professional, locality_manager):
    with pytest.raises(ValidationError):
        episode_step_down(
            family=family,
            lead_professional=lead_professional,
            lead_organisation=episode.lead_organisation,
            by=locality_manager,
            reason="Child protection plan ended",
        )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_professional", True),
        ("partner_practitioner", False),
        ("locality_manager", True),
        ("triage_officer", False),
        ("outsider", False),
    ],
)
def test_step_up(request, episode, who, allowed):
    user = actor(request, who, episode)
    ChronologyEventFactory(family=episode.family, summary="Missed health visitor appointment")
    if not allowed:
        with pytest.raises(PermissionDenied):
            episode_step_up(episode=episode, by=user, reason="Disclosure at school")
        return
    event = episode_step_up(episode=episode, by=user, reason="Disclosure at school")
    episode.refresh_from_db()
    assert episode.status == Episode.Status.STEPPED_UP
    assert event.kind == EpisodeEvent.Kind.STEPPED_UP
    assert "Zara Example" in event.summary and "Missed health visitor" in event.summary
    assert episode.family.chronology.filter(summary__icontains="stepped up").exists()
    with pytest.raises(ValidationError):
        episode_step_up(episode=episode, by=user, reason="Again")


def test_handover_summary_has_plan_scores(episode):
    need(episode)
    text = handover_summary_text(episode)
    assert "Improved mental and physical health" in text and "baseline 7" in text
    assert "Household" in text and "years" in text


def test_handover_summary_reads_line_by_line(episode, lead_professional):
    need(episode)
    lead = lead_professional.get_full_name()

    text = handover_summary_text(episode, today=dt.date(2026, 3, 10))

    assert text == "\n".join(
        [
            f"Handover summary for {episode.family}",
            f"Early help since {episode.opened_on:%d %b %Y}, lead professional {lead} "
            "(Health visiting)",
            "",
            "Household",
            "- Zara Example (Child or young person, 6 years)",
            "- Idris Example (Child or young person, 2 years)",
            "- Amina Example (Parent, 35 years)",
            "",
            "Who is involved",
            "- Early Help service (Locality hub team)",
            f"- Health visiting (Lead professional, {lead})",
            "",
            "Early Help Assessment",
            "- No assessment recorded",
            "",
            "Family plan",
            "- Improved mental and physical health: Mum's low mood "
            "(baseline 7, latest not reviewed)",
            "",
            "Recent chronology",
            "- Nothing recorded",
        ]
    )


def test_the_handover_summary_is_kept_as_the_step_up_page_showed_it(
    client, episode, lead_professional
):
    PlanNeed.objects.create(
        episode=episode,
        outcome=Outcome.HOUSING,
        description="Damp <flat> & mould",
        baseline_score=6,
    )
    sign_in_verified(client, lead_professional)
    url = reverse("casework:step-up", args=[episode.pk])

    shown = handover_summary_text(episode)
    page = client.get(url).content.decode()
    client.post(url, {"reason": "Disclosure at school"})

    kept = episode.events.get(kind=EpisodeEvent.Kind.STEPPED_UP).summary
    assert kept == shown
    assert "Damp <flat> & mould" in kept  # plain text, kept as it reads
    assert html.escape(shown) in page and "Damp <flat>" not in page  # escaped once, on the page


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_professional", False),
        ("partner_practitioner", False),
        ("locality_manager", True),
        ("triage_officer", True),
        ("outsider", False),
    ],
)
def test_step_down(request, family, lead_professional, lead_organisation, who, allowed):
    user = actor(request, who)
    call = lambda: episode_step_down(  # noqa: E731
        family=family,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        by=user,
        reason="Child protection plan ended",
    )
    if not allowed:
        with pytest.raises(PermissionDenied):
            call()
        return
    episode = call()
    assert episode.source == Episode.Source.STEP_DOWN
    assert episode.events.get().kind == EpisodeEvent.Kind.STEPPED_DOWN


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_professional", True),
        ("partner_practitioner", False),
        ("locality_manager", True),
        ("triage_officer", False),
        ("outsider", False),
    ],
)
def test_close(request, episode, team_member, lead_professional, who, allowed):
    user = actor(request, who, episode)
    first = need(episode)
    kwargs = {
        "episode": episode,
        "by": user,
        "reason": Episode.ClosureReason.OUTCOMES_MET,
        "results": {first.pk: PlanNeed.Result.ACHIEVED},
        "family_adviser": lead_professional,
    }
    if not allowed:
        with pytest.raises(PermissionDenied):
            episode_close(**kwargs)
        return
    episode_close(**kwargs)
    episode.refresh_from_db()
    assert episode.status == Episode.Status.CLOSED and episode.closed_on
    with pytest.raises(ValidationError):
        episode_close(**kwargs)


def test_closing_needs_a_result_for_every_need(episode, lead_professional):
    first, second = need(episode), need(episode, Outcome.HOUSING)
    with pytest.raises(ValidationError):
        episode_close(
            episode=episode,
            by=lead_professional,
            reason=Episode.ClosureReason.OUTCOMES_MET,
            results={first.pk: PlanNeed.Result.ACHIEVED},
            family_adviser=lead_professional,
        )
    episode.refresh_from_db()
    assert episode.status == Episode.Status.OPEN
    second.refresh_from_db()
    assert second.result == ""


def test_closing_keeps_the_advisers_involvement(
    episode,
    team_member,
    lead_professional,
    partner_practitioner,
    council,
    django_capture_on_commit_callbacks,
):
    episode.request = SubmittedRequestFactory(
        local_authority=council,
        email="amina@example.com",
        parent_name="Amina",
        family_name="Example",
        child__given_name="Zara",
    )
    episode.save()
    with django_capture_on_commit_callbacks(execute=True):
        episode_close(
            episode=episode,
            by=lead_professional,
            reason=Episode.ClosureReason.OUTCOMES_MET,
            results={},
            family_adviser=partner_practitioner,
        )
    episode.refresh_from_db()
    assert episode.family_adviser == partner_practitioner
    active = Involvement.objects.filter(family=episode.family, ended__isnull=True)
    assert active.filter(organisation=team_member.organisation).exists()
    assert not active.filter(organisation=episode.lead_organisation).exists()
    # The family hears from feedback's daily job, not from the closure (tests/feedback/).
    assert [m.to for m in mail.outbox] == []


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("lead_professional", False),
        ("partner_practitioner", False),
        ("locality_manager", True),
        ("triage_officer", False),
        ("outsider", False),
    ],
)
def test_reassign(request, episode, partner_organisation, lead_professional, who, allowed):
    user = actor(request, who, episode)
    new_lead = MembershipFactory(
        organisation=partner_organisation, role=Role.LEAD_PROFESSIONAL
    ).user
    if not allowed:
        with pytest.raises(PermissionDenied):
            episode_reassign(episode=episode, lead_professional=new_lead, by=user, reason="Leave")
        return
    episode_reassign(episode=episode, lead_professional=new_lead, by=user, reason="Leave")
    episode.refresh_from_db()
    assert episode.lead_professional == new_lead
    assert episode.lead_organisation == partner_organisation
    assert episode.events.last().kind == EpisodeEvent.Kind.REASSIGNED
    assert not episode.team.filter(worker=lead_professional, left_on__isnull=True).exists()


def test_triage_allocation_opens_an_episode(council, lead_organisation, lead_professional):
    front_door_set_up(local_authority=council)
    access = MembershipFactory(role=Role.TRIAGE, organisation__local_authority=council)
    request = request_decide(
        request=SubmittedRequestFactory(local_authority=council),
        level=NeedLevel.objects.get(local_authority=council, number=2),
        reason="Low mood and sleep",
        lead_professional=lead_professional,
        triage_organisation=access.organisation,
        by=access.user,
    )
    assert request.status == SupportRequest.Status.ALLOCATED
    episode = request.family.episodes.get()
    assert episode.lead_professional == lead_professional and episode.request == request
    assert episode.source == Episode.Source.TRIAGE


# Pages


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead_professional", 200),
        ("partner_practitioner", 200),
        ("locality_manager", 200),
        ("outsider", 404),
    ],
)
def test_episode_page(request, client, episode, who, status):
    sign_in_verified(client, actor(request, who, episode))
    assert client.get(reverse("casework:episode", args=[episode.pk])).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("lead_professional", 200), ("partner_practitioner", 403), ("outsider", 404)],
)
def test_step_up_page_access(request, client, episode, who, status):
    sign_in_verified(client, actor(request, who, episode))
    assert client.get(reverse("casework:step-up", args=[episode.pk])).status_code == status


def test_step_up_page(client, episode, lead_professional):
    sign_in_verified(client, lead_professional)
    url = reverse("casework:step-up", args=[episode.pk])
    page = client.get(url)
    assert "Zara Example" in page.content.decode()
    assert "There is a problem" in client.post(url, {"reason": " "}).content.decode()
    response = client.post(url, {"reason": "Disclosure at school"}, follow=True)
    assert "Handover summary" in response.content.decode()
    episode.refresh_from_db()
    assert episode.status == Episode.Status.STEPPED_UP


def test_close_page_keeps_what_was_typed(client, episode, lead_professional):
    first, second = need(episode), need(episode, Outcome.HOUSING)
    sign_in_verified(client, lead_professional)
    url = reverse("casework:close", args=[episode.pk])
    adviser = episode.team.get(worker=lead_professional)
    page = client.post(
        url,
        {f"need_{first.pk}": "achieved", "reason": "outcomes_met", "family_adviser": adviser.pk},
    )
    body = page.content.decode()
    assert "Choose a result for" in body and 'value="achieved" checked' in body
    response = client.post(
        url,
        {
            f"need_{first.pk}": "achieved",
            f"need_{second.pk}": "partly",
            "reason": "outcomes_met",
            "family_adviser": adviser.pk,
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == Episode.Status.CLOSED


def test_step_down_page(client, family, lead_professional, triage_officer):
    membership = lead_professional.memberships.get()
    sign_in_verified(client, triage_officer)
    url = reverse("casework:step-down", args=[family.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"lead": membership.pk, "reason": "Plan ended"})
    assert response.status_code == 302
    assert family.episodes.get().source == Episode.Source.STEP_DOWN


def test_reassign_page(client, episode, locality_manager, partner_organisation):
    new = MembershipFactory(organisation=partner_organisation, role=Role.LEAD_PROFESSIONAL)
    sign_in_verified(client, locality_manager)
    url = reverse("casework:reassign", args=[episode.pk])
    response = client.post(url, {"lead": new.pk, "reason": "Long-term leave"})
    assert response.status_code == 302
    page = client.get(reverse("casework:episode", args=[episode.pk])).content.decode()
    assert "Lead professional changed" in page


def test_casework_nav(client, lead_professional):
    sign_in_verified(client, lead_professional)
    page = client.get(reverse("casework:episodes"))
    assert page.status_code == 200 and "Casework" in page.content.decode()


def test_the_family_record_offers_step_down_to_those_who_may(
    client, family, episode, locality_manager, lead_professional
):
    step_down = f"/staff/casework/step-down/{family.pk}"
    sign_in_verified(client, locality_manager)
    page = client.get(f"/staff/families/{family.pk}/")
    assert page.status_code == 200 and step_down in page.content.decode()
    sign_in_verified(client, lead_professional)
    page = client.get(f"/staff/families/{family.pk}/")
    assert page.status_code == 200 and step_down not in page.content.decode()
