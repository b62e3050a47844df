"""Who may do what in early help casework. Pages, services and tests ask here.

Sight of an episode follows sight of its family (families.rules): involvement plus consent.
Within that, the lead professional runs the episode, every active member of the Team Around
the Family works on the shared assessment and their own plan actions, and the council's
locality managers oversee (and may reassign) every episode in their council.
"""

import datetime as dt

from django.db.models import QuerySet

from familyhub.accounts.models import Role
from familyhub.casework.models import Episode, TeamMember
from familyhub.families.rules import RecordKind, families_visible_to


def episodes_visible_to(user, *, now: dt.datetime) -> QuerySet[Episode]:
    return Episode.objects.filter(
        family__in=families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
    )


def is_lead(user, episode: Episode) -> bool:
    return user.is_authenticated and episode.lead_professional_id == user.pk


def is_team_member(user, episode: Episode) -> bool:
    return TeamMember.objects.filter(episode=episode, worker=user, left_on__isnull=True).exists()


def is_locality_manager(user, episode: Episode) -> bool:
    return user.is_authenticated and user.memberships.filter(
        role=Role.LOCALITY_MANAGER, organisation__local_authority_id=episode.local_authority_id
    ).exists()


def may_work_on(user, episode: Episode) -> bool:
    """Assessment and plan: the lead professional and the team, while the episode is open."""
    return episode.status == Episode.Status.OPEN and (
        is_lead(user, episode) or is_team_member(user, episode)
    )


def may_run(user, episode: Episode) -> bool:
    """State changes (complete, review, step up or down, close): the lead or a locality manager."""
    return episode.status == Episode.Status.OPEN and (
        is_lead(user, episode) or is_locality_manager(user, episode)
    )
