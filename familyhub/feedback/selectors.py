"""Feedback's reads: who is due an invitation, the survey behind a link, the figures and the
comments (which insight reads too), and a household's own answers (for a subject access
report).

    feedback_scores(local_authority_id="E09000030", starts=date(2026, 4, 1),
                    ends=date(2027, 3, 31))
    → {"episode": Scores(...), "session": Scores(...), "all": Scores(...)}
    feedback_comments(local_authority_id="E09000030", locality_id=3, starts=..., ends=...)
    → [Comment(answered_on=date(...), about="session", about_label="A session",
               locality="North West", text="More sessions on Saturdays"), ...]

The figures count invitations *sent* in the period and the answers to them (whenever they
came), so a response rate never passes 100%; the comments are those *written* in the period.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from familyhub.activities.models import Attendance
from familyhub.casework.models import Episode
from familyhub.feedback import rules
from familyhub.feedback.models import Answer, Invitation


def _day_starts(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _between(field: str, starts: dt.date, ends: dt.date) -> Q:
    """`field` on a day from `starts` to `ends`, both included, in local time."""
    return Q(**{f"{field}__gte": _day_starts(starts)}) & Q(
        **{f"{field}__lt": _day_starts(ends + dt.timedelta(days=1))}
    )


def _scope(
    prefix: str, local_authority_id: str, locality_id: int | None, hub_id: UUID | str | None
) -> Q:
    condition = Q(**{f"{prefix}local_authority_id": local_authority_id})
    if locality_id is not None:
        condition &= Q(**{f"{prefix}locality_id": locality_id})
    if hub_id is not None:
        condition &= Q(**{f"{prefix}hub_id": hub_id})
    return condition


def episodes_to_invite(now: dt.datetime) -> list[Episode]:
    """Closed recently, from a request (whose contact details say how to write), not invited."""
    since = timezone.localdate(now) - rules.EPISODES_CLOSED_WITHIN
    return list(
        Episode.objects.filter(
            status=Episode.Status.CLOSED,
            closed_on__gte=since,
            request__isnull=False,
            feedback__isnull=True,
        ).select_related("request", "family_adviser")
    )


def attendances_to_invite(now: dt.datetime) -> list[Attendance]:
    """Booked families ticked in at a session that ended recently, not invited for the booking."""
    return list(
        Attendance.objects.filter(
            booking__isnull=False,
            booking__feedback__isnull=True,
            session__ends__gt=now - rules.SESSIONS_ENDED_WITHIN,
            session__ends__lte=now,
            session__cancelled=False,
        )
        .exclude(booking__contact="")
        .select_related("booking", "session__activity", "session__location")
    )


# Tokens are 43 characters (token_urlsafe(32)): anything much longer is not worth a query.
LONGEST_TOKEN = 64


def invitation_for_survey(token: str, *, now: dt.datetime) -> Invitation:
    """The invitation behind a survey link, with its answer if any; Http404 for a link that
    does not exist or has closed alike (the page must not say which)."""
    invitation = (
        Invitation.objects.filter(token=token)
        .select_related("answer", "booking__session__activity")
        .first()
        if len(token) <= LONGEST_TOKEN
        else None
    )
    if invitation is None or not rules.invitation_open(invitation.sent_at, now=now):
        raise Http404
    return invitation


def invitation_answered(invitation: Invitation) -> bool:
    """Whether the family has answered (read with the invitation: no query)."""
    return hasattr(invitation, "answer")


@dataclass(frozen=True)
class Scores:
    """The survey's figures for a set of invitations.

    `told_once_share` is the share of answers saying "yes", of all answers ("not sure"
    included); None where nothing was answered, as are the mean and rate where nothing was
    sent."""

    invited: int
    answered: int
    response_rate: float | None
    mean_helpfulness: float | None
    told_once_share: float | None


def _scores(*, invited: int, answered: int, mean: float | None, told_once: int) -> Scores:
    return Scores(
        invited=invited,
        answered=answered,
        response_rate=answered / invited if invited else None,
        mean_helpfulness=float(mean) if mean is not None else None,
        told_once_share=told_once / answered if answered else None,
    )


def feedback_scores(
    *,
    local_authority_id: str,
    locality_id: int | None = None,
    hub_id: UUID | str | None = None,
    starts: dt.date,
    ends: dt.date,
) -> dict[str, Scores]:
    """The figures for invitations sent from `starts` to `ends` (both included) in the council,
    or one locality or hub of it: by what they were about ("episode", "session") and "all"."""
    invitations = Invitation.objects.filter(
        _scope("", local_authority_id, locality_id, hub_id), _between("sent_at", starts, ends)
    )
    counted = {
        "invited": Count("pk"),
        "answered": Count("answer"),
        "mean": Avg("answer__helpfulness"),
        "told_once": Count("answer", filter=Q(answer__told_story_once=Answer.StoryOnce.YES)),
    }
    rows: dict[str, dict[str, Any]] = {}
    for row in invitations.values("about").order_by("about").annotate(**counted):
        figures: dict[str, Any] = dict(row)
        rows[str(figures.pop("about"))] = figures
    rows["all"] = invitations.aggregate(**counted)
    nothing = {"invited": 0, "answered": 0, "mean": None, "told_once": 0}
    return {
        about: _scores(**rows.get(about, nothing)) for about in [*Invitation.About.values, "all"]
    }


@dataclass(frozen=True)
class Comment:
    """What a family said could be better: no name, no reference to the family."""

    answered_on: dt.date
    about: str
    about_label: str
    locality: str
    text: str


def comment_answers(
    *,
    local_authority_id: str,
    locality_id: int | None = None,
    hub_id: UUID | str | None = None,
    starts: dt.date,
    ends: dt.date,
) -> QuerySet[Answer]:
    """The answers with a comment, written from `starts` to `ends`, newest first."""
    return (
        Answer.objects.filter(
            _scope("invitation__", local_authority_id, locality_id, hub_id),
            _between("answered_at", starts, ends),
        )
        .exclude(better="")
        .select_related("invitation__locality")
        .order_by("-answered_at", "invitation_id")
    )


def comment_of(answer: Answer) -> Comment:
    invitation = answer.invitation
    return Comment(
        answered_on=timezone.localdate(answer.answered_at),
        about=invitation.about,
        about_label=str(Invitation.About(invitation.about).label),
        locality=invitation.locality.name if invitation.locality else "",
        text=answer.better,
    )


def feedback_comments(
    *,
    local_authority_id: str,
    locality_id: int | None = None,
    hub_id: UUID | str | None = None,
    starts: dt.date,
    ends: dt.date,
) -> list[Comment]:
    """Every comment written from `starts` to `ends` (both included), newest first."""
    answers = comment_answers(
        local_authority_id=local_authority_id,
        locality_id=locality_id,
        hub_id=hub_id,
        starts=starts,
        ends=ends,
    )
    return [comment_of(answer) for answer in answers]


def answers_of_families(family_ids: Iterable[UUID]) -> QuerySet[Answer]:
    """What these households answered, with what each survey was about (subject access)."""
    return (
        Answer.objects.filter(invitation__family_id__in=list(family_ids))
        .select_related("invitation__booking__session__activity", "invitation__episode")
        .order_by("answered_at")
    )
