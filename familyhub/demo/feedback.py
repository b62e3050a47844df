"""The demo's family feedback: every family whose early help closed in the demo's year, and
every booked family ticked in at a session, was invited to the survey as the daily job would
have (feedback.services, with the clock moved to 17:00 after the closure or the session), and
about 40% answered within a week, a few in Bengali and Somali. A seeded generator decides who
answers and what they say, so every load tells the same story. Safe to run again: an episode or
booking invited already is left as it is (and so is its answer, or its silence).

Runs after the other demo loaders (history and activities), whose episodes and registers it
asks about.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from familyhub.activities.models import Attendance
from familyhub.casework.models import Episode
from familyhub.demo.history import at
from familyhub.feedback.models import Answer, Invitation
from familyhub.feedback.rules import INVITATION_LASTS
from familyhub.feedback.services import answer_give, booking_invite, episode_invite
from familyhub.places.models import LocalAuthority

SEED = 1011
ANSWER_ODDS = 0.4
COMMENT_ODDS = 0.6
# The job's hour (feedback/migrations/0002), in UTC.
JOB_HOUR = 17
# How the demo's families found it, most of them well: 5 is "very helpful".
HELPFULNESS = {5: 40, 4: 30, 3: 15, 2: 10, 1: 5}
TOLD_ONCE = {Answer.StoryOnce.YES: 60, Answer.StoryOnce.NO: 25, Answer.StoryOnce.NOT_SURE: 15}

# Synthetic comments in plain words, by what the survey was about and the family's language
# (settings' codes): a family writes in the language it was asked in.
COMMENTS: dict[tuple[str, str], list[str]] = {
    (Invitation.About.EPISODE, "en-gb"): [
        "Meetings after school pick-up would make it easier for me to come.",
        "I had to explain everything again when my worker changed.",
        "It would help to have one phone number that someone always answers.",
        "The plan was clear, but I did not always know what would happen next.",
        "My son's school and the health visitor did not seem to talk to each other.",
        "Please send letters by text as well. I do not always see my post.",
        "Everything was good. My adviser listened to us.",
        "It took a long time before anyone called me back after I asked for help.",
    ],
    (Invitation.About.SESSION, "en-gb"): [
        "More sessions on Saturdays, please, when both parents can come.",
        "The room was too crowded by ten o'clock.",
        "Somewhere to leave buggies would help.",
        "My daughter loved the songs. Could it be longer?",
        "The hand dryers in the toilets frighten my son. Paper towels please.",
        "It was hard to find the entrance the first time.",
    ],
    (Invitation.About.EPISODE, "bn"): [
        "একজন দোভাষী থাকলে আমার জন্য সহজ হতো।",
        "আমার কর্মী বদলানোর পর সবকিছু আবার বলতে হয়েছে।",
    ],
    (Invitation.About.SESSION, "bn"): [
        "আরও বাংলা গান হলে ভালো হয়।",
        "সকালে আরও আগে শুরু হলে ভালো হতো।",
    ],
    (Invitation.About.EPISODE, "so"): [
        "Turjubaan ayaa ii fududayn lahaa.",
        "Waxaan jeclaan lahaa in la i soo wacay ka hor kulanka.",
    ],
    (Invitation.About.SESSION, "so"): [
        "Fadlan kulamo badan oo Sabtida ah.",
        "Qolku aad buu u yaraa.",
    ],
}


@dataclass(frozen=True)
class Loaded:
    invited: int
    answered: int


def _job_run_after(moment: dt.datetime) -> dt.datetime:
    """The first daily run of the job after `moment`."""
    run = moment.astimezone(dt.UTC).replace(hour=JOB_HOUR, minute=0, second=0, microsecond=0)
    return run if run > moment else run + dt.timedelta(days=1)


def load_demo_feedback(council: LocalAuthority) -> Loaded:
    """Invite, and answer for some, every closed episode and attended booking of the council
    not invited yet, up to now."""
    rng = random.Random(SEED)
    now = timezone.now()
    invitations = []
    closed = Episode.objects.filter(
        local_authority=council,
        status=Episode.Status.CLOSED,
        request__isnull=False,
        feedback__isnull=True,
    ).select_related("request", "family_adviser", "lead_professional")
    for episode in closed.order_by("closed_on", "pk"):
        closed_on: dt.date = episode.closed_on  # type: ignore[assignment]  # closed: it has one
        closing = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(12)))
        moment = _job_run_after(closing)
        if moment < now:
            with at(moment):
                invitations.append(episode_invite(episode=episode, now=moment))
    attended = Attendance.objects.filter(
        session__activity__local_authority=council,
        booking__isnull=False,
        booking__feedback__isnull=True,
        session__cancelled=False,
        session__ends__lt=now,
    ).select_related("booking", "session__activity", "session__location")
    for attendance in attended.order_by("session__ends", "pk"):
        moment = _job_run_after(attendance.session.ends)
        if moment < now:
            with at(moment):
                invitations.append(booking_invite(attendance=attendance, now=moment))
    sent = [invitation for invitation in invitations if invitation is not None]
    answered = sum(_maybe_answer(invitation, rng, now) for invitation in sent)
    return Loaded(invited=len(sent), answered=answered)


def _maybe_answer(invitation: Invitation, rng: random.Random, now: dt.datetime) -> bool:
    """Some families answer, within a week of the invitation (never after its link closed)."""
    if rng.random() >= ANSWER_ODDS:
        return False
    moment = invitation.sent_at + dt.timedelta(minutes=rng.randint(20, 7 * 24 * 60))
    if moment >= min(now, invitation.sent_at + INVITATION_LASTS):
        return False
    comments = COMMENTS.get((invitation.about, invitation.language), [])
    better = rng.choice(comments) if comments and rng.random() < COMMENT_ODDS else ""
    with at(moment):
        return answer_give(
            invitation=invitation,
            helpfulness=rng.choices(list(HELPFULNESS), weights=list(HELPFULNESS.values()))[0],
            told_story_once=rng.choices(list(TOLD_ONCE), weights=list(TOLD_ONCE.values()))[0],
            better=better,
        )
