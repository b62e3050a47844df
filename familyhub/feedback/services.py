"""Feedback's writes: inviting families (the job), and a family's answer.

    feedback_invitations_send()            # the daily job: everybody due is invited, once
    answer_give(invitation=..., helpfulness=4, told_story_once="yes", better="")

Once, however often the job runs and however many run at once: an episode and a booking each
have at most one invitation (a unique key), the invitation and its message are written in one
transaction, and the message's idempotency key names the episode or booking, so a second run
finds the invitation and sends nothing. An answer is once per invitation by its primary key.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from familyhub.accounts.models import User
from familyhub.activities.models import Attendance, Booking
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_each, audit_record
from familyhub.casework.models import Episode
from familyhub.directory.models import Location
from familyhub.feedback import rules, selectors
from familyhub.feedback.models import Answer, Invitation
from familyhub.frontdoor.rules import family_message_language, family_message_route
from familyhub.notifications.services import message_send

logger = logging.getLogger(__name__)


def survey_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("feedback:survey", args=[invitation.token])


def feedback_invitations_send(now: dt.datetime | None = None) -> int:
    """The daily job (schedule: migration 0002): invite every family whose episode closed, or
    whose session ended, recently (rules.EPISODES_CLOSED_WITHIN, SESSIONS_ENDED_WITHIN) and who
    can be written to. Returns how many were invited by this run."""
    now = now or timezone.now()
    invited = 0
    for episode in selectors.episodes_to_invite(now):
        invited += episode_invite(episode=episode, now=now) is not None
    for attendance in selectors.attendances_to_invite(now):
        invited += booking_invite(attendance=attendance, now=now) is not None
    if invited:
        logger.info("feedback: %s families invited", invited)
    return invited


def episode_invite(*, episode: Episode, now: dt.datetime) -> Invitation | None:
    """Invite the family of a closed episode by their request's route, in its language; None if
    they cannot be written to, or were invited already."""
    request = episode.request
    route = family_message_route(request) if request is not None else None
    if request is None or route is None:
        return None
    channel, to = route
    language = family_message_language(request)
    adviser = episode.family_adviser or episode.lead_professional
    with transaction.atomic():
        invitation = _invitation_create(
            about=Invitation.About.EPISODE,
            episode=episode,
            family_id=episode.family_id,
            local_authority_id=episode.local_authority_id,
            locality_id=episode.locality_id,
            hub_id=episode.hub_id,
            channel=channel,
            language=language,
            now=now,
        )
        if invitation is None:
            return None
        membership = episode.team.filter(worker=adviser).select_related("organisation").last()
        _tell(
            invitation,
            "feedback_episode",
            to=to,
            key=f"feedback_episode:{episode.pk}",
            adviser=adviser.get_full_name() or adviser.email,
            adviser_organisation=str(membership.organisation if membership else ""),
        )
    return invitation


def _hub_of(location: Location) -> Location | None:
    """The main hub a session's place belongs to (itself, if it is one)."""
    if location.kind == Location.Kind.MAIN_HUB:
        return location
    return location.hub


def booking_invite(*, attendance: Attendance, now: dt.datetime) -> Invitation | None:
    """Invite a booked family who came, by their booking's channel and language; None if the
    channel cannot be used here (texts without GOV.UK Notify) or they were invited already."""
    booking: Booking = attendance.booking  # type: ignore[assignment]  # booked attendances only
    if not rules.booking_reachable(booking.channel, booking.contact):
        return None
    session = attendance.session
    hub = _hub_of(session.location)
    with transaction.atomic():
        invitation = _invitation_create(
            about=Invitation.About.SESSION,
            booking=booking,
            family_id=booking.family_id or attendance.family_id,
            local_authority_id=session.activity.local_authority_id,
            locality_id=session.location.locality_id,
            hub_id=hub.pk if hub else None,
            channel=booking.channel,
            language=booking.language,
            now=now,
        )
        if invitation is None:
            return None
        with translation.override(booking.language):
            when = date_format(timezone.localtime(session.starts), "l j F Y")
        _tell(
            invitation,
            "feedback_session",
            to=booking.contact,
            key=f"feedback_session:{booking.pk}",
            activity=session.activity.name,
            place=session.location.name,
            when=when,
        )
    return invitation


def _invitation_create(*, now: dt.datetime, **fields: object) -> Invitation | None:
    """The invitation, or None if its episode or booking has one already (another run's)."""
    try:
        with transaction.atomic():  # a savepoint: the unique key refuses a second invitation
            invitation = Invitation.objects.create(sent_at=now, **fields)
    except IntegrityError:
        return None
    audit_record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        record=invitation,
        details={"about": invitation.about, "channel": invitation.channel},
    )
    return invitation


def _tell(
    invitation: Invitation, template: str, *, to: str, key: str, **personalisation: str
) -> None:
    """The survey's message, by the invitation's channel, in its language, after the commit."""
    with translation.override(invitation.language):
        expires = date_format(
            timezone.localdate(invitation.sent_at + rules.INVITATION_LASTS), "j F Y"
        )
    message_send(
        template=template,
        channel=invitation.channel,
        to=to,
        language=invitation.language,
        idempotency_key=key,
        personalisation={
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "link": survey_link(invitation),
            "expires": expires,
            **personalisation,
        },
    )


def answer_give(
    *, invitation: Invitation, helpfulness: int, told_story_once: str, better: str
) -> bool:
    """Record the family's answer. False, storing nothing, if the invitation was answered
    already (a second tab, a second tap, two at the same moment: the primary key decides)."""
    try:
        with transaction.atomic():
            answer = Answer.objects.create(
                invitation=invitation,
                helpfulness=helpfulness,
                told_story_once=told_story_once,
                better=better.strip(),
            )
            # What they said stays out of the trail: only that they answered.
            audit_record(
                actor=None,
                action=AuditEvent.Action.CREATE,
                record=answer,
                details={"about": invitation.about},
            )
    except IntegrityError:
        return False
    return True


def comments_seen(*, by: User, invitations: list[Invitation]) -> None:
    """A member of staff read these families' comments: one event in each household's trail
    (the page shows no name, but what a family wrote may say who they are)."""
    with transaction.atomic():
        audit_each(
            actor=by,
            action=AuditEvent.Action.VIEW,
            records=invitations,
            details={"page": "feedback comments"},
        )
