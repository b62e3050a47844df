"""Children's social care's answers to handovers, and a request handed over the real way."""

import factory
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.socialcare.models import HandoverAnswer
from familyhub.triage.services import request_decide
from tests.factories import SocialWorkerFactory
from tests.frontdoor_factories import NeedLevelFactory, SubmittedRequestFactory


def level_3(local_authority) -> NeedLevel:
    return NeedLevelFactory(
        local_authority=local_authority,
        number=3,
        name="Child in need",
        route=NeedLevel.Route.SOCIAL_CARE,
    )


def request_hand_over(request: SupportRequest, *, by) -> SupportRequest:
    """Triage's decision through the real service: level 3, handed over to social care."""
    decided = request_decide(
        request=request,
        level=level_3(request.local_authority),
        reason="A child in need: a social work assessment is needed.",
        triage_organisation=by.memberships.get(role=Role.TRIAGE).organisation,
        by=by,
    )
    decided.refresh_from_db()
    return decided


class HandedOverRequestFactory(SubmittedRequestFactory):
    """A request triage handed over (set directly; request_hand_over goes through triage)."""

    status = SupportRequest.Status.HANDED_OVER
    level = factory.LazyAttribute(lambda o: level_3(o.local_authority))
    decision_reason = "A child in need."
    decided_at = factory.LazyFunction(timezone.now)


class HandoverAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandoverAnswer

    request = factory.SubFactory(HandedOverRequestFactory)
    local_authority = factory.SelfAttribute("request.local_authority")
    handed_over_at = factory.SelfAttribute("request.decided_at")
    decision = HandoverAnswer.Decision.ACCEPTED
    by = factory.SubFactory(SocialWorkerFactory)
    at = factory.LazyFunction(timezone.now)
