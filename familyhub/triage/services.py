"""Triage writes: first contact, and the decision that places a request on the continuum of
needs and routes it. Each is one transaction with its audit event.

Joining never widens consent. A request whose people triage matched to a household joins it
at once only where the request's answer and the household's consent name the same
organisations for the same parts of the record: then nothing about consent changes. Where they
disagree, the household's consent would be extended by somebody else's answer (or the
requester's information shared further than they said), so the decision waits as a
PendingJoin until a locality manager confirms the join (under the household's consent,
unchanged) or refuses it (a new household, under the request's own answer).
"""

import datetime as dt
from collections.abc import Callable
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familyhub.accounts.models import Membership, Organisation, User
from familyhub.audit.models import AuditEvent
from familyhub.audit.services import audit_record
from familyhub.casework.models import Episode
from familyhub.casework.rules import lead_professional_memberships
from familyhub.casework.services.episodes import episode_open, lead_covered_or_refuse
from familyhub.casework.services.notices import case_new_notify
from familyhub.casework.services.team import member_join
from familyhub.directory.models import Location, Service
from familyhub.families import services as family_services
from familyhub.families.models import Consent, Family, Involvement, LawfulBasis, Person
from familyhub.families.rules import consent_coverage
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.rules import family_message_language, family_message_route
from familyhub.notifications.services import message_send
from familyhub.triage.models import PendingJoin, Signpost
from familyhub.triage.rules import (
    SIGNPOSTS_MOST,
    hub_allocatable,
    join_consent_agrees,
    request_sharing,
    service_signpostable,
)
from familyhub.triage.selectors import Offered, household_of, join_deciders_in

JOIN_WAITING_TEMPLATE = "join_waiting"
SIGNPOSTS_TEMPLATE = "signposts"


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


def candidates_shown(*, request: SupportRequest, offered: list[Offered], by: User) -> None:
    """Every person triage is shown as a possible match leaves a trace in their own record's
    trail: who was shown them, for which request, and how likely."""
    for candidate in offered:
        audit_record(
            actor=by,
            action=AuditEvent.Action.SEARCH_HIT,
            record=candidate.person,
            details={"request": str(request.pk), "score": candidate.score, "shown": "triage"},
        )


def _open_family(
    request: SupportRequest, matches: dict[int, Person], household: Family | None, by: User
) -> Family:
    """The family record for an allocated request: the household triage matched somebody to
    (so the family does not start its story again), or a new one. Everyone else described is
    added to it."""
    if household is not None:
        family = household
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
            source=Episode.Source.STEP_DOWN
            if request.source == SupportRequest.Source.STEP_DOWN
            else Episode.Source.TRIAGE,
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
    joins_link: str = "",
    hub: Location | None = None,
    signposts: list[Service] | None = None,
    absolute_uri: Callable[[str], str] | None = None,
) -> SupportRequest:
    """Place the request at a level and route it as that level says.

    Level routes are data: signposting closes the request and sends the family the directory
    services triage chose (`signposts`, their public pages linked by `absolute_uri`, the
    page's request.build_absolute_uri; SITE_URL's without one); hub
    allocation opens the shared family record in the family hub triage chose (`hub`; None: the
    one serving the postcode), involves the access team, the hub and the lead professional, and
    records the family's consent for exactly those organisations; a hand-over to social care
    is marked at once. An allocation that joins a household whose consent disagrees with the
    request's answer waits for a locality manager instead (module docstring): the request stays
    waiting, with a PendingJoin, and the council's locality managers are emailed `joins_link`
    (the joins page's full address; its path if not given) and the request's reference.
    """
    if not reason.strip():
        raise ValidationError(_("Say why you chose this level"))
    if level.local_authority_id != request.local_authority_id:
        raise ValidationError(_("Choose one of this council's levels"))
    _refuse_hub(hub, level, request.local_authority_id)
    _refuse_signposts(signposts or [], level, request.local_authority_id)
    with transaction.atomic():
        request = SupportRequest.objects.select_for_update().get(pk=request.pk)
        if request.decided_at is not None:
            raise ValidationError(_("This request has already been decided"))
        if PendingJoin.objects.filter(request=request, status=PendingJoin.Status.PENDING).exists():
            raise ValidationError(_("This request is waiting for a locality manager"))
        household = household_of(list((matches or {}).values()))
        if level.route == NeedLevel.Route.HUB_ALLOCATION and household is not None:
            if lead_professional is None:
                raise ValidationError(_("Choose the lead professional"))
            lead = _lead_organisation(lead_professional, request.local_authority_id)
            sharing = request_sharing(
                request, triage_organisation, lead.organisation, hub or household.hub
            )
            if not join_consent_agrees(consent_coverage(household, now=timezone.now()), sharing):
                return _join_wait(
                    request=request,
                    household=household,
                    matches=matches or {},
                    level=level,
                    reason=reason,
                    lead_professional=lead_professional,
                    triage_organisation=triage_organisation,
                    by=by,
                    joins_link=joins_link or reverse("triage:joins"),
                    hub=hub,
                )
        return _decide(
            request=request,
            level=level,
            reason=reason,
            by=by,
            triage_organisation=triage_organisation,
            lead_professional=lead_professional,
            matches=matches or {},
            household=household,
            hub=hub,
            signposts=signposts or [],
            absolute_uri=absolute_uri or _site_link,
        )


