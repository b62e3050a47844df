"""Reads of practitioners' referrals: those their organisation sent, and those its services
received; always the organisation's, never one person's alone."""

from uuid import UUID

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import Http404

from familyhub.frontdoor.models import ReferralAnswer, SupportRequest


def referrals_of(organisation_ids: list[UUID]) -> QuerySet[SupportRequest]:
    """The referrals these organisations sent (never drafts)."""
    return SupportRequest.objects.filter(
        source=SupportRequest.Source.PRACTITIONER, referrer_organisation_id__in=organisation_ids
    ).exclude(status=SupportRequest.Status.DRAFT)


def referrals_newest_first(organisation_ids: list[UUID]) -> QuerySet[SupportRequest]:
    """Newest first, with what the list shows of each fetched with it."""
    return (
        referrals_of(organisation_ids)
        .select_related("service")
        .prefetch_related("people")
        .order_by("-submitted_at")
    )


def referral_get(organisation_ids: list[UUID], pk: UUID | str) -> SupportRequest:
    """One of these organisations' referrals; Http404 for anybody else's."""
    referral = (
        referrals_of(organisation_ids)
        .filter(pk=pk)
        .select_related("service__organisation", "level", "referrer_organisation")
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def referral_answers(referral: SupportRequest) -> list[ReferralAnswer]:
    """Each step the receiving service took, oldest first, with who took it."""
    return list(referral.answers.select_related("by"))


def referrals_received(organisation_ids: list[UUID]) -> QuerySet[SupportRequest]:
    """Referrals sent straight to a service these organisations run."""
    return SupportRequest.objects.filter(
        status=SupportRequest.Status.REFERRED, service__organisation_id__in=organisation_ids
    ).exclude(answer="")


# New ones first: they are the ones nobody has looked at yet; finished ones last.
_ANSWER_ORDER = [
    SupportRequest.Answer.NEW,
    SupportRequest.Answer.OPENED,
    SupportRequest.Answer.ACCEPTED,
    SupportRequest.Answer.DECLINED,
    SupportRequest.Answer.COMPLETED,
]


def received_new_first(organisation_ids: list[UUID]) -> QuerySet[SupportRequest]:
    """New first, then by state; newest first within each state."""
    order = Case(
        *(When(answer=answer, then=Value(i)) for i, answer in enumerate(_ANSWER_ORDER)),
        output_field=IntegerField(),
    )
    return (
        referrals_received(organisation_ids)
        .select_related("service", "referrer_organisation")
        .prefetch_related("people")
        .order_by(order, "-submitted_at")
    )


def received_counts(organisation_ids: list[UUID]) -> list[tuple[str, int]]:
    """How many referrals are in each state, every state listed (a 0 says "none"), in order."""
    counted = dict(
        referrals_received(organisation_ids)
        .values_list("answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(str(SupportRequest.Answer(a).label), counted.get(a, 0)) for a in _ANSWER_ORDER]


def received_get(organisation_ids: list[UUID], pk: UUID | str) -> SupportRequest:
    """One referral these organisations' services received; Http404 for anybody else."""
    referral = (
        referrals_received(organisation_ids)
        .filter(pk=pk)
        .select_related("service__organisation", "referrer", "referrer_organisation", "language")
        .first()
    )
    if referral is None:
        raise Http404
    return referral
