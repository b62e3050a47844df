"""Reading children's social care's inbox: the handovers waiting for an answer, one handover,
the answers given, and the families social care stepped down."""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from familyhub.casework.models import Episode, EpisodeEvent
from familyhub.frontdoor.models import SupportRequest
from familyhub.socialcare.models import HandoverAnswer


@dataclass(frozen=True)
class Handover:
    """One row of the inbox: a request triage handed over, or an episode's step-up."""

    reference: str
    kind: str  # "request" or "step_up"
    pk: object
    at: dt.datetime
    level: int | None
    urgent: bool


def _request_answered() -> Exists:
    return Exists(
        HandoverAnswer.objects.filter(request=OuterRef("pk"), handed_over_at=OuterRef("decided_at"))
    )


def requests_waiting(codes: list[str]) -> QuerySet[SupportRequest]:
    return (
        SupportRequest.objects.filter(
            local_authority_id__in=codes, status=SupportRequest.Status.HANDED_OVER
        )
        .exclude(_request_answered())
        .select_related("level")
        .order_by("decided_at")
    )


def step_ups_waiting(codes: list[str]) -> QuerySet[EpisodeEvent]:
    return (
        EpisodeEvent.objects.filter(
            kind=EpisodeEvent.Kind.STEPPED_UP,
            episode__local_authority_id__in=codes,
            episode__status=Episode.Status.STEPPED_UP,
            social_care_answer__isnull=True,
        )
        .select_related("episode__family")
        .order_by("recorded_at")
    )


def handovers_waiting(codes: list[str]) -> list[Handover]:
    """Every handover not yet answered: the urgent (level 4) first, then the oldest first."""
    rows = [
        Handover(
            reference=request.reference,
            kind="request",
            pk=request.pk,
            # A handed-over request is decided; the fallback is for the type checker.
            at=request.decided_at or request.modified,
            level=request.level.number if request.level else None,
            urgent=bool(request.level and request.level.number >= 4)
            or bool(request.safeguarding_concern),
        )
        for request in requests_waiting(codes)
    ] + [
        Handover(
            reference=event.episode.family.reference,
            kind="step_up",
            pk=event.pk,
            at=event.recorded_at,
            level=None,
            urgent=False,
        )
        for event in step_ups_waiting(codes)
    ]
    return sorted(rows, key=lambda row: (not row.urgent, row.at))


def answers_recent(codes: list[str], *, since: dt.datetime, limit: int) -> list[HandoverAnswer]:
    return list(
        HandoverAnswer.objects.filter(local_authority_id__in=codes, at__gte=since)
        .select_related("request", "step_up__episode__family", "by")
        .order_by("-at", "-pk")[:limit]
    )


def handed_over_request_get(codes: list[str], pk: UUID | str) -> SupportRequest:
    """A request handed over to this social care now or before (its answers say so); 404 for
    any other, so another council's or an early help request is not even confirmed."""
    found = (
        SupportRequest.objects.filter(local_authority_id__in=codes, pk=pk)
        .filter(
            Q(status=SupportRequest.Status.HANDED_OVER)
            | Exists(HandoverAnswer.objects.filter(request=OuterRef("pk")))
        )
        .select_related("level", "decided_by", "language", "referrer_organisation")
        .prefetch_related("people")
        .first()
    )
    if found is None:
        raise Http404
    return found


def step_up_get(codes: list[str], pk: int) -> EpisodeEvent:
    found = (
        EpisodeEvent.objects.filter(
            kind=EpisodeEvent.Kind.STEPPED_UP, episode__local_authority_id__in=codes, pk=pk
        )
        .select_related("episode__family", "episode__lead_professional", "by")
        .first()
    )
    if found is None:
        raise Http404
    return found


def request_answer_current(request: SupportRequest) -> HandoverAnswer | None:
    """The answer to the request's present handover, if it is handed over and answered."""
    if request.status != SupportRequest.Status.HANDED_OVER:
        return None
    return (
        HandoverAnswer.objects.filter(request=request, handed_over_at=request.decided_at)
        .select_related("by")
        .first()
    )


def request_answers(request: SupportRequest) -> list[HandoverAnswer]:
    """Every answer social care gave this request, newest first (triage reads the advice)."""
    return list(HandoverAnswer.objects.filter(request=request).select_related("by"))


def step_downs_recent(organisation_ids: list, *, limit: int) -> list[SupportRequest]:
    """The families the user's social care teams stepped down, newest first, as triage left
    them (waiting, or allocated to a lead)."""
    return list(
        SupportRequest.objects.filter(
            source=SupportRequest.Source.STEP_DOWN, referrer_organisation_id__in=organisation_ids
        )
        .select_related("lead_professional")
        .order_by("-submitted_at")[:limit]
    )