def _site_link(path: str) -> str:
    return settings.SITE_URL + path


def _refuse_hub(hub: Location | None, level: NeedLevel, local_authority_code: str) -> None:
    if hub is None:
        return
    if level.route != NeedLevel.Route.HUB_ALLOCATION:
        raise ValidationError(_("Choose a family hub only when you allocate to a hub team"))
    if not hub_allocatable(hub, local_authority_code):
        raise ValidationError(_("Choose one of this council's family hubs"))


def _refuse_signposts(services: list[Service], level: NeedLevel, local_authority_code: str) -> None:
    if not services:
        return
    if level.route != NeedLevel.Route.SIGNPOST:
        raise ValidationError(_("Send services to the family only when you signpost"))
    if len(services) > SIGNPOSTS_MOST:
        raise ValidationError(
            _("Choose %(most)d services or fewer to send the family") % {"most": SIGNPOSTS_MOST}
        )
    if len(set(services)) != len(services):
        raise ValidationError(_("Choose each service once"))
    if not all(service_signpostable(service, local_authority_code) for service in services):
        raise ValidationError(_("Choose services that are live in this council's directory"))


def _join_wait(
    *,
    request: SupportRequest,
    household: Family,
    matches: dict[int, Person],
    level: NeedLevel,
    reason: str,
    lead_professional: User,
    triage_organisation: Organisation,
    by: User,
    joins_link: str,
    hub: Location | None,
) -> SupportRequest:
    pending = PendingJoin.objects.create(
        request=request,
        family=household,
        matches={str(k): str(person.pk) for k, person in matches.items()},
        level=level,
        reason=reason,
        lead_professional=lead_professional,
        triage_organisation=triage_organisation,
        hub=hub,
        asked_by=by,
        asked_at=timezone.now(),
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CREATE,
        record=pending,
        details={"request": str(request.pk), "level": level.number},
    )
    _join_waiting_tell(pending, joins_link)
    return request


def _join_waiting_tell(pending: PendingJoin, joins_link: str) -> None:
    """Email the council's locality managers, in the PendingJoin's transaction: nobody else
    decides the join, and a request nobody knows is waiting waits for ever. The email names
    the request by its reference only: email is no place for a family's details."""
    for manager in join_deciders_in(pending.request.local_authority_id):
        message_send(
            template=JOIN_WAITING_TEMPLATE,
            to=manager.email,
            idempotency_key=f"join_waiting:{pending.pk}:{manager.pk}",
            personalisation={
                "reference": pending.request.reference,
                "link": joins_link,
                "service_name": settings.SERVICE_NAME,
            },
            language=settings.LANGUAGE_CODE,  # staff read English
        )


def _decide(
    *,
    request: SupportRequest,
    level: NeedLevel,
    reason: str,
    by: User,
    triage_organisation: Organisation,
    lead_professional: User | None,
    matches: dict[int, Person],
    household: Family | None,
    hub: Location | None = None,
    signposts: list[Service] | None = None,
    absolute_uri: Callable[[str], str] = _site_link,
) -> SupportRequest:
    """The decision carried out, inside the caller's transaction. `household`: the one the
    request joins (its consent already agreed with, or confirmed by a locality manager);
    `hub`, `signposts` and `absolute_uri` as request_decide's, checked there."""
    with transaction.atomic():
        now = timezone.now()
        request.level, request.decision_reason = level, reason
        request.decided_by, request.decided_at = by, now
        if level.route == NeedLevel.Route.SIGNPOST:
            request.status = SupportRequest.Status.SIGNPOSTED
            _signposts_send(request, signposts or [], by=by, at=now, absolute_uri=absolute_uri)
        elif level.route == NeedLevel.Route.SOCIAL_CARE:
            request.status = SupportRequest.Status.HANDED_OVER
        else:
            if lead_professional is None:
                raise ValidationError(_("Choose the lead professional"))
            lead = _lead_organisation(lead_professional, request.local_authority_id)
            family = _open_family(request, matches, household, by)
            if hub is not None and hub != family.hub:
                # Triage's choice over the postcode's: the hub team, the consent and the
                # episode below all follow the family's hub.
                family_services.family_hub_set(family=family, hub=hub, by=by)
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
            # Consent first, so the episode's lead is checked against it. Without the family's
            # consent to share, only the council's own front door may hold the record, to
            # answer the request it was given (a public task). A household joined keeps its own
            # consent: the request's answer is never recorded over it.
            shared = request.consent_to_share
            if household is None:
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
            else:
                # The request's answer stays on the request (consent_to_share), for its own
                # information; the household's consent already says the same (or a locality
                # manager confirmed the join under it).
                audit_record(
                    actor=by,
                    action=AuditEvent.Action.CHANGE,
                    record=family,
                    details={
                        "joined_by_request": str(request.pk),
                        "request_consent_to_share": bool(shared),
                        "consent_unchanged": True,
                    },
                )
            lead_covered_or_refuse(
                family, lead_professional=lead_professional, lead_organisation=lead.organisation
            )
            # Every allocated family has an episode of early help with its lead professional;
            # a family already in one gains this lead professional in its team.
            episode = _episode_for(family, request, lead_professional, lead.organisation, by)
            case_new_notify(episode=episode, lead=lead_professional, by=by)
        request.save()
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=request,
            reason=reason,
            details={"level": level.number, "route": level.route},
        )
    return request


