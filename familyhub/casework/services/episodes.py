"""An episode's life: opened (from triage or stepped down from social care), stepped up,
reassigned, closed. Each change is one transaction writing the episode's own event and an
audit event, so the history on the page and the audit trail always agree."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework import rules
from familyhub.casework.models import Assessment, Episode, EpisodeEvent, PlanNeed, ReviewScore
from familyhub.casework.services.team import member_join, member_leave, works_for
from familyhub.families import services as family_services
from familyhub.families.models import Family, Involvement
from familyhub.families.rules import CASEWORK_ROLES
from familyhub.families.selectors import members_of
from familyhub.notifications import notify

CHRONOLOGY_IN_HANDOVER = 10


def _event(episode: Episode, kind: str, *, by, on: dt.date, reason: str = "", summary: str = ""):
    return EpisodeEvent.objects.create(
        episode=episode, kind=kind, on=on, by=by, reason=reason, summary=summary
    )


def _open(
    *,
    family: Family,
    lead_professional,
    lead_organisation,
    source: str,
    request,
    by,
    on: dt.date | None,
    kind: str,
    reason: str = "",
) -> Episode:
    if not works_for(lead_professional, lead_organisation) or not (
        lead_professional.memberships.filter(
            organisation=lead_organisation, role=Role.LEAD_PROFESSIONAL
        ).exists()
    ):
        raise ValidationError(_("Choose a lead professional who works for that organisation"))
    if family.episodes.filter(status=Episode.Status.OPEN).exists():
        raise ValidationError(_("This family already has an open episode of early help"))
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
    *, family, lead_professional, lead_organisation, source, request=None, by, on=None
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


def _acting_organisation(by, episode: Episode):
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


def _age(born: dt.date | None, today: dt.date) -> str:
    if born is None:
        return _("unborn")
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years >= 2:
        return _("%(years)s years") % {"years": years}
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    return _("%(months)s months") % {"months": max(months, 0)}


def handover_summary(episode: Episode, *, today: dt.date | None = None) -> str:
    """What social care needs to know, generated from the record: the household with ages, who
    is involved, the latest assessment's needs and scores, the plan, and recent chronology."""
    today = today or timezone.localdate()
    family = episode.family
    lines = [
        _("Handover summary for %(family)s") % {"family": family},
        _("Early help since %(date)s, lead professional %(lead)s (%(organisation)s)")
        % {
            "date": episode.opened_on.strftime("%d %b %Y"),
            "lead": episode.lead_professional.get_full_name() or episode.lead_professional.email,
            "organisation": episode.lead_organisation,
        },
        "",
        _("Household"),
    ]
    for member in members_of(family):
        person = member.person
        lines.append(
            f"- {person} ({member.get_role_display()}, "
            f"{_age(person.date_of_birth, today) if person.due_date is None else _('due %(date)s') % {'date': person.due_date.strftime('%d %b %Y')}})"  # noqa: E501
        )
    lines += ["", _("Who is involved")]
    involvements = Involvement.objects.filter(family=family, ended__isnull=True).select_related(
        "organisation", "worker"
    )
    for involvement in involvements.order_by("started", "pk"):
        worker = involvement.worker
        named = f", {worker.get_full_name() or worker.email}" if worker else ""
        lines.append(f"- {involvement.organisation} ({involvement.get_role_display()}{named})")
    assessment = (
        episode.assessments.filter(status=Assessment.Status.COMPLETED)
        .order_by("-completed_on", "-pk")
        .first()
        or episode.assessments.order_by("-updated_at").first()
    )
    lines += ["", _("Early Help Assessment")]
    if assessment is None:
        lines.append(_("- No assessment recorded"))
    else:
        lines.append(f"- {assessment.get_status_display()}")
        for area in assessment.areas.exclude(needs="", score__isnull=True).order_by(
            "domain", "area"
        ):
            score = _("score %(score)s") % {"score": area.score} if area.score else _("no score")
            needs = f": {area.needs}" if area.needs else ""
            lines.append(f"- {area.get_domain_display()}, {area.area} ({score}){needs}")
    lines += ["", _("Family plan")]
    needs = list(episode.needs.order_by("pk"))
    if not needs:
        lines.append(_("- No plan needs recorded"))
    latest = {}
    for score in ReviewScore.objects.filter(need__in=needs).order_by("review__held_on"):
        latest[score.need_id] = score.score
    for need in needs:
        lines.append(
            _("- %(outcome)s: %(description)s (baseline %(baseline)s, latest %(latest)s)")
            % {
                "outcome": need.get_outcome_display(),
                "description": need.description,
                "baseline": need.baseline_score,
                "latest": latest.get(need.pk, _("not reviewed")),
            }
        )
    lines += ["", _("Recent chronology")]
    events = list(family.chronology.select_related("organisation")[:CHRONOLOGY_IN_HANDOVER])
    if not events:
        lines.append(_("- Nothing recorded"))
    for event in events:
        lines.append(f"- {event.occurred_on:%d %b %Y}: {event.summary} ({event.organisation})")
    return "\n".join(lines)


