"""A false match never overrides a family's refusal to share (issue 8, item 1).

Family A's child is in the shared record; A shares it with the council's Early Help service
only, so the health visitor gets 404 on A. A new request names a different child, written in
Bengali script, born the same day, same sex, same postcode. Before: the Bengali name cleaned to
nothing, the birthday alone scored "100% likely", and accepting the match recorded a new
whole-record consent on A for the health visitor's organisation. Now: no candidate is offered,
and even a join forced through the service waits for a locality manager, with A's consent
untouched, and the health visitor still gets 404 on A.

Matching unit tests follow: the same name in Bengali script and in Latin letters matches; an
empty or placeholder name never agrees; birthday, sex and postcode alone are never offered.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.matching import find_candidates
from familyhub.families.models import Consent, Sex
from familyhub.frontdoor.models import NeedLevel, SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from familyhub.triage.models import PendingJoin
from familyhub.triage.services import join_decide, request_decide
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import StaffFactory
from tests.families_factories import (
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
)
from tests.frontdoor_factories import RequestPersonFactory, SubmittedRequestFactory

BORN = dt.date(2021, 6, 9)
POSTCODE = "E1 1BB"
LA = "E09000030"


@pytest.fixture
def continuum(council):
    """The council's standard continuum of needs (level 2: allocated to a hub team)."""
    front_door_set_up(local_authority=council)


@pytest.fixture
def family_a(council, council_organisation):
    """Rahima Begum's household: shared with the council's Early Help service only."""
    family = FamilyFactory(local_authority=council, postcode=POSTCODE)
    child = PersonFactory(
        local_authority=council,
        given_name="Rahima",
        family_name="Begum",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode=POSTCODE,
        nhs_number="",
    )
    MembershipFactory(family=family, person=child, role="child")
    InvolvementFactory(family=family, organisation=council_organisation)
    ConsentFactory(family=family, organisations=[council_organisation])
    family.child = child
    return family


def bengali_request(council):
    """A different child, Sadia Khatun, her name typed in Bengali script: same birthday, sex
    and postcode as A's child. The family agrees to share with the Family Hub partners."""
    request = SubmittedRequestFactory(
        local_authority=council,
        postcode=POSTCODE,
        parent_name="নাসরিন",
        family_name="খাতুন",
        child=None,
    )
    RequestPersonFactory(
        request=request,
        given_name="সাদিয়া",
        family_name="খাতুন",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
    )
    return request


def level_two(council) -> NeedLevel:
    return NeedLevel.objects.get(local_authority=council, number=2)


def a_consents(family) -> list[tuple[str, list]]:
    return [
        (consent.scope, sorted(str(o.pk) for o in consent.organisations.all()))
        for consent in Consent.objects.filter(family=family)
    ]


