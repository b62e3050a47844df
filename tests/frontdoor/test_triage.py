"""Triage on the continuum of needs: the queue, its timers, and each route a level takes."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families import services as family_services
from familyhub.families.models import Consent, Involvement
from familyhub.families.rules import RecordKind, families_visible_to
from familyhub.frontdoor.models import NeedLevel, SupportRequest, TriageStandard
from familyhub.triage.rules import queue_position, timers
from familyhub.triage.services import request_decide
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import MembershipFactory
from tests.families_factories import ConsentFactory
from tests.frontdoor_factories import SubmittedRequestFactory

# The council (tests/frontdoor/conftest.py) has the demo's continuum of needs; the cast of
# staff is in tests/conftest.py, the access team being the council's Early Help service.
pytestmark = pytest.mark.usefixtures("postcodes", "continuum")


def make_request(council, *, hours_ago=1, safeguarding=False, consent=True, **fields):
    """Amina Example's request about her daughter Zara, sent `hours_ago`."""
    return SubmittedRequestFactory(
        local_authority=council,
        hours_ago=hours_ago,
        safeguarding_concern=safeguarding,
        consent_to_share=consent,
        parent_name="Amina",
        family_name="Example",
        child__given_name="Zara",
        child__date_of_birth=dt.date(2024, 5, 1),
        **fields,
    )


def level(council, number) -> NeedLevel:
    return NeedLevel.objects.get(local_authority=council, number=number)


def test_safeguarding_jumps_the_queue_then_overdue_then_oldest(council):
    standard = TriageStandard.objects.get(local_authority=council)
    now = timezone.now()
    oldest = make_request(council, hours_ago=10)
    overdue = make_request(council, hours_ago=80)  # past the 72-hour decision standard
    urgent = make_request(council, hours_ago=0.1, safeguarding=True)
    newest = make_request(council, hours_ago=0.5)
    rows = sorted(
        [(r, timers(r, standard, now)) for r in (newest, oldest, urgent, overdue)],
        key=lambda row: queue_position(*row),
    )
    assert [r for r, _ in rows] == [urgent, overdue, oldest, newest]


def test_timers_show_what_is_overdue(council):
    standard = TriageStandard.objects.get(local_authority=council)
    now = timezone.now()
    fresh = timers(make_request(council, hours_ago=2), standard, now)
    late = timers(make_request(council, hours_ago=30), standard, now)
    urgent = timers(make_request(council, hours_ago=2, safeguarding=True), standard, now)
    assert not fresh.overdue
    assert late.first_contact_overdue and not late.decision_overdue
    assert urgent.decision_overdue  # the urgent allowance is one hour


def test_the_queue_is_for_the_triage_team_only(client, council, triage_officer):
    make_request(council, safeguarding=True)
    outsider = MembershipFactory(role=Role.PRACTITIONER).user
    sign_in(client, outsider)
    assert client.get("/staff/triage/").status_code == 403
    sign_in(client, triage_officer)
    page = client.get("/staff/triage/").content.decode()
    assert "Urgent: possible risk of harm" in page


def test_level_two_opens_the_family_record_and_involves_the_team(
    council, triage_officer, council_organisation, lead_professional
):
    request = make_request(council)
    decided = request_decide(
        request=request,
        level=level(council, 2),
        reason="Low mood and sleep: targeted early help.",
        lead_professional=lead_professional,
        triage_organisation=council_organisation,
        by=triage_officer,
    )
    assert decided.status == SupportRequest.Status.ALLOCATED
    family = decided.family
    assert sorted(str(p) for p in family.members.all()) == [
        "Amina Example (Parent)",
        "Zara Example (Child or young person)",
    ]
    roles = set(family.involvements.values_list("role", flat=True))
    assert {Involvement.Role.ACCESS_TEAM, Involvement.Role.LEAD_PROFESSIONAL} <= roles
    consent = family.consents.get()
    assert consent.scope == Consent.Scope.WHOLE_RECORD
    now = timezone.now()
    assert family in families_visible_to(lead_professional, kind=RecordKind.PEOPLE, now=now)
    uninvolved = MembershipFactory(role=Role.PRACTITIONER).user
    assert not families_visible_to(uninvolved, kind=RecordKind.PEOPLE, now=now).exists()
    assert AuditEvent.objects.filter(record_id=str(request.pk), action="change").exists()


