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
    return (
        user.is_authenticated
        and user.memberships.filter(
            role=Role.LOCALITY_MANAGER, organisation__local_authority_id=episode.local_authority_id
        ).exists()
    )


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


# The family plan (casework.services.plan, casework.views.plan).


def may_read_casework(user, episode: Episode) -> bool:
    """The assessment, the plan and its reviews, and their PDFs: the lead, the current team, and
    the council's locality managers (within sight of the family, which pages check first)."""
    return (
        is_lead(user, episode)
        or is_team_member(user, episode)
        or is_locality_manager(user, episode)
    )


def may_add_action_for(user, episode: Episode, owner: TeamMember) -> bool:
    """The lead assigns actions to anyone in the team; another member adds only their own."""
    if not may_work_on(user, episode):
        return False
    return is_lead(user, episode) or owner.worker_id == user.pk


def may_update_action(user, action) -> bool:
    """Each member keeps their own actions up to date; the lead may update any of them."""
    episode = action.need.episode
    if episode.status != Episode.Status.OPEN or not user.is_authenticated:
        return False
    owner = action.owner
    if is_lead(user, episode):
        return True
    return owner.worker_id == user.pk and owner.left_on is None


def may_set_review_interval(user, episode: Episode) -> bool:
    return episode.status == Episode.Status.OPEN and is_lead(user, episode)


def locality_manager_authority_ids(user) -> list:
    """The councils in which this user is a locality manager."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role=Role.LOCALITY_MANAGER)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


# Who has a caseload of early help episodes: leads, the team's practitioners, locality managers.
CASELOAD_ROLES = (Role.LEAD_PROFESSIONAL, Role.PRACTITIONER, Role.LOCALITY_MANAGER)

# The council's roles that may step a family down from social care into early help.
STEP_DOWN_ROLES = (Role.LOCALITY_MANAGER, Role.TRIAGE)


def may_step_down(user, local_authority_id) -> bool:
    """Opening an episode from social care: the council's locality managers and front door."""
    return (
        user.is_authenticated
        and user.memberships.filter(
            role__in=STEP_DOWN_ROLES, organisation__local_authority_id=local_authority_id
        ).exists()
    )


def may_manage_team(user, episode: Episode) -> bool:
    """Adding and removing members of the Team Around the Family: whoever runs the episode."""
    return may_run(user, episode)


def may_reassign(user, episode: Episode) -> bool:
    """Choosing a new lead professional: the council's locality managers, while it is open."""
    return episode.status == Episode.Status.OPEN and is_locality_manager(user, episode)
