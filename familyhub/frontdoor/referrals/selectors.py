"""Reads of practitioners' referrals: their organisation's, never one person's alone."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from familyhub.frontdoor.models import SupportRequest


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