def test_a_bengali_name_with_a_strangers_birthday_is_never_offered_nor_widens_consent(
    client, continuum, council, family_a, triage_officer, lead_professional
):
    sign_in(client, lead_professional)
    assert client.get(f"/staff/families/{family_a.pk}/").status_code == 404
    before = a_consents(family_a)

    request = bengali_request(council)
    child = request.people.get(role="child")
    sign_in(client, triage_officer)
    page = client.get(f"/staff/triage/{request.pk}").content.decode()
    assert "Is this somebody we already know?" not in page
    assert "Rahima" not in page and "R. B." not in page
    # Nor can a hand-made answer name A's child: only what was offered is accepted.
    response = client.post(
        f"/staff/triage/{request.pk}",
        {
            "level": level_two(council).pk,
            "reason": "Sleep and low mood: a Team Around the Family.",
            "lead_professional": lead_professional.pk,
            f"match_{child.pk}": str(family_a.child.pk),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.ALLOCATED
    assert request.family != family_a
    child.refresh_from_db()
    assert child.person != family_a.child
    assert a_consents(family_a) == before

    sign_in(client, lead_professional)
    assert client.get(f"/staff/families/{family_a.pk}/").status_code == 404
    assert client.get(f"/staff/families/{request.family_id}/").status_code == 200


def test_a_join_forced_through_the_service_waits_and_never_widens_consent(
    client,
    continuum,
    council,
    family_a,
    triage_officer,
    council_organisation,
    lead_professional,
    locality_manager,
):
    """Even were a wrong match chosen, A's consent names the Early Help service only and the
    request's answer names health visiting too: the join waits for a locality manager."""
    before = a_consents(family_a)
    request = bengali_request(council)
    child = request.people.get(role="child")
    request_decide(
        request=request,
        level=level_two(council),
        reason="Sleep and low mood.",
        lead_professional=lead_professional,
        triage_organisation=council_organisation,
        matches={child.pk: family_a.child},
        by=triage_officer,
    )
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.NEW and request.family is None
    pending = PendingJoin.objects.get(request=request)
    assert pending.family == family_a and pending.status == PendingJoin.Status.PENDING
    assert a_consents(family_a) == before
    with pytest.raises(ValidationError, match="waiting for a locality manager"):
        request_decide(
            request=request,
            level=level_two(council),
            reason="Again.",
            lead_professional=lead_professional,
            triage_organisation=council_organisation,
            by=triage_officer,
        )

    # Confirming would leave the health visitor unable to see her own case: refused.
    with pytest.raises(ValidationError, match="does not cover"):
        join_decide(pending=pending, confirm=True, note="Same family?", by=locality_manager)
    join_decide(
        pending=pending,
        confirm=False,
        note="Not the same child: spoke to mum.",
        by=locality_manager,
    )
    pending.refresh_from_db()
    request.refresh_from_db()
    assert pending.status == PendingJoin.Status.REFUSED
    assert request.status == SupportRequest.Status.ALLOCATED
    assert request.family != family_a and request.decided_by == triage_officer
    assert a_consents(family_a) == before
    assert AuditEvent.objects.filter(
        record_type="triage.pendingjoin", record_id=str(pending.pk), action="change"
    ).exists()

    sign_in(client, lead_professional)
    assert client.get(f"/staff/families/{family_a.pk}/").status_code == 404
    assert client.get(f"/staff/families/{request.family_id}/").status_code == 200


def test_a_join_where_the_consents_agree_goes_ahead_and_changes_no_consent(
    continuum, council, family_a, triage_officer, council_organisation
):
    """The request's answer is the household's: Early Help only (no consent to share, so the
    front door alone), lead from Early Help. Joined at once, A's consent as it was."""
    early_help_lead = StaffFactory(organisation=council_organisation, role=Role.LEAD_PROFESSIONAL)
    before = a_consents(family_a)
    request = SubmittedRequestFactory(local_authority=council, consent_to_share=False, child=None)
    child = RequestPersonFactory(
        request=request, given_name="Rahima", family_name="Begum", date_of_birth=BORN
    )
    request_decide(
        request=request,
        level=level_two(council),
        reason="Known family.",
        lead_professional=early_help_lead,
        triage_organisation=council_organisation,
        matches={child.pk: family_a.child},
        by=triage_officer,
    )
    request.refresh_from_db()
    assert request.family == family_a
    assert not PendingJoin.objects.exists()
    assert a_consents(family_a) == before


# --- Matching in every script ---------------------------------------------------------------


def find(**described):
    query = {"local_authority_code": LA, "date_of_birth": BORN, "sex": Sex.FEMALE}
    return find_candidates(**(query | {"postcode": POSTCODE} | described))


@pytest.fixture
def sadia(council):
    return PersonFactory(
        local_authority=council,
        given_name="Sadia",
        family_name="Khatun",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode=POSTCODE,
        nhs_number="",
    )


def test_the_same_name_in_bengali_script_and_latin_letters_matches(sadia):
    found = find(given_name="সাদিয়া", family_name="খাতুন")
    assert [c.person for c in found] == [sadia]
    assert found[0].score > 0.9


def test_a_name_stored_in_bengali_script_is_found_in_latin_letters(council):
    stored = PersonFactory(
        local_authority=council,
        given_name="মোহাম্মদ",
        family_name="রহমান",
        date_of_birth=BORN,
        sex=Sex.MALE,
        postcode=POSTCODE,
        nhs_number="",
    )
    found = find(given_name="Mohammed", family_name="Rahman", sex=Sex.MALE)
    assert [c.person for c in found] == [stored]
    assert stored.given_name == "মোহাম্মদ"  # the original is kept


def test_the_same_name_in_arabic_script_and_latin_letters_matches(council):
    stored = PersonFactory(
        local_authority=council,
        given_name="Mohamed",
        family_name="Abdi",
        date_of_birth=BORN,
        sex=Sex.MALE,
        postcode=POSTCODE,
        nhs_number="",
    )
    assert [c.person for c in find(given_name="محمد", family_name="عبدي", sex=Sex.MALE)] == [stored]


def test_a_different_name_in_bengali_script_is_not_offered(sadia):
    assert find(given_name="রহিমা", family_name="বেগম") == []


@pytest.mark.parametrize(
    ("given", "family"),
    [("", ""), ("", "Khatun"), ("Sadia", ""), ("Unknown", "Khatun"), ("Baby", "Khatun")],
)
def test_an_empty_or_placeholder_name_never_agrees(council, given, family):
    """Birthday, sex and postcode agree; the name is missing on one side or both."""
    PersonFactory(
        local_authority=council,
        given_name=given,
        family_name=family,
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode=POSTCODE,
        nhs_number="",
    )
    assert find(given_name=given, family_name=family) == []
    assert find(given_name="Sadia", family_name="Khatun") == []


def test_birthday_sex_and_postcode_alone_are_never_offered(council):
    """Symbols and emoji transliterate to nothing: a missing name, not a match."""
    PersonFactory(
        local_authority=council,
        given_name="☺",
        family_name="-",
        date_of_birth=BORN,
        sex=Sex.FEMALE,
        postcode=POSTCODE,
        nhs_number="",
    )
    assert find(given_name="?", family_name="…", threshold=0.0) == []


def test_the_nhs_number_still_finds_a_person_whatever_the_script(council):
    from familyhub.families.identifiers import synthetic_nhs_number

    number = synthetic_nhs_number(7)
    stored = PersonFactory(
        local_authority=council, given_name="Sadia", family_name="Khatun", nhs_number=number
    )
    found = find(given_name="সাদিয়া", family_name="খাতুন", nhs_number=number)
    assert [c.person for c in found] == [stored] and found[0].score == 1.0


def test_only_the_first_name_agreeing_is_not_enough_to_offer(sadia):
    """Same first name, birthday, sex and postcode; a different last name: a stranger."""
    assert find(given_name="Sadia", family_name="Okafor", threshold=0.0) == []
