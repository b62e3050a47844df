"""Reads for the front door."""

from django.conf import settings
from django.db.models import Case, QuerySet, Value, When
from django.http import Http404

from familyhub.directory.models import Language
from familyhub.families.models import Family
from familyhub.frontdoor.journey import CHILD_ROLES, ExtraAnswers, first_missing_step
from familyhub.frontdoor.models import RequestPerson, SupportRequest
from familyhub.places.models import LocalAuthority

# Offered as their own radio buttons: the borough's most used languages (domain.md).
MAIN_LANGUAGES = ["en", "bn", "so"]


def request_by_token(token: str) -> SupportRequest | None:
    """The family's own request, found by the secret in their link (drafts and sent ones)."""
    return (
        SupportRequest.objects.filter(resume_token=token, source=SupportRequest.Source.FAMILY)
        .select_related("language")
        .first()
    )


def request_people(request: SupportRequest) -> QuerySet[RequestPerson]:
    """Children and expected babies first, then the adults, each in the order they were added."""
    return request.people.annotate(
        adult=Case(When(role__in=CHILD_ROLES, then=Value(0)), default=Value(1))
    ).order_by("adult", "pk")


def request_person_get(request: SupportRequest, pk: int) -> RequestPerson:
    """Somebody this request describes; Http404 for anybody else's."""
    person = request.people.filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def request_has_people(request: SupportRequest) -> bool:
    return request.people.exists()


def request_extra(request: SupportRequest) -> ExtraAnswers:
    return ExtraAnswers(
        asker=request.requester,
        help=list(request.help_choices),
        help_other=request.help_wanted,
        safety_answered=request.safeguarding_concern is not None,
        sharing_answered=request.consent_to_share is not None,
    )


def request_missing_step(request: SupportRequest) -> str | None:
    """The first question the family still has to answer, or None when it can be sent."""
    return first_missing_step(
        extra=request_extra(request),
        roles=request.people.values_list("role", flat=True),
        worries=request.worries,
        fields={
            "postcode": request.postcode,
            "address_1": request.address_1,
            "contact_method": request.contact_method,
            "language_id": request.language_id,
        },
    )


def language_get(code: str) -> Language:
    return Language.objects.get(code=code)


def languages_other() -> QuerySet[Language]:
    return Language.objects.exclude(code__in=MAIN_LANGUAGES).order_by("name")


def local_authority_default() -> LocalAuthority:
    """This deployment's own council: where a request goes until its postcode says otherwise."""
    return LocalAuthority.objects.get(code=settings.LOCAL_AUTHORITY_CODES[0])


def local_authority_for_code(code: str) -> LocalAuthority | None:
    return LocalAuthority.objects.filter(code=code).first()


def requests_joined_to(family: Family) -> list[SupportRequest]:
    """The requests sent for help that triage joined to this family, newest first: the
    family's own words and how they asked to be contacted, for the family record page."""
    return list(
        SupportRequest.objects.filter(family=family, submitted_at__isnull=False)
        .select_related("language")
        .order_by("-submitted_at")
    )
