"""An episode's life: opened (from triage or stepped down from social care), stepped up,
reassigned, closed. Each change is one transaction writing the episode's own event and an
audit event, so the history on the page and the audit trail always agree."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework import rules
from familyhub.casework.models import Episode, EpisodeEvent, PlanNeed
from familyhub.casework.selectors import handover_summary_text
from familyhub.casework.services.notices import case_new_notify
from familyhub.casework.services.team import member_join, member_leave
from familyhub.families import services as family_services
from familyhub.families.models import Family, Involvement
from familyhub.families.rules import CASEWORK_ROLES, RecordKind, organisation_covered
from familyhub.frontdoor.models import SupportRequest


def _event(
    episode: Episode, kind: str, *, by: User, on: dt.date, reason: str = "", summary: str = ""
) -> EpisodeEvent:
    return EpisodeEvent.objects.create(
        episode=episode, kind=kind, on=on, by=by, reason=reason, summary=summary
    )


def lead_covered_or_refuse(
    family: Family, *, lead_professional: User, lead_organisation: Organisation
) -> None:
    """A lead professional always sees her own case: one whose organisation the family's
    consent (or a safeguarding override) does not cover is refused. Triage's allocation, a
    step-down and a reassignment all ask here."""
    if not organisation_covered(
        family, lead_organisation, kind=RecordKind.PEOPLE, now=timezone.now()
    ):
        raise ValidationError(
            _(
                "The family's consent does not cover %(organisation)s, so %(lead)s could not "
                "see the family's record. Choose a lead professional from an organisation the "
                "family agreed to share with."
            )
            % {"organisation": lead_organisation, "lead": lead_professional}
        )


def _no_open_episode_or_refuse(family: Family) -> None:
    """A family has one episode of early help at a time: opening one, or reopening a step-up."""
    if family.episodes.filter(status=Episode.Status.OPEN).exists():
        raise ValidationError(_("This family already has an open episode of early help"))


def _open(
    *,
    family: Family,
    lead_professional: User,
    lead_organisation: Organisation,
    source: str,
    request: SupportRequest | None,
    by: User,
    on: dt.date | None,
    kind: str,
    reason: str = "",
) -> Episode:
    if not rules.may_lead_for(lead_professional, lead_organisation):
        raise ValidationError(_("Choose a lead professional who works for that organisation"))
    _no_open_episode_or_refuse(family)
    on = on or timezone.localdate()
    episode = Episode(
        local_authority_id=family.local_authority_id,
        family=family,
        source=source,
        request=request,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        locality_id=family.locality_id,
        hub_id=family.hub_id,
        opened_on=on,
    )
    episode.next_review_due = on + dt.timedelta(weeks=episode.review_interval_weeks)
    episode.save()
    member_join(
        episode=episode,
        worker=lead_professional,
        organisation=lead_organisation,
        role=Involvement.Role.LEAD_PROFESSIONAL,
        by=by,
        on=on,
    )
    _event(episode, kind, by=by, on=on, reason=reason)
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=episode,
        reason=reason,
        details={"source": source, "lead_professional": str(lead_professional.pk)},
    )
    return episode


@transaction.atomic
def episode_open(
    *,
    family: Family,
    lead_professional: User,
    lead_organisation: Organisation,
    source: str,
    request: SupportRequest | None = None,
    by: User,
    on: dt.date | None = None,
) -> Episode:
    """Open an episode for the family, led by the lead professional, who joins its team.

    Who may is decided by the caller (triage's allocation, a step-down)."""
    return _open(
        family=family,
        lead_professional=lead_professional,
        lead_organisation=lead_organisation,
        source=source,
        request=request,
        by=by,
        on=on,
        kind=EpisodeEvent.Kind.OPENED,
    )


def _require_open(episode: Episode) -> None:
    if episode.status != Episode.Status.OPEN:
        raise ValidationError(
            _("This episode is %(status)s: it cannot be changed")
            % {"status": episode.get_status_display().lower()}
        )


def _lock(episode: Episode) -> Episode:
    return Episode.objects.select_for_update().select_related("family").get(pk=episode.pk)


def _acting_organisation(by: User, episode: Episode) -> Organisation:
    """The organisation a change is recorded for in the chronology: the lead's, if it is the
    lead acting, else the actor's own in this council."""
    if by.pk == episode.lead_professional_id:
        return episode.lead_organisation
    membership = (
        by.memberships.filter(
            organisation__local_authority_id=episode.local_authority_id,
            role__in=CASEWORK_ROLES,
        )
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else episode.lead_organisation


def episode_step_up(*, episode: Episode, by: User, reason: str) -> EpisodeEvent:
    """Hand the family over to children's social care, with a summary generated from the record."""
    if not rules.in_charge_of(by, episode):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the family needs children's social care"))
    with transaction.atomic():
        episode = _lock(episode)
        _require_open(episode)
        today = timezone.localdate()
        summary = handover_summary_text(episode, today=today)
        episode.status = Episode.Status.STEPPED_UP
        episode.save(update_fields=["status", "modified"])
        event = _event(
            episode, EpisodeEvent.Kind.STEPPED_UP, by=by, on=today, reason=reason, summary=summary
        )
        family_services.chronology_add(
            family=episode.family,
            organisation=_acting_organisation(by, episode),
            by=by,
            occurred_on=today,
            summary=_("Stepped up to children's social care"),
            detail=reason,
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=episode,
            reason=reason,
            details={"status": episode.status, "event": event.pk},
        )
    return event


def episode_step_down(
    *,
    family: Family,
    lead_professional: User,
    lead_organisation: Organisation,
    by: User,
    reason: str,
) -> Episode:
    """Children's social care steps the family down into early help: a new episode."""
    if not rules.may_step_down(by, family.local_authority_id):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the family is being stepped down into early help"))
    lead_covered_or_refuse(
        family, lead_professional=lead_professional, lead_organisation=lead_organisation
    )
    with transaction.atomic():
        Family.objects.select_for_update().get(pk=family.pk)
        episode = _open(
            family=family,
            lead_professional=lead_professional,
            lead_organisation=lead_organisation,
            source=Episode.Source.STEP_DOWN,
            request=None,
            by=by,
            on=None,
            kind=EpisodeEvent.Kind.STEPPED_DOWN,
            reason=reason,
        )
        case_new_notify(episode=episode, lead=lead_professional, by=by)
    return episode


def episode_return_from_social_care(
    *, step_up: EpisodeEvent, by: User, organisation: Organisation, advice: str
) -> EpisodeEvent:
    """Children's social care returns a stepped-up episode to early help with its advice: the
    episode is open again, with the same lead and team. Who may is decided by the caller
    (socialcare.rules); `organisation` is the social care team, for the chronology."""
    if not advice.strip():
        raise ValidationError(_("Give your advice for early help"))
    with transaction.atomic():
        episode = _lock(step_up.episode)
        if episode.status != Episode.Status.STEPPED_UP:
            raise ValidationError(_("This episode is no longer waiting for children's social care"))
        _no_open_episode_or_refuse(episode.family)
        today = timezone.localdate()
        episode.status = Episode.Status.OPEN
        episode.save(update_fields=["status", "modified"])
        event = _event(episode, EpisodeEvent.Kind.RETURNED, by=by, on=today, reason=advice)
        family_services.chronology_add(
            family=episode.family,
            organisation=organisation,
            by=by,
            occurred_on=today,
            summary=_("Returned to early help by children's social care"),
            detail=advice,
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=episode,
            reason=advice,
            details={"status": episode.status, "event": event.pk, "step_up": step_up.pk},
        )
    return event


def episode_close(
    *,
    episode: Episode,
    by: User,
    reason: str,
    results: dict,
    family_adviser: User,
) -> Episode:
    """Close the episode with a result for every need in the plan. The team's involvements end,
    except the family adviser's organisation's: the family keeps a named contact. (The family
    is asked how the help went by feedback's daily job, which finds closed episodes.)"""
    if not rules.in_charge_of(by, episode):
        raise PermissionDenied
    if reason not in Episode.ClosureReason.values:
        raise ValidationError(_("Choose why the episode is closing"))
    with transaction.atomic():
        episode = _lock(episode)
        _require_open(episode)
        needs = list(episode.needs.select_for_update())
        results = {str(key): value for key, value in results.items()}
        missing = [n for n in needs if results.get(str(n.pk)) not in PlanNeed.Result.values]
        if missing:
            raise ValidationError(
                _("Choose a result for every need in the plan: %(needs)s")
                % {"needs": ", ".join(str(n) for n in missing)}
            )
        members = list(episode.team.filter(left_on__isnull=True).select_related("organisation"))
        adviser = next(
            (m for m in members if m.worker_id == getattr(family_adviser, "pk", None)), None
        )
        if adviser is None:
            raise ValidationError(_("Choose a family adviser from the team"))
        today = timezone.localdate()
        for need in needs:
            need.result = results[str(need.pk)]
            need.save(update_fields=["result"])
        episode.status = Episode.Status.CLOSED
        episode.closed_on, episode.closure_reason = today, reason
        episode.family_adviser = family_adviser
        episode.save()
        for member in members:
            if member.organisation_id != adviser.organisation_id:
                member_leave(member=member, by=by, on=today)
        _event(
            episode,
            EpisodeEvent.Kind.CLOSED,
            by=by,
            on=today,
            reason=str(Episode.ClosureReason(reason).label),
        )
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=episode,
            reason=str(Episode.ClosureReason(reason).label),
            details={
                "status": episode.status,
                "closure_reason": reason,
                "results": {str(n.pk): n.result for n in needs},
                "family_adviser": str(family_adviser.pk),
            },
        )
    return episode


def episode_reassign(
    *,
    episode: Episode,
    lead_professional: User,
    by: User,
    reason: str,
    lead_organisation: Organisation | None = None,
) -> Episode:
    """A locality manager chooses a new lead professional, from any organisation in the council
    (their own organisation as lead professional, or `lead_organisation` if they have several)."""
    if not rules.is_locality_manager(by, episode):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the lead professional is changing"))
    memberships = rules.lead_professional_memberships(episode.local_authority_id).filter(
        user=lead_professional
    )
    if lead_organisation is not None:
        memberships = memberships.filter(organisation=lead_organisation)
    membership = memberships.select_related("organisation").first()
    if membership is None:
        raise ValidationError(_("Choose a lead professional who works in this area"))
    lead_covered_or_refuse(
        episode.family,
        lead_professional=lead_professional,
        lead_organisation=membership.organisation,
    )
    with transaction.atomic():
        episode = _lock(episode)
        _require_open(episode)
        if episode.lead_professional_id == lead_professional.pk:
            raise ValidationError(_("Choose a different lead professional"))
        previous = episode.lead_professional
        today = timezone.localdate()
        episode.lead_professional = lead_professional
        episode.lead_organisation = membership.organisation
        episode.save(update_fields=["lead_professional", "lead_organisation", "modified"])
        old = episode.team.filter(worker=previous, left_on__isnull=True).first()
        if old is not None:
            member_leave(member=old, by=by, on=today)
        member_join(
            episode=episode,
            worker=lead_professional,
            organisation=membership.organisation,
            role=Involvement.Role.LEAD_PROFESSIONAL,
            by=by,
            on=today,
        )
        _event(episode, EpisodeEvent.Kind.REASSIGNED, by=by, on=today, reason=reason)
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=episode,
            reason=reason,
            details={
                "lead_professional": str(lead_professional.pk),
                "previous_lead_professional": str(previous.pk),
                "lead_organisation": str(membership.organisation.pk),
            },
        )
        case_new_notify(episode=episode, lead=lead_professional, by=by)
    return episode
