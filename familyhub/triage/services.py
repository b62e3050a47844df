"""Triage writes: first contact, and the decision that places a request on the continuum of
needs and routes it. Each is one transaction with its audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyhub.accounts.models import Membership, Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode
from familyhub.casework.rules import lead_professional_memberships
from familyhub.casework.services.episodes import episode_open
from familyhub.casework.services.team import member_join
from familyhub.families import services as family_services
from familyhub.families.models import Consent, Family, Involvement, LawfulBasis, Person
from familyhub.families.models import Membership as HouseholdMember
from familyhub.frontdoor.models import NeedLevel, SupportRequest


def request_first_contact(*, request: SupportRequest, by: User) -> SupportRequest:
    with transaction.atomic():
        if request.first_contact_at is None:
            request.first_contact_at = timezone.now()
            request.save(update_fields=["first_contact_at", "modified"])
            audit_record(
                actor=by,
                action=AuditEvent.Action.CHANGE,
                record=request,
                details={"first_contact_at": request.first_contact_at.isoformat()},
            )
    return request


def _open_family(request: SupportRequest, matches: dict[int, Person], by: User) -> Family:
    """The family record for an allocated request.

    Where triage confirmed that somebody described is already in the shared record, their
    household is the one the request joins, so the family does not start its story again;
    otherwise a new household is opened. Everyone else described is added to it.
    """
    known = HouseholdMember.objects.filter(person__in=matches.values()).select_related("family")
    existing = known.first()
    if existing is not None:
        family = existing.family
    else:
        family = family_services.family_create(
            local_authority=request.local_authority,
            name=request.contact_name or request.reference,
            address_1=request.address_1,
            address_2=request.address_2,
            city=request.city,
            postcode=request.postcode,
            by=by,
        )
    for described in request.people.all():
        matched = matches.get(described.pk)
        if matched is not None:
            family_services.member_add(family=family, person=matched, role=described.role, by=by)
            described.person = matched
        else:
            described.person = family_services.person_add(
                family=family,
                role=described.role,
                given_name=described.given_name,
                family_name=described.family_name,
                date_of_birth=described.date_of_birth,
                due_date=described.due_date,
                sex=described.sex,
                nhs_number=described.nhs_number,
                by=by,
            ).person
        described.save(update_fields=["person"])
    return family


def _lead_organisation(lead: User, local_authority_code: str) -> Membership:
    membership = lead_professional_memberships(local_authority_code).filter(user=lead).first()
    if membership is None:
        raise ValidationError(_("Choose a lead professional who works in this area"))
    return membership


def _episode_for(
    family: Family, request: SupportRequest, lead: User, organisation: Organisation, by: User
) -> Episode:
    current = family.episodes.filter(status=Episode.Status.OPEN).first()
    if current is None:
        return episode_open(
            family=family,
            lead_professional=lead,
            lead_organisation=organisation,
            source=Episode.Source.TRIAGE,
            request=request,
            by=by,
        )
    member_join(
        episode=current,
        worker=lead,
        organisation=organisation,
        role=Involvement.Role.TEAM_MEMBER,
        by=by,
    )
    return current


def request_decide(
    *,
    request: SupportRequest,
    level: NeedLevel,
    reason: str,
    by: User,
    triage_organisation: Organisation,
    lead_professional: User | None = None,
    matches: dict[int, Person] | None = None,
) -> SupportRequest:
    """Place the request at a level and route it as that level says.

    Level routes are data: signposting closes the request with advice; hub allocation opens the
    shared family record, involves the access team, the hub and the lead professional, and
    records the family's consent for exactly those organisations; a hand-over to social care
    is marked at once.
    """
    if not reason.strip():
        raise ValidationError(_("Say why you chose this level"))
    if level.local_authority_id != request.local_authority_id:
        raise ValidationError(_("Choose one of this council's levels"))
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if request.decided_at is not None:
            raise ValidationError(_("This request has already been decided"))
        now = timezone.now()
        request.level, request.decision_reason = level, reason
        request.decided_by, request.decided_at = by, now
        if level.route == NeedLevel.Route.SIGNPOST:
            request.status = SupportRequest.Status.SIGNPOSTED
        elif level.route == NeedLevel.Route.SOCIAL_CARE:
            request.status = SupportRequest.Status.HANDED_OVER
        else:
            if lead_professional is None:
                raise ValidationError(_("Choose the lead professional"))
            lead = _lead_organisation(lead_professional, request.local_authority_id)
            family = _open_family(request, matches or {}, by)
            request.family, request.locality, request.hub = family, family.locality, family.hub
            request.lead_professional = lead_professional
            request.status = SupportRequest.Status.ALLOCATED
            sharing = {triage_organisation, lead.organisation}
            family_services.involvement_start(
                family=family,
                organisation=triage_organisation,
                worker=by,
                role=Involvement.Role.ACCESS_TEAM,
                by=by,
            )
            family_services.involvement_start(
                family=family,
                organisation=lead.organisation,
                worker=lead_professional,
                role=Involvement.Role.LEAD_PROFESSIONAL,
                by=by,
            )
            if family.hub is not None and family.hub.organisation is not None:
                sharing.add(family.hub.organisation)
                family_services.involvement_start(
                    family=family,
                    organisation=family.hub.organisation,
                    worker=None,
                    role=Involvement.Role.HUB_TEAM,
                    by=by,
                )
            # Every allocated family has an episode of early help with its lead professional;
            # a family already in one gains this lead professional in its team.
            _episode_for(family, request, lead_professional, lead.organisation, by)
            # Without the family's consent to share, only the council's own front door may
            # hold the record, to answer the request it was given (a public task).
            shared = request.consent_to_share
            family_services.consent_record(
                family=family,
                scope=Consent.Scope.WHOLE_RECORD,
                organisations=list(sharing) if shared else [triage_organisation],
                purpose=_("To agree the right early help, so the family tells its story once")
                if shared
                else _("To answer the family's request for help"),
                lawful_basis=LawfulBasis.CONSENT if shared else LawfulBasis.PUBLIC_TASK,
                given_how=Consent.Given.ONLINE
                if request.source == SupportRequest.Source.FAMILY
                else Consent.Given.VERBAL,
                given_by=None,
                by=by,
            )
        request.save()
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=request,
            reason=reason,
            details={"level": level.number, "route": level.route},
        )
    return request