def test_without_consent_only_the_front_door_holds_the_record(
    council, triage_officer, council_organisation
):
    """And so only the front door's own lead professionals may lead: a lead from elsewhere
    is refused (tests/frontdoor/test_lead_within_consent.py)."""
    request = make_request(council, consent=False)
    council_lead = MembershipFactory(
        organisation=council_organisation, role=Role.LEAD_PROFESSIONAL
    ).user
    family = request_decide(
        request=request,
        level=level(council, 2),
        reason="Targeted early help.",
        lead_professional=council_lead,
        triage_organisation=council_organisation,
        by=triage_officer,
    ).family
    now = timezone.now()
    assert list(family.consents.get().organisations.all()) == [council_organisation]
    assert family in families_visible_to(council_lead, kind=RecordKind.PEOPLE, now=now)
    assert family in families_visible_to(triage_officer, kind=RecordKind.PEOPLE, now=now)


@pytest.mark.parametrize(
    ("number", "status"),
    [
        (1, SupportRequest.Status.SIGNPOSTED),
        (3, SupportRequest.Status.HANDED_OVER),
        (4, SupportRequest.Status.HANDED_OVER),
    ],
)
def test_other_levels_route_as_their_data_says(
    council, triage_officer, council_organisation, number, status
):
    decided = request_decide(
        request=make_request(council),
        level=level(council, number),
        reason="Decided at the daily triage meeting.",
        triage_organisation=council_organisation,
        by=triage_officer,
    )
    assert decided.status == status and decided.family is None


def test_a_decision_needs_a_reason_and_is_made_once(council, triage_officer, council_organisation):
    request = make_request(council)
    with pytest.raises(ValidationError):
        request_decide(
            request=request,
            level=level(council, 1),
            reason=" ",
            triage_organisation=council_organisation,
            by=triage_officer,
        )
    request_decide(
        request=request,
        level=level(council, 1),
        reason="Universal services.",
        triage_organisation=council_organisation,
        by=triage_officer,
    )
    with pytest.raises(ValidationError, match="already been decided"):
        request_decide(
            request=request,
            level=level(council, 3),
            reason="Second thoughts.",
            triage_organisation=council_organisation,
            by=triage_officer,
        )


def test_the_decision_page_allocates_and_keeps_input_on_error(
    client, council, triage_officer, lead_professional
):
    request = make_request(council)
    sign_in(client, triage_officer)
    url = f"/staff/triage/{request.pk}"
    page = client.post(url, {"level": level(council, 2).pk, "reason": "Needs a team"})
    assert "Choose the lead professional" in page.content.decode()
    assert "Needs a team" in page.content.decode()
    response = client.post(
        url,
        {
            "level": level(council, 2).pk,
            "reason": "Needs a team",
            "lead_professional": lead_professional.pk,
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ALLOCATED
    assert AuditEvent.objects.filter(record_id=str(request.pk), action="view").exists()


def test_a_known_child_is_offered_and_a_confirmed_match_joins_their_record(
    client, council, triage_officer, council_organisation, lead_professional
):
    known_family = family_services.family_create(
        local_authority=council, name="Example household", postcode="E1 1BB", by=triage_officer
    )
    # The household already shares with exactly whom the request's answer does: the join
    # changes no consent (a disagreement waits for a locality manager: tests/security).
    health_visiting = lead_professional.memberships.get().organisation
    known_consent = ConsentFactory(
        family=known_family, organisations=[council_organisation, health_visiting]
    )
    zara = family_services.person_add(
        family=known_family,
        role="child",
        given_name="Zara",
        family_name="Example",
        date_of_birth=dt.date(2024, 5, 1),
        by=triage_officer,
    ).person
    request = make_request(council)
    sign_in(client, triage_officer)
    url = f"/staff/triage/{request.pk}"
    page = client.get(url).content.decode()
    assert "Is this somebody we already know?" in page
    described = request.people.get(given_name="Zara")
    response = client.post(
        url,
        {
            "level": level(council, 2).pk,
            "reason": "Known to the hub already.",
            "lead_professional": lead_professional.pk,
            f"match_{described.pk}": str(zara.pk),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.family == known_family
    described.refresh_from_db()
    assert described.person == zara
    assert sorted(m.person.given_name for m in known_family.members.all()) == ["Amina", "Zara"]
    assert list(known_family.consents.all()) == [known_consent]


def test_without_a_confirmed_match_a_new_record_is_opened(
    council, triage_officer, council_organisation, lead_professional
):
    other = family_services.family_create(
        local_authority=council, name="Another household", by=triage_officer
    )
    family_services.person_add(
        family=other,
        role="child",
        given_name="Zara",
        family_name="Example",
        date_of_birth=dt.date(2024, 5, 1),
        by=triage_officer,
    )
    decided = request_decide(
        request=make_request(council),
        level=level(council, 2),
        reason="New family.",
        lead_professional=lead_professional,
        triage_organisation=council_organisation,
        by=triage_officer,
    )
    assert decided.family != other
