"""Casework's notices to staff: a new case for its lead professional (triage's allocation, a
step-down, a reassignment), never to whoever did it; the daily job's notices of plan actions
coming due; and, at closure, no message to the family (feedback's job invites them)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.casework.models import Episode, PlanAction
from familyhub.casework.services.episodes import (
    episode_close,
    episode_reassign,
    episode_step_down,
)
from familyhub.casework.services.notices import actions_due_notify, case_new_notify
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.notifications.models import Message, Notice
from familyhub.triage.services import request_decide
from tests.casework_factories import (
    ClosedEpisodeFactory,
    DoneActionFactory,
    EpisodeFactory,
    PlanActionFactory,
    PlanNeedFactory,
)
from tests.factories import MembershipFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


def notices_of(user, kind=Notice.Kind.NEW_CASE):
    return list(Notice.objects.filter(recipient=user, kind=kind))


# --- New case ----------------------------------------------------------------------------------


def test_triage_allocation_tells_the_lead_once_by_notice_and_email(
    council, lead_professional, django_capture_on_commit_callbacks
):
    front_door_set_up(local_authority=council)
    access = MembershipFactory(role=Role.TRIAGE, organisation__local_authority=council)
    request = SubmittedRequestFactory(local_authority=council, family_name="Begum")
    with django_capture_on_commit_callbacks(execute=True):
        request_decide(
            request=request,
            level=NeedLevel.objects.get(local_authority=council, number=2),
            reason="Low mood and sleep",
            lead_professional=lead_professional,
            triage_organisation=access.organisation,
            by=access.user,
        )
    request.refresh_from_db()
    episode = request.family.episodes.get()

    [notice] = notices_of(lead_professional)
    assert notice.link == f"/staff/casework/{episode.pk}/"
    assert request.family.reference in notice.text and "Begum" not in notice.text
    assert not Notice.objects.filter(recipient=access.user).exists()
    assert [m.to for m in mail.outbox if "New case" in m.subject] == [[lead_professional.email]]


def test_a_step_down_tells_the_new_lead(
    family, lead_professional, lead_organisation, triage_officer
):
    episode = episode_step_down(
        family=family,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        by=triage_officer,
        reason="Child protection plan ended",
    )
    [notice] = notices_of(lead_professional)
    assert notice.link == f"/staff/casework/{episode.pk}/"
    assert not Notice.objects.filter(recipient=triage_officer).exists()


def test_a_reassignment_tells_the_new_lead_not_the_manager_nor_the_old_lead(
    episode, partner_organisation, lead_professional, locality_manager
):
    Notice.objects.all().delete()
    new_lead = MembershipFactory(
        organisation=partner_organisation, role=Role.LEAD_PROFESSIONAL
    ).user
    episode_reassign(
        episode=episode, lead_professional=new_lead, by=locality_manager, reason="Leave"
    )

    [notice] = notices_of(new_lead)
    assert notice.link == f"/staff/casework/{episode.pk}/"
    assert Notice.objects.count() == 1


def test_nobody_is_told_of_a_case_they_gave_themselves(
    family, lead_organisation, locality_manager, council_organisation
):
    """A locality manager who may also lead steps a family down to herself: nothing to tell."""
    MembershipFactory(
        user=locality_manager, organisation=lead_organisation, role=Role.LEAD_PROFESSIONAL
    )
    episode_step_down(
        family=family,
        lead_professional=locality_manager,
        lead_organisation=lead_organisation,
        by=locality_manager,
        reason="Child protection plan ended",
    )
    assert not Notice.objects.exists()


def test_a_lead_joining_an_open_episode_is_told_she_is_in_its_team(
    episode, partner_practitioner, triage_officer
):
    case_new_notify(episode=episode, lead=partner_practitioner, by=triage_officer)
    [notice] = notices_of(partner_practitioner)
    assert notice.text == (
        f"New case: you have joined the Team Around the Family for family "
        f"{episode.family.reference}"
    )


# --- Actions due -------------------------------------------------------------------------------


@pytest.fixture
def plan(lead_professional):
    return PlanNeedFactory(episode=EpisodeFactory(lead_professional=lead_professional))


def action_due_in(need, days: int, factory=PlanActionFactory) -> PlanAction:
    return factory(need=need, due_on=timezone.localdate() + dt.timedelta(days=days))


def test_the_lead_is_told_of_actions_due_within_a_week_or_overdue(plan, lead_professional):
    soon, today, overdue = (action_due_in(plan, d) for d in (7, 0, -3))
    action_due_in(plan, 8)  # not yet
    action_due_in(plan, 1, DoneActionFactory)  # done

    assert actions_due_notify() == 3

    notices = notices_of(lead_professional, Notice.Kind.ACTION_DUE)
    assert {n.idempotency_key for n in notices} == {
        f"action_due:{a.pk}:{a.due_on.isoformat()}" for a in (soon, today, overdue)
    }
    reference = plan.episode.family.reference
    assert all(reference in n.text and "damp" not in n.text for n in notices)
    assert all(n.link == f"/staff/casework/{plan.episode.pk}/plan" for n in notices)
    [late] = [n for n in notices if "overdue" in n.text]
    assert late.idempotency_key.startswith(f"action_due:{overdue.pk}:")


def test_each_action_is_told_once_for_each_due_date(plan, lead_professional):
    action = action_due_in(plan, 2)
    assert actions_due_notify() == 1
    assert actions_due_notify() == 0
    with time_machine.travel(timezone.now() + dt.timedelta(days=5)):
        assert actions_due_notify() == 0  # overdue now, but already told

    action.due_on += dt.timedelta(days=3)
    action.save()
    assert actions_due_notify() == 1
    assert len(notices_of(lead_professional, Notice.Kind.ACTION_DUE)) == 2


def test_actions_of_closed_episodes_are_not_told(lead_professional):
    closed = ClosedEpisodeFactory(lead_professional=lead_professional)
    action_due_in(PlanNeedFactory(episode=closed), 1)
    assert actions_due_notify() == 0


def test_the_job_is_a_daily_schedule():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="familyhub.casework.services.notices.actions_due_notify")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1


# --- Closing writes to nobody: the family's feedback invitation is feedback's job ----------------


def test_closing_sends_the_family_nothing_itself(
    episode, lead_professional, council, fake_notify, django_capture_on_commit_callbacks
):
    """feedback.services.feedback_invitations_send asks the family, with the survey's link
    (tests/feedback/test_invitations.py): closing no longer asks them to reply to an email."""
    episode.request = SubmittedRequestFactory(
        local_authority=council, contact_method=SupportRequest.Contact.EMAIL, email="a@example.com"
    )
    episode.save()
    with django_capture_on_commit_callbacks(execute=True):
        episode_close(
            episode=episode,
            by=lead_professional,
            reason=Episode.ClosureReason.OUTCOMES_MET,
            results={},
            family_adviser=lead_professional,
        )
    assert not Message.objects.filter(to="a@example.com").exists()
    assert [m for m in fake_notify if m.to == "a@example.com"] == []
