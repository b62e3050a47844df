"""Who may do what in early help casework. Pages, services and tests ask here.

Sight of an episode follows sight of its family (families.rules): involvement plus consent.
Within that, the lead professional runs the episode, every active member of the Team Around
the Family works on the shared assessment and their own plan actions, and the council's
locality managers oversee (and may reassign) every episode in their council.
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from familyhub.accounts.models import Membership, Organisation, Role, User
from familyhub.casework.models import Assessment, Episode, PlanAction, TeamMember
from familyhub.families.rules import CASEWORK_ROLES, RecordKind, families_visible_to


def episodes_visible_to(user: User | AnonymousUser, *, now: dt.datetime) -> QuerySet[Episode]:
    return Episode.objects.filter(
        family__in=families_visible_to(user, kind=RecordKind.PEOPLE, now=now)
    )


def is_lead(user: User | AnonymousUser, episode: Episode) -> bool:
    return user.is_authenticated and episode.lead_professional_id == user.pk


def is_team_member(user: User | AnonymousUser, episode: Episode) -> bool:
    return (
        user.is_authenticated
        and TeamMember.objects.filter(episode=episode, worker=user, left_on__isnull=True).exists()
    )


def is_locality_manager(user: User | AnonymousUser, episode: Episode) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(
            role=Role.LOCALITY_MANAGER, organisation__local_authority_id=episode.local_authority_id
        ).exists()
    )


def in_charge_of(user: User | AnonymousUser, episode: Episode) -> bool:
    """The lead professional or one of the council's locality managers, whatever the episode's
    state: services ask this first, so that a change to a closed episode is refused with why."""
    return is_lead(user, episode) or is_locality_manager(user, episode)


def may_work_on(user: User | AnonymousUser, episode: Episode) -> bool:
    """Assessment and plan: the lead professional and the team, while the episode is open."""
    return episode.status == Episode.Status.OPEN and (
        is_lead(user, episode) or is_team_member(user, episode)
    )


def may_run(user: User | AnonymousUser, episode: Episode) -> bool:
    """State changes (complete, review, step up or down, close): the lead or a locality manager."""
    return episode.status == Episode.Status.OPEN and in_charge_of(user, episode)


# The Early Help Assessment (casework.services.assessment, casework.views.assessment): `current`
# is the episode's current assessment (a draft, else the latest completed one), or None.


def may_edit_assessment(
    user: User | AnonymousUser, episode: Episode, current: Assessment | None
) -> bool:
    """A draft is the lead's and the team's to write."""
    return (
        current is not None
        and current.status == Assessment.Status.DRAFT
        and may_work_on(user, episode)
    )


def may_start_assessment(
    user: User | AnonymousUser, episode: Episode, current: Assessment | None
) -> bool:
    """A new assessment: the first, or the next once the last is completed."""
    return may_work_on(user, episode) and (
        current is None or current.status == Assessment.Status.COMPLETED
    )


def may_complete_assessment(
    user: User | AnonymousUser, episode: Episode, current: Assessment | None
) -> bool:
    """A draft is completed by whoever runs the episode (may_run)."""
    return (
        current is not None and current.status == Assessment.Status.DRAFT and may_run(user, episode)
    )


# The family plan (casework.services.plan, casework.views.plan).


def may_read_casework(user: User | AnonymousUser, episode: Episode) -> bool:
    """The assessment, the plan and its reviews, and their PDFs: the lead, the current team, and
    the council's locality managers (within sight of the family, which pages check first)."""
    return (
        is_lead(user, episode)
        or is_team_member(user, episode)
        or is_locality_manager(user, episode)
    )


def may_assign_action_to(user: User | AnonymousUser, episode: Episode, owner: TeamMember) -> bool:
    """The lead assigns actions to anyone in the team; another member adds only their own.
    (Whether the user works on the plan at all is may_work_on: may_add_action_for asks both.)"""
    return is_lead(user, episode) or owner.worker_id == user.pk


def may_add_action_for(user: User | AnonymousUser, episode: Episode, owner: TeamMember) -> bool:
    return may_work_on(user, episode) and may_assign_action_to(user, episode, owner)


def may_update_action(user: User | AnonymousUser, action: PlanAction) -> bool:
    """Each member keeps their own actions up to date; the lead may update any of them."""
    episode = action.need.episode
    if episode.status != Episode.Status.OPEN or not user.is_authenticated:
        return False
    owner = action.owner
    if is_lead(user, episode):
        return True
    return owner.worker_id == user.pk and owner.left_on is None


def may_set_review_interval(user: User | AnonymousUser, episode: Episode) -> bool:
    return episode.status == Episode.Status.OPEN and is_lead(user, episode)


def locality_manager_authority_ids(user: User | AnonymousUser) -> list:
    """The councils in which this user is a locality manager."""
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(role=Role.LOCALITY_MANAGER)
        .values_list("organisation__local_authority_id", flat=True)
        .distinct()
    )


def manages_a_locality(user: User | AnonymousUser) -> bool:
    """Whether the user is a locality manager anywhere: they oversee every open episode there."""
    return bool(locality_manager_authority_ids(user))


# Who has a caseload of early help episodes: leads, the team's practitioners, locality managers.
CASELOAD_ROLES = (Role.LEAD_PROFESSIONAL, Role.PRACTITIONER, Role.LOCALITY_MANAGER)

# The council's roles that may step a family down from social care into early help.
STEP_DOWN_ROLES = (Role.LOCALITY_MANAGER, Role.TRIAGE)


def may_step_down(user: User | AnonymousUser, local_authority_id: str) -> bool:
    """Opening an episode from social care: the council's locality managers and front door."""
    return (
        user.is_authenticated
        and user.memberships.filter(
            role__in=STEP_DOWN_ROLES, organisation__local_authority_id=local_authority_id
        ).exists()
    )


def may_manage_team(user: User | AnonymousUser, episode: Episode) -> bool:
    """Adding and removing members of the Team Around the Family: whoever runs the episode."""
    return may_run(user, episode)


def may_reassign(user: User | AnonymousUser, episode: Episode) -> bool:
    """Choosing a new lead professional: the council's locality managers, while it is open."""
    return episode.status == Episode.Status.OPEN and is_locality_manager(user, episode)


# Who works on episodes, and who may lead them.


def works_for(worker: User, organisation: Organisation) -> bool:
    """Whether the worker works with families for this organisation (a casework role there)."""
    return worker.memberships.filter(organisation=organisation, role__in=CASEWORK_ROLES).exists()


def lead_professional_memberships(local_authority_id: str) -> QuerySet[Membership]:
    """Who may lead an episode in this council: each lead professional, with the organisation
    they would lead it for. Forms offer these; services check a choice against them."""
    return Membership.objects.filter(
        role=Role.LEAD_PROFESSIONAL, organisation__local_authority_id=local_authority_id
    ).select_related("user", "organisation")


def may_lead_for(user: User, organisation: Organisation) -> bool:
    """Whether the user may lead an episode for this organisation."""
    return user.memberships.filter(organisation=organisation, role=Role.LEAD_PROFESSIONAL).exists()
