"""Children's social care answers a handover (accepts it, or returns it to early help with
advice) and steps families down into early help. Each answer is one transaction: the answer,
the change to the request or episode, and the audit event."""

import dataclasses
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.casework.services.episodes import episode_return_from_social_care
from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.referrals.services import ReferralData, referral_submit
from familyhub.notifications.models import Notice
from familyhub.notifications.services import notice_send
from familyhub.socialcare import rules
from familyhub.socialcare.models import HandoverAnswer

Decision = HandoverAnswer.Decision


def _may_answer_or_refuse(by: User, local_authority_id: str) -> None:
    if not rules.may_answer_handovers(by, local_authority_id):
        raise PermissionDenied


def _advice_or_refuse(decision: str, advice: str) -> None:
    if decision == Decision.RETURNED and not advice.strip():
        raise ValidationError(_("Give your advice for early help"))


def request_answer(
    *, request: SupportRequest, by: User, decision: str, advice: str = ""
) -> HandoverAnswer:
    """Answer a request triage handed over. Returned, it goes back to triage's queue undecided,
    with social care's advice beside it: triage then allocates early help (or signposts)."""
    _may_answer_or_refuse(by, request.local_authority_id)
    _advice_or_refuse(decision, advice)
    try:
        with transaction.atomic():
            locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != SupportRequest.Status.HANDED_OVER:
                raise ValidationError(_("This request is no longer waiting for social care"))
            answer = HandoverAnswer.objects.create(
                local_authority_id=locked.local_authority_id,
                request=locked,
                handed_over_at=locked.decided_at,
                decision=decision,
                advice=advice,
                by=by,
                at=timezone.now(),
            )
            _tell(
                locked.decided_by,
                answer,
                reference=locked.reference,
                link=reverse("triage:detail", args=[locked.pk]),
            )
            if decision == Decision.RETURNED:
                _request_back_to_triage(locked)
            audit_record(
                actor=by,
                action=AuditEvent.Action.CHANGE,
                record=locked,
                reason=advice,
                details={"social_care": decision, "answer": answer.pk},
            )
    except IntegrityError:
        # A colleague answered the same handover a moment before.
        raise ValidationError(_("This handover has already been answered")) from None
    return answer


def _tell(whom: User | None, answer: HandoverAnswer, *, reference: str, link: str) -> None:
    """Whoever handed the family over hears social care's answer (the advice is on the page
    the notice links to, behind its access rules, not in the notice or its email)."""
    if whom is None or whom.pk == answer.by_id:
        return
    text = (
        _("Children's social care accepted the handover of %(ref)s")
        if answer.decision == Decision.ACCEPTED
        else _("Children's social care returned %(ref)s to early help with advice")
    ) % {"ref": reference}
    notice_send(
        recipient=whom,
        kind=Notice.Kind.HANDOVER_ANSWERED,
        text=text,
        link=link,
        key=f"handover_answered:{answer.pk}",
    )


def _request_back_to_triage(request: SupportRequest) -> None:
    # The decision is undone so that triage decides again; what it was stays in the answer
    # (handed_over_at) and the audit trail.
    request.status = SupportRequest.Status.NEW
    request.level = None
    request.decision_reason = ""
    request.decided_by = None
    request.decided_at = None
    request.save(
        update_fields=[
            "status",
            "level",
            "decision_reason",
            "decided_by",
            "decided_at",
            "modified",
        ]
    )


def step_up_answer(
    *,
    step_up: EpisodeEvent,
    by: User,
    organisation: Organisation,
    decision: str,
    advice: str = "",
) -> HandoverAnswer:
    """Answer an episode's step-up. Returned, the episode is open again for its lead, with
    the advice in its history."""
    episode = step_up.episode
    _may_answer_or_refuse(by, episode.local_authority_id)
    _advice_or_refuse(decision, advice)
    try:
        with transaction.atomic():
            if episode.status != Episode.Status.STEPPED_UP:
                raise ValidationError(_("This episode is no longer waiting for social care"))
            answer = HandoverAnswer.objects.create(
                local_authority_id=episode.local_authority_id,
                step_up=step_up,
                decision=decision,
                advice=advice,
                by=by,
                at=timezone.now(),
            )
            _tell(
                episode.lead_professional,
                answer,
                reference=episode.family.reference,
                link=reverse("casework:episode", args=[episode.pk]),
            )
            if decision == Decision.RETURNED:
                episode_return_from_social_care(
                    step_up=step_up, by=by, organisation=organisation, advice=advice
                )
            else:
                audit_record(
                    actor=by,
                    action=AuditEvent.Action.CHANGE,
                    record=episode,
                    details={"social_care": decision, "answer": answer.pk},
                )
    except IntegrityError:
        raise ValidationError(_("This handover has already been answered")) from None
    return answer


def step_down_submit(
    *, by: User, organisation: Organisation, data: ReferralData, submission_key: uuid.UUID
) -> SupportRequest:
    """Step a family down into early help, whether the record knows them or not: a request to
    the front door marked as a step-down. Triage matches it to a household the record holds
    (or starts one) and allocates a lead, as for any request, so one route serves both."""
    if organisation.pk not in rules.social_care_organisation_ids(by):
        raise PermissionDenied
    return referral_submit(
        practitioner=by,
        organisation=organisation,
        data=dataclasses.replace(data, step_down=True, service=None),
        submission_key=submission_key,
    )
