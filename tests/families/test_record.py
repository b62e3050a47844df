"""The shared family record: services write their audit events, consent and overrides take
effect at once, the pages read in a fixed number of queries, and bad input keeps what was typed."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.directory.models import Location
from familyhub.families import services
from familyhub.families.models import (
    ChronologyEvent,
    Consent,
    Involvement,
    LawfulBasis,
    Membership,
)
from familyhub.families.rules import RecordKind, can_see, may_override
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.factories import (
    LocalAuthorityFactory,
    LocalityFactory,
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.families_factories import (
    ChronologyEventFactory,
    ConsentFactory,
    FamilyFactory,
    InvolvementFactory,
    PersonFactory,
    RelationshipFactory,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory
from tests.queries import queries_for as _queries_for


@pytest.fixture
def family(organisation, lead):
    """A family the lead professional works with, whole record shared with their organisation."""
    family = FamilyFactory(name="Begum")
    mother = PersonFactory(given_name="Rahima", family_name="Begum", adult=True)
    HouseholdMembershipFactory(family=family, role=Membership.Role.PARENT, person=mother)
    child = HouseholdMembershipFactory(
        family=family,
        person=PersonFactory(
            given_name="Ayaan",
            family_name="Begum",
            nhs_number="9434765919",
            send=True,
            ehc_plan=True,
            date_of_birth=timezone.localdate() - dt.timedelta(days=365 * 6 + 30),
        ),
    )
    RelationshipFactory(person=mother, other=child.person)
    HouseholdMembershipFactory(family=family, person=PersonFactory(unborn=True))
    InvolvementFactory(family=family, organisation=organisation, worker=lead)
    ConsentFactory(family=family, organisations=[organisation])
    return family


def withdraw(consent, *, by):
    return services.consent_withdraw(
        consent=consent,
        how=Consent.Given.WRITTEN,
        reason="The family asked us in writing to stop sharing.",
        by=by,
    )


def events_for(family, action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(family_id=family.pk, action=action))


# --- Services ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("postcodes")
def test_family_create_gives_a_reference_and_the_serving_locality_and_hub(lead):
    locality = LocalityFactory(name="North West")
    hub = LocationFactory(kind=Location.Kind.MAIN_HUB, locality=locality)
    family = services.family_create(
        local_authority=LocalAuthorityFactory(), name="Khan", postcode="e1 1bj", by=lead
    )
    assert family.reference.startswith("FAM-") and len(family.reference) == 10
    assert not set(family.reference[4:]) & set("01OIL5S")
    assert family.postcode == "E1 1BJ"
    assert (family.locality, family.hub) == (locality, hub)
    [created] = events_for(family, AuditEvent.Action.CREATE)
    assert created.actor == lead and created.record_type == "families.family"


@pytest.mark.usefixtures("postcodes")
def test_family_create_keeps_an_unknown_postcode_without_a_locality(lead):
    family = services.family_create(
        local_authority=LocalAuthorityFactory(), name="Ali", postcode="ZZ9 9ZZ", by=lead
    )
    assert family.locality is None and family.postcode == "ZZ9 9ZZ"


@pytest.mark.django_db
def test_each_write_is_audited_against_the_family(family, lead, organisation):
    membership = services.person_add(
        family=family, role=Membership.Role.CHILD, given_name="Zara", by=lead
    )
    involvement = services.involvement_start(
        family=family,
        organisation=OrganisationFactory(),
        worker=None,
        role=Involvement.Role.PRACTITIONER,
        by=lead,
    )
    services.involvement_end(involvement=involvement, by=lead)
    event = services.chronology_add(
        family=family,
        organisation=organisation,
        by=lead,
        occurred_on=timezone.localdate(),
        summary="Home visit",
        person=membership.person,
    )
    consent = services.consent_record(
        family=family,
        scope=Consent.Scope.CHRONOLOGY,
        organisations=[organisation],
        purpose="Plan support",
        lawful_basis=LawfulBasis.CONSENT,
        given_how=Consent.Given.VERBAL,
        by=lead,
    )
    withdraw(consent, by=lead)
    trail = {
        (e.action, e.record_type, e.record_id)
        for e in AuditEvent.objects.filter(family_id=family.pk, actor=lead)
    }
    assert trail >= {
        ("create", "families.membership", str(membership.pk)),
        ("create", "families.involvement", str(involvement.pk)),
        ("change", "families.involvement", str(involvement.pk)),
        ("create", "families.chronologyevent", str(event.pk)),
        ("create", "families.consent", str(consent.pk)),
        ("change", "families.consent", str(consent.pk)),
    }


@pytest.mark.django_db
def test_withdrawing_consent_takes_effect_at_once(family, lead):
    now = timezone.now()
    assert can_see(lead, family, kind=RecordKind.PEOPLE, now=now)
    consent = family.consents.get()
    withdraw(consent, by=lead)
    assert not can_see(lead, family, kind=RecordKind.PEOPLE, now=timezone.now())
    # She no longer sees the family, so she may record nothing more about its consent.
    with pytest.raises(PermissionDenied):
        withdraw(consent, by=lead)


@pytest.mark.django_db
def test_withdrawing_consent_on_the_page_ends_the_users_sight_of_the_record(client, family, lead):
    sign_in(client, lead)
    consent = family.consents.get()
    url = f"/staff/families/{family.pk}/consent/{consent.pk}/withdraw"
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 200 and "Select how consent was withdrawn" in response.text
    assert "Enter why the family withdrew consent" in response.text
    response = client.post(url, {"how": Consent.Given.VERBAL, "reason": "Asked us to stop."})
    assert response.status_code == 302 and response["Location"] == "/staff/families/"
    assert client.get(f"/staff/families/{family.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r.value for r in Role])
def test_only_triage_and_locality_managers_may_override(role):
    user = MembershipFactory(role=role).user
    assert may_override(user) is (role in (Role.TRIAGE, Role.LOCALITY_MANAGER))


@pytest.mark.django_db
def test_an_override_needs_the_named_role(family, lead, organisation):
    with pytest.raises(PermissionDenied):
        services.safeguarding_override_grant(
            family=family,
            organisation=organisation,
            reason="Risk of harm",
            lawful_basis=LawfulBasis.VITAL_INTERESTS,
            by=lead,
        )
    assert not family.overrides.exists()


@pytest.mark.django_db
def test_an_override_needs_a_reason_and_is_audited_with_it(family, organisation):
    triage = MembershipFactory(role=Role.TRIAGE).user
    with pytest.raises(ValidationError):
        services.safeguarding_override_grant(
            family=family,
            organisation=organisation,
            reason="   ",
            lawful_basis=LawfulBasis.VITAL_INTERESTS,
            by=triage,
        )
    override = services.safeguarding_override_grant(
        family=family,
        organisation=organisation,
        reason="Child disclosed harm at school",
        lawful_basis=LawfulBasis.VITAL_INTERESTS,
        by=triage,
    )
    [event] = events_for(family, AuditEvent.Action.OVERRIDE)
    assert event.actor == triage and event.reason == "Child disclosed harm at school"
    assert event.record_id == str(override.pk)


@pytest.mark.django_db
def test_an_override_shares_the_record_and_flags_it(client, family, organisation):
    social_care = OrganisationFactory(name="Children's Social Care")
    worker = MembershipFactory(organisation=social_care, role=Role.PRACTITIONER).user
    InvolvementFactory(family=family, organisation=social_care, worker=worker)
    sign_in(client, worker)
    assert client.get(f"/staff/families/{family.pk}/").status_code == 404

    manager = MembershipFactory(organisation=organisation, role=Role.LOCALITY_MANAGER).user
    sign_in(client, manager)
    url = f"/staff/families/{family.pk}/override/new"
    form = {"organisation": social_care.pk, "lawful_basis": LawfulBasis.VITAL_INTERESTS}
    response = client.post(url, {**form, "reason": ""})
    assert response.status_code == 200
    assert "Enter why the record must be shared without consent" in response.text
    assert 'value="vital_interests" checked' in response.text  # nothing typed is lost
    response = client.post(url, {**form, "reason": "Bruising seen at nursery"})
    assert response.status_code == 302

    sign_in(client, worker)
    response = client.get(f"/staff/families/{family.pk}/")
    assert response.status_code == 200
    assert "Shared without consent for safeguarding" in response.text


@pytest.mark.django_db
def test_the_override_page_is_not_found_for_roles_that_cannot_grant_one(client, family, lead):
    sign_in(client, lead)
    assert client.get(f"/staff/families/{family.pk}/override/new").status_code == 404


# --- Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_record_page_shows_the_household_and_writes_a_view_event(client, family, lead):
    ChronologyEventFactory(family=family, summary="Attended stay and play")
    sign_in(client, lead)
    response = client.get(f"/staff/families/{family.pk}/")
    assert response.status_code == 200
    page = response.text
    for text in (
        "Rahima Begum",
        "Ayaan Begum",
        "Rahima Begum is a parent of Ayaan Begum",
        "EHC plan",
        "6 years",
        "due ",
        "Early Help Team",
    ):
        assert text in page
    assert "ending 5919" in page and "9434765919" not in page
    assert "Attended stay and play" in page
    assert "Who has viewed this record" in page and lead.email in page
    assert "Shared without consent" not in page
    [view] = events_for(family, AuditEvent.Action.VIEW)
    assert view.actor == lead and view.details == {"kinds": ["people", "chronology"]}


@pytest.mark.django_db
def test_a_contact_details_consent_shows_people_but_not_events(client, family, lead):
    family.consents.update(scope=Consent.Scope.CONTACT_DETAILS)
    ChronologyEventFactory(family=family, summary="Attended stay and play")
    sign_in(client, lead)
    page = client.get(f"/staff/families/{family.pk}/").text
    assert "Rahima Begum" in page and "Attended stay and play" not in page
    assert "The family has not agreed to share events with your organisation." in page


@pytest.mark.django_db
def test_the_export_is_audited_and_holds_what_the_user_may_see(client, family, lead):
    ChronologyEventFactory(family=family, summary="Attended stay and play")
    sign_in(client, lead)
    response = client.get(f"/staff/families/{family.pk}/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{family.reference}.json"'
    data = json.loads(response.content)
    assert data["reference"] == family.reference
    assert {m["given_name"] for m in data["members"]} >= {"Rahima", "Ayaan"}
    assert [e["summary"] for e in data["chronology"]] == ["Attended stay and play"]
    assert len(events_for(family, AuditEvent.Action.EXPORT)) == 1


@pytest.mark.django_db
def test_a_chronology_event_is_added_and_bad_input_keeps_what_was_typed(client, family, lead):
    sign_in(client, lead)
    url = f"/staff/families/{family.pk}/chronology/new"
    assert client.get(url).status_code == 200
    response = client.post(url, {"occurred_on": "31/2/2025", "summary": "Missed appointment"})
    assert response.status_code == 200
    assert "Enter a real date" in response.text
    assert 'value="Missed appointment"' in response.text
    assert response.text.count("govuk-error-summary") >= 1
    response = client.post(url, {"occurred_on": "3/3/2025", "summary": "Missed appointment"})
    assert response.status_code == 302
    event = ChronologyEvent.objects.get(family=family)
    assert event.recorded_by == lead and event.occurred_on == dt.date(2025, 3, 3)
    assert event.organisation.name == "Early Help Team"


@pytest.mark.django_db
def test_a_future_event_is_refused(client, family, lead):
    sign_in(client, lead)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        f"/staff/families/{family.pk}/chronology/new",
        {"occurred_on": tomorrow.strftime("%d/%m/%Y"), "summary": "Planned visit"},
    )
    assert "The date must be today or in the past" in response.text


@pytest.mark.django_db
def test_consent_is_recorded_on_the_page(client, family, lead, organisation):
    sign_in(client, lead)
    url = f"/staff/families/{family.pk}/consent/new"
    response = client.post(url, {"purpose": "Plan support together"})
    assert response.status_code == 200
    assert "Select what the family agreed to share" in response.text
    assert 'value="Plan support together"' in response.text
    response = client.post(
        url,
        {
            "scope": Consent.Scope.CHRONOLOGY,
            "organisations": [organisation.pk],
            "purpose": "Plan support together",
            "lawful_basis": LawfulBasis.CONSENT,
            "given_how": Consent.Given.WRITTEN,
        },
    )
    assert response.status_code == 302
    consent = family.consents.get(scope=Consent.Scope.CHRONOLOGY)
    assert consent.recorded_by == lead and list(consent.organisations.all()) == [organisation]


@pytest.mark.django_db
def test_a_search_records_each_family_it_shows(client, family, lead):
    other = FamilyFactory(name="Begum-Hussain")
    sign_in(client, lead)
    response = client.get("/staff/families/", {"q": "begum"})
    assert family.reference in response.text and other.reference not in response.text
    [hit] = AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT)
    assert hit.family_id == family.pk and hit.details == {"query": "begum"}
    client.get("/staff/families/")  # the plain list is not a search
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SEARCH_HIT).count() == 1


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_record_reads_in_a_constant_number_of_queries(client, family, lead, organisation):
    sign_in(client, lead)
    author = UserFactory()
    person = family.members.first().person

    def add_events(n: int) -> None:
        ChronologyEvent.objects.bulk_create(
            ChronologyEvent(
                family=family,
                organisation=OrganisationFactory() if i % 100 == 0 else organisation,
                recorded_by=author,
                person=person if i % 2 else None,
                occurred_on=timezone.localdate() - dt.timedelta(days=i),
                summary=f"Event {i}",
            )
            for i in range(n)
        )

    # The first audited read starts the trail (from the last purge's checkpoint): not measured.
    client.get(f"/staff/families/{family.pk}/")
    add_events(10)
    page_10 = _queries_for(client, f"/staff/families/{family.pk}/")
    export_10 = _queries_for(client, f"/staff/families/{family.pk}/export.json")
    add_events(990)
    page_1000 = _queries_for(client, f"/staff/families/{family.pk}/")
    export_1000 = _queries_for(client, f"/staff/families/{family.pk}/export.json")
    assert page_1000 == page_10
    assert export_1000 == export_10
