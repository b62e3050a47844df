"""Inviting families to the feedback survey: the daily job finds episodes closed in the last
14 days and booked families ticked in at sessions that ended in the last 2 days, and asks each
once, by the channel and in the language they chose, with the survey's link."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_q.models import Schedule

from familyhub.audit.models import AuditEvent
from familyhub.feedback.models import Invitation
from familyhub.feedback.rules import INVITATION_LASTS
from familyhub.feedback.services import feedback_invitations_send
from familyhub.frontdoor.models import SupportRequest
from familyhub.notifications import notify
from familyhub.notifications.models import Message
from tests.activities_factories import AttendanceFactory, BookingFactory, SessionFactory
from tests.casework_factories import ClosedEpisodeFactory
from tests.factories import LanguageFactory, LocationFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db


def closed_episode(days_ago: int = 1, **contact):
    """Closed `days_ago`, from a request whose contact details are `contact`."""
    episode = ClosedEpisodeFactory(closed_on=timezone.localdate() - dt.timedelta(days=days_ago))
    contact.setdefault("contact_method", SupportRequest.Contact.EMAIL)
    contact.setdefault("email", "amina@example.com")
    episode.request = SubmittedRequestFactory(
        local_authority=episode.local_authority,
        parent_name="Amina",
        family_name="Example",
        child__given_name="Zara",
        **contact,
    )
    episode.save()
    return episode


def attended(hours_ago: float = 3, **booking):
    """A booked family ticked in at a session that ended `hours_ago`."""
    ends = timezone.now() - dt.timedelta(hours=hours_ago)
    session = SessionFactory(
        starts=ends - dt.timedelta(minutes=90), ends=ends, activity__name="Rhyme time"
    )
    made = BookingFactory(session=session, **booking)
    AttendanceFactory(session=session, booking=made, walk_in=False, name=made.contact_name)
    return made


def run_job(captured):
    with captured(execute=True):
        return feedback_invitations_send()


# --- Episodes -----------------------------------------------------------------------------------


def test_a_family_who_chose_texts_is_invited_by_text_in_bengali(
    fake_notify, django_capture_on_commit_callbacks
):
    bengali = LanguageFactory(code="bn", name="Bengali")
    episode = closed_episode(
        contact_method=SupportRequest.Contact.TEXT, phone="07700 900123", language=bengali
    )

    assert run_job(django_capture_on_commit_callbacks) == 1

    invitation = Invitation.objects.get(episode=episode)
    assert (invitation.about, invitation.channel, invitation.language) == ("episode", "sms", "bn")
    assert invitation.family_id == episode.family_id
    [sent] = [m for m in fake_notify if m.template == "feedback_episode"]
    assert (sent.channel, sent.to, sent.language) == (notify.SMS, "07700 900123", "bn")
    assert "প্রাথমিক সহায়তা শেষ হয়েছে" in sent.body and "has finished" not in sent.body
    assert sent.body.endswith(f"{settings.SITE_URL}/feedback/{invitation.token}/")


def test_a_family_who_chose_email_is_invited_by_email_in_somali_without_names(
    fake_notify, django_capture_on_commit_callbacks
):
    episode = closed_episode(email="hodan@example.com", language=LanguageFactory(code="so"))

    run_job(django_capture_on_commit_callbacks)

    [sent] = [m for m in fake_notify if m.template == "feedback_episode"]
    assert (sent.channel, sent.to, sent.language) == (notify.EMAIL, "hodan@example.com", "so")
    assert "Caawimaadda" in sent.body and "has now finished" not in sent.body
    assert Invitation.objects.get(episode=episode).token in sent.body
    # Email is no place for the family's details: no child's or parent's name.
    assert "Zara" not in sent.body and "Amina" not in sent.body


def test_another_language_is_invited_in_english(fake_notify, django_capture_on_commit_callbacks):
    closed_episode(language=LanguageFactory(code="pl", name="Polish"))

    run_job(django_capture_on_commit_callbacks)

    [sent] = [m for m in fake_notify if m.template == "feedback_episode"]
    assert sent.language == "en-gb" and "has now finished" in sent.body
    assert "3 short questions" in sent.body


def test_texts_fall_back_to_email_where_the_service_cannot_send_them(
    settings, fake_notify, django_capture_on_commit_callbacks
):
    settings.NOTIFY_BACKEND = notify.DEFAULT_BACKEND  # email only
    episode = closed_episode(
        contact_method=SupportRequest.Contact.TEXT, phone="07700 900123", email="a@example.com"
    )

    run_job(django_capture_on_commit_callbacks)

    assert Invitation.objects.get(episode=episode).channel == "email"
    [message] = Message.objects.filter(template="feedback_episode")
    assert message.channel == Message.Channel.EMAIL


def test_a_family_who_gave_neither_is_not_invited():
    closed_episode(contact_method=SupportRequest.Contact.LETTER, phone="", email="")

    assert feedback_invitations_send() == 0
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_an_episode_without_a_request_is_not_invited():
    ClosedEpisodeFactory()  # a step-down: no request, so no contact details

    assert feedback_invitations_send() == 0


def test_only_episodes_closed_in_the_last_14_days_are_invited():
    recent, old = closed_episode(days_ago=14), closed_episode(days_ago=15)

    feedback_invitations_send()

    assert Invitation.objects.filter(episode=recent).exists()
    assert not Invitation.objects.filter(episode=old).exists()


def test_the_job_running_twice_invites_each_family_once(
    fake_notify, django_capture_on_commit_callbacks
):
    episode = closed_episode()
    booking = attended()

    assert run_job(django_capture_on_commit_callbacks) == 2
    assert run_job(django_capture_on_commit_callbacks) == 0

    assert Invitation.objects.filter(episode=episode).count() == 1
    assert Invitation.objects.filter(booking=booking).count() == 1
    assert Message.objects.filter(template__startswith="feedback_").count() == 2
    assert sorted(m.template for m in fake_notify) == ["feedback_episode", "feedback_session"]


def test_a_second_invitation_of_the_same_episode_is_refused_by_the_database():
    episode = closed_episode()
    feedback_invitations_send()
    first = Invitation.objects.get(episode=episode)

    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            about="episode",
            episode=episode,
            local_authority=first.local_authority,
            channel="email",
            language="en-gb",
        )


def test_each_invitation_is_in_the_households_audit_trail():
    episode = closed_episode()

    feedback_invitations_send()

    invitation = Invitation.objects.get()
    event = AuditEvent.objects.get(record_type="feedback.invitation")
    assert (event.action, event.family_id, event.record_id) == (
        AuditEvent.Action.CREATE,
        episode.family_id,
        str(invitation.pk),
    )
    assert event.local_authority_code == episode.local_authority_id
    assert "amina@example.com" not in str(event.details)


def test_the_link_works_for_60_days():
    assert dt.timedelta(days=60) == INVITATION_LASTS


# --- Sessions -----------------------------------------------------------------------------------


def test_a_booked_family_who_came_is_invited_about_the_session_in_their_language(
    fake_notify, django_capture_on_commit_callbacks
):
    booking = attended(language="so", channel="sms", contact="07700 900456")

    run_job(django_capture_on_commit_callbacks)

    invitation = Invitation.objects.get(booking=booking)
    assert (invitation.about, invitation.channel, invitation.language) == ("session", "sms", "so")
    assert invitation.locality_id == booking.session.location.locality_id
    [sent] = [m for m in fake_notify if m.template == "feedback_session"]
    assert (sent.to, sent.language) == ("07700 900456", "so")
    assert "Rhyme time" in sent.body and invitation.token in sent.body


def test_a_session_at_a_spoke_counts_for_its_hub():
    hub = LocationFactory(kind="main_hub")
    booking = attended()
    location = booking.session.location
    location.kind, location.hub = "spoke", hub
    location.save()

    feedback_invitations_send()

    assert Invitation.objects.get(booking=booking).hub == hub


def test_who_did_not_come_or_walked_in_is_not_invited():
    ends = timezone.now() - dt.timedelta(hours=2)
    session = SessionFactory(starts=ends - dt.timedelta(hours=1), ends=ends)
    BookingFactory(session=session)  # booked, never ticked in
    AttendanceFactory(session=session)  # a walk-in: no booking, nothing to write to

    assert feedback_invitations_send() == 0


def test_only_sessions_that_ended_in_the_last_two_days_are_asked_about():
    recent, old, running = attended(hours_ago=47), attended(hours_ago=49), attended(hours_ago=-1)

    feedback_invitations_send()

    assert list(Invitation.objects.values_list("booking", flat=True)) == [recent.pk]
    assert old.pk and running.pk


def test_a_booking_by_text_is_not_asked_where_texts_cannot_be_sent(settings):
    settings.NOTIFY_BACKEND = notify.DEFAULT_BACKEND  # email only
    attended(channel="sms", contact="07700 900456")
    by_email = attended()

    feedback_invitations_send()

    assert list(Invitation.objects.values_list("booking", flat=True)) == [by_email.pk]


def test_the_job_is_scheduled_daily():
    schedule = Schedule.objects.get(func="familyhub.feedback.services.feedback_invitations_send")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1


@pytest.mark.parametrize(("language", "english"), [("bn", "Thank you"), ("so", "Thank you")])
def test_the_session_email_is_written_in_the_familys_language(
    fake_notify, django_capture_on_commit_callbacks, language, english
):
    attended(language=language)

    run_job(django_capture_on_commit_callbacks)

    [sent] = [m for m in fake_notify if m.template == "feedback_session"]
    assert sent.language == language and "Rhyme time" in sent.subject
    assert english not in sent.body and "3 short questions" not in sent.body
