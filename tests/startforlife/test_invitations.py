"""Each new family is invited to its hub's next welcome session, in its language, by its
channel, through the job queue after the import commits; once, however often the job runs."""

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from familyhub.families.identifiers import synthetic_nhs_number
from familyhub.notifications.models import Message
from familyhub.startforlife.models import Invitation
from familyhub.startforlife.services import (
    _invitation_send,
    invitations_send,
    notifications_import,
)
from tests.activities_factories import SessionFactory
from tests.factories import LocationFactory
from tests.startforlife.conftest import birth, csv_lines, pregnancy
from tests.startforlife_factories import InvitationFactory

pytestmark = pytest.mark.django_db


def run(sfl, *rows):
    return notifications_import(lines=csv_lines(*rows), local_authority=sfl.council, by=sfl.visitor)


def test_a_birth_is_invited_to_the_hubs_next_welcome_session_after_the_import_commits(
    sfl, welcome_session, fake_notify, django_capture_on_commit_callbacks
):
    later = welcome_session.starts + dt.timedelta(days=7)
    SessionFactory(
        activity=sfl.welcome, location=sfl.hub, starts=later, ends=later + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run(sfl, birth())
    assert fake_notify == []  # nothing is sent before the commit

    with django_capture_on_commit_callbacks(execute=True):  # the job's own message, after it
        for callback in callbacks:
            callback()

    [message] = fake_notify
    assert (message.template, message.channel, message.to) == (
        "welcome_invitation",
        "sms",
        "07700 900982",
    )
    assert message.language == "bn"
    assert "অভিনন্দন" in message.body  # congratulations, in Bengali
    assert f"/whats-on/{welcome_session.pk}/" in message.body
    invitation = Invitation.objects.get()
    assert (invitation.status, invitation.session) == (Invitation.Status.SENT, welcome_session)


def test_an_invitation_is_sent_once_when_the_job_runs_twice(
    sfl, welcome_session, fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(
            sfl,
            birth(preferred_contact="email", email="amina@example.org", preferred_language="so"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send() == 0  # the import's own job sent it already
        assert invitations_send([Invitation.objects.get().pk]) == 0

    assert [(m.template, m.channel, m.language) for m in fake_notify] == [
        ("welcome_invitation", "email", "so")
    ]
    assert fake_notify[0].subject.startswith("Hambalyo")  # in Somali
    assert Message.objects.filter(template="welcome_invitation").count() == 1


def test_a_run_that_listed_an_invitation_already_sent_sends_nothing(
    sfl, welcome_session, fake_notify
):
    """Two runs that both listed it as waiting: the second finds it sent under the row's lock."""
    invitation = InvitationFactory(
        notification__family__hub=sfl.hub,
        notification__family__locality=sfl.locality,
        notification__family__local_authority=sfl.council,
    )
    now = timezone.now()
    assert _invitation_send(invitation.pk, now) is True
    assert _invitation_send(invitation.pk, now) is False
    assert (
        Message.objects.filter(idempotency_key=f"welcome_invitation:{invitation.pk}").count() == 1
    )


def test_without_a_welcome_session_ahead_the_invitation_waits_for_the_daily_job(
    sfl, fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(sfl, birth())
    assert fake_notify == []
    assert Invitation.objects.get().status == Invitation.Status.WAITING

    starts = timezone.now() + dt.timedelta(days=3)
    SessionFactory(
        activity=sfl.welcome, location=sfl.hub, starts=starts, ends=starts + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_send() == 1

    assert [m.template for m in fake_notify] == ["welcome_invitation"]
    schedule = Schedule.objects.get(name="Invite new families to welcome sessions")
    assert (schedule.func, schedule.schedule_type) == (
        "familyhub.startforlife.services.invitations_send",
        Schedule.DAILY,
    )


def test_a_session_in_the_locality_is_next_best_when_the_hub_has_none(
    sfl, fake_notify, django_capture_on_commit_callbacks
):
    spoke = LocationFactory(local_authority=sfl.council, locality=sfl.locality)
    starts = timezone.now() + dt.timedelta(days=2)
    session = SessionFactory(
        activity=sfl.welcome, location=spoke, starts=starts, ends=starts + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run(sfl, birth())

    assert Invitation.objects.get().session == session


def test_cancelled_and_past_welcome_sessions_are_not_offered(
    sfl, fake_notify, django_capture_on_commit_callbacks
):
    starts = timezone.now() + dt.timedelta(days=2)
    SessionFactory(
        activity=sfl.welcome,
        location=sfl.hub,
        starts=starts,
        ends=starts + dt.timedelta(hours=1),
        cancelled=True,
    )
    past = timezone.now() - dt.timedelta(days=2)
    SessionFactory(
        activity=sfl.welcome, location=sfl.hub, starts=past, ends=past + dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run(sfl, birth())

    assert fake_notify == []


def test_a_pregnancy_is_not_invited_until_its_birth(
    sfl, welcome_session, fake_notify, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(sfl, pregnancy(parent_nhs_number=synthetic_nhs_number(5)))
    assert not Invitation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        run(sfl, birth(parent_nhs_number=synthetic_nhs_number(5)))

    assert [m.template for m in fake_notify] == ["welcome_invitation"]