def _signposts_send(
    request: SupportRequest,
    services: list[Service],
    *,
    by: User,
    at: dt.datetime,
    absolute_uri: Callable[[str], str],
) -> None:
    """Record the services triage chose for the family and send them the list, in their
    language, by the channel they chose (as the front door confirms a request: by text to a
    family who chose texts, otherwise by email): after commit, with the decision. A family
    who gave no email address or mobile number is sent nothing; the blank channel says so."""
    if not services:
        return
    route = family_message_route(request)
    channel, to = route or ("", "")
    Signpost.objects.bulk_create(
        Signpost(request=request, service=service, sent_by=by, sent_at=at, channel=channel)
        for service in services
    )
    audit_record(
        actor=by,
        action=AuditEvent.Action.CHANGE,
        record=request,
        details={"signposts": [str(service.pk) for service in services], "channel": channel},
    )
    if not route:
        return
    language = family_message_language(request)
    with translation.override(language):
        listed = "\n\n".join(_service_lines(service, absolute_uri) for service in services)
    message_send(
        template=SIGNPOSTS_TEMPLATE,
        channel=channel,
        to=to,
        idempotency_key=f"signposts:{request.pk}",
        personalisation={
            "reference": request.reference,
            "services": listed,
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
        language=language,
    )


def _service_lines(service: Service, absolute_uri: Callable[[str], str]) -> str:
    """One service in the family's message: its name, its phone, its public page (the link
    last, on its own line, so that phones make it tappable)."""
    lines = [service.name]
    if service.phone:
        lines.append(_("Phone: %(phone)s") % {"phone": service.phone})
    lines.append(absolute_uri(reverse("directory:service", args=[service.pk])))
    return "\n".join(lines)


def _matched_people(pending: PendingJoin) -> dict[int, Person]:
    people = Person.objects.in_bulk(list(pending.matches.values()))
    return {
        int(described): people[UUID(person)]
        for described, person in pending.matches.items()
        if UUID(person) in people
    }


def join_decide(*, pending: PendingJoin, confirm: bool, note: str, by: User) -> PendingJoin:
    """A locality manager's answer to a join that waits (module docstring), and triage's
    decision carried out with it: joined to the household under the household's consent,
    unchanged, or kept apart in a new household under the request's own answer.

    Confirming is refused (casework's lead_covered_or_refuse, in the decision) where the
    household's consent does not cover the lead professional's organisation: she could not see
    the record she leads on.
    """
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say why"))
    with transaction.atomic():
        pending = PendingJoin.objects.select_for_update().get(pk=pending.pk)
        if pending.status != PendingJoin.Status.PENDING:
            raise ValidationError(_("This join has already been decided"))
        # Every row lock before the audit event: appending to the audit trail holds its lock
        # until commit, so a lock taken after it could deadlock with another decision.
        request = SupportRequest.objects.select_for_update().get(pk=pending.request_id)
        if request.decided_at is not None:
            raise ValidationError(_("This request has already been decided"))
        pending.status = PendingJoin.Status.CONFIRMED if confirm else PendingJoin.Status.REFUSED
        pending.decided_by, pending.decided_at = by, timezone.now()
        pending.decision_note = note
        pending.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=by,
            action=AuditEvent.Action.CHANGE,
            record=pending,
            reason=note,
            details={"status": pending.status, "request": str(pending.request_id)},
        )
        # Triage's decision, as triage made it: the access team's worker is the one who asked.
        _decide(
            request=request,
            level=pending.level,
            reason=pending.reason,
            by=pending.asked_by,
            triage_organisation=pending.triage_organisation,
            lead_professional=pending.lead_professional,
            matches=_matched_people(pending) if confirm else {},
            household=pending.family if confirm else None,
            hub=pending.hub,
        )
    return pending