def episode_step_up(*, episode: Episode, by, reason: str) -> EpisodeEvent:
    """Hand the family over to children's social care, with a summary generated from the record."""
    if not (rules.is_lead(by, episode) or rules.is_locality_manager(by, episode)):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the family needs children's social care"))
    with transaction.atomic():
        episode = _lock(episode)
        _require_open(episode)
        today = timezone.localdate()
        summary = handover_summary(episode, today=today)
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
    *, family: Family, lead_professional, lead_organisation, by, reason: str
) -> Episode:
    """Children's social care steps the family down into early help: a new episode."""
    if not rules.may_step_down(by, family.local_authority_id):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the family is being stepped down into early help"))
    with transaction.atomic():
        Family.objects.select_for_update().get(pk=family.pk)
        return _open(
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


def episode_close(
    *,
    episode: Episode,
    by,
    reason: str,
    results: dict,
    family_adviser,
) -> Episode:
    """Close the episode with a result for every need in the plan. The team's involvements end,
    except the family adviser's organisation's: the family keeps a named contact. The family is
    invited to say how the help went."""
    if not (rules.is_lead(by, episode) or rules.is_locality_manager(by, episode)):
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
        family_email = episode.request.email if episode.request_id else ""
        if family_email:
            episode.feedback_invited_at = timezone.now()
        episode.save()
        for member in members:
            if member.organisation_id != adviser.organisation_id:
                member_leave(member=member, by=by, on=today)
        _event(
            episode,
            EpisodeEvent.Kind.CLOSED,
            by=by,
            on=today,
            reason=Episode.ClosureReason(reason).label,
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
                "feedback_invited": bool(family_email),
            },
        )
        if family_email:
            adviser_name = family_adviser.get_full_name() or family_adviser.email
            adviser_organisation = str(adviser.organisation)
            transaction.on_commit(
                lambda: _feedback_invite(family_email, adviser_name, adviser_organisation)
            )
    return episode


def _feedback_invite(to: str, adviser: str, organisation: str) -> None:
    notify.send(
        "episode_feedback",
        to=to,
        personalisation={
            "adviser": adviser,
            "adviser_organisation": organisation,
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )


def episode_reassign(
    *, episode: Episode, lead_professional, by, reason: str, lead_organisation=None
) -> Episode:
    """A locality manager chooses a new lead professional, from any organisation in the council
    (their own organisation as lead professional, or `lead_organisation` if they have several)."""
    if not rules.is_locality_manager(by, episode):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError(_("Say why the lead professional is changing"))
    memberships = lead_professional.memberships.filter(
        role=Role.LEAD_PROFESSIONAL, organisation__local_authority_id=episode.local_authority_id
    )
    if lead_organisation is not None:
        memberships = memberships.filter(organisation=lead_organisation)
    membership = memberships.select_related("organisation").first()
    if membership is None:
        raise ValidationError(_("Choose a lead professional who works in this area"))
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
    return episode
