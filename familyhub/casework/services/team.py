"""The Team Around the Family: who joins and leaves it, and its meetings.

Joining gives the member's organisation an involvement with the family (role TEAM_MEMBER), and
so sight of the record, but only ever within the family's consent (families.rules). Each write
is one transaction with its audit event, recorded against the episode so that it is on the
family's trail.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework import rules
from familyhub.casework.models import Episode, TeamMeeting, TeamMember
from familyhub.families import services as family_services
from familyhub.families.models import Involvement


def _involve(
    *, episode: Episode, worker: User, organisation: Organisation, role: str, by: User, on: dt.date
) -> None:
    """Start the organisation's involvement through this worker, unless it is already there."""
    already = Involvement.objects.filter(
        family=episode.family,
        organisation=organisation,
        worker=worker,
        role__in=(Involvement.Role.TEAM_MEMBER, Involvement.Role.LEAD_PROFESSIONAL),
        ended__isnull=True,
    ).exists()
    if not already:
        family_services.involvement_start(
            family=episode.family,
            organisation=organisation,
            worker=worker,
            role=role,
            by=by,
            started=on,
        )


def member_join(
    *,
    episode: Episode,
    worker: User,
    organisation: Organisation,
    by: User,
    role: str,
    on: dt.date | None = None,
) -> TeamMember:
    """Put the worker in the team (again, if they left) and involve their organisation.

    No permission check: for episode services and team_member_add, which check first.
    """
    on = on or timezone.localdate()
    member, created = TeamMember.objects.get_or_create(
        episode=episode, worker=worker, defaults={"organisation": organisation, "joined_on": on}
    )
    if not created:
        if member.left_on is None and member.organisation_id == organisation.pk:
            _involve(
                episode=episode, worker=worker, organisation=organisation, role=role, by=by, on=on
            )
            return member
        member.organisation, member.joined_on, member.left_on = organisation, on, None
        member.save(update_fields=["organisation", "joined_on", "left_on"])
    _involve(episode=episode, worker=worker, organisation=organisation, role=role, by=by, on=on)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=episode,
        details={
            "team_member_joined": str(worker.pk),
            "organisation": str(organisation.pk),
        },
    )
    return member


def member_leave(*, member: TeamMember, by: User, on: dt.date | None = None) -> TeamMember:
    """Take the worker out of the team; their involvement ends with it. Their organisation
    keeps its sight of the family only through its other active members' involvements."""
    on = on or timezone.localdate()
    episode = member.episode
    member.left_on = on
    member.save(update_fields=["left_on"])
    others = TeamMember.objects.filter(
        episode=episode, organisation=member.organisation, left_on__isnull=True
    ).exclude(pk=member.pk)
    involvements = Involvement.objects.filter(
        family=episode.family,
        organisation=member.organisation,
        role__in=(Involvement.Role.TEAM_MEMBER, Involvement.Role.LEAD_PROFESSIONAL),
        ended__isnull=True,
    )
    if others.exists():
        # The organisation stays in the team: only this worker's own involvement ends.
        involvements = involvements.filter(worker=member.worker)
    for involvement in involvements:
        family_services.involvement_end(involvement=involvement, by=by, ended=on)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=episode,
        details={
            "team_member_left": str(member.worker_id),
            "organisation": str(member.organisation_id),
        },
    )
    return member


def team_member_add(
    *, episode: Episode, worker: User, organisation: Organisation, by: User
) -> TeamMember:
    """A worker from any agency joins the Team Around the Family."""
    if not rules.may_manage_team(by, episode):
        raise PermissionDenied
    if not rules.works_for(worker, organisation):
        raise ValidationError(_("Choose somebody who works with families for that organisation"))
    if organisation.local_authority_id != episode.local_authority_id:
        raise ValidationError(_("Choose an organisation that works in this council's area"))
    if TeamMember.objects.filter(episode=episode, worker=worker, left_on__isnull=True).exists():
        raise ValidationError(_("%(name)s is already in the team") % {"name": worker})
    with transaction.atomic():
        return member_join(
            episode=episode,
            worker=worker,
            organisation=organisation,
            role=Involvement.Role.TEAM_MEMBER,
            by=by,
        )


def team_member_remove(*, member: TeamMember, by: User) -> TeamMember:
    """A worker leaves the team. The lead professional cannot: reassign the episode instead."""
    episode = member.episode
    if not rules.may_manage_team(by, episode):
        raise PermissionDenied
    if member.left_on is not None:
        raise ValidationError(_("%(name)s has already left the team") % {"name": member.worker})
    if member.worker_id == episode.lead_professional_id:
        raise ValidationError(
            _("The lead professional cannot leave the team. Choose a new lead professional first.")
        )
    with transaction.atomic():
        return member_leave(member=member, by=by)


def meeting_record(
    *,
    episode: Episode,
    held_on: dt.date,
    attended: list[TeamMember],
    family_attended: bool,
    notes: str,
    by: User,
) -> TeamMeeting:
    """A Team Around the Family meeting, with who came. The lead and the team record them."""
    if not rules.may_work_on(by, episode):
        raise PermissionDenied
    if held_on > timezone.localdate():
        raise ValidationError(_("The date of the meeting must be today or in the past"))
    if held_on < episode.opened_on:
        raise ValidationError(_("The date of the meeting must be after the episode opened"))
    if any(member.episode_id != episode.pk for member in attended):
        raise ValidationError(_("Choose people from this family's team"))
    with transaction.atomic():
        meeting = TeamMeeting.objects.create(
            episode=episode, held_on=held_on, family_attended=family_attended, notes=notes
        )
        meeting.attended.set(attended)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CREATE,
            record=episode,
            details={
                "meeting": meeting.pk,
                "held_on": held_on.isoformat(),
                "attended": [m.pk for m in attended],
                "family_attended": family_attended,
            },
        )
    return meeting
