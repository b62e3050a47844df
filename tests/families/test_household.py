"""Keeping the household current on the family record: adding and removing a member, recording
a birth, and a person's SEND, EHC plan, languages, interpreter and ethnic group.

Each change is one service that writes it and its audit event together (the event names the
fields, never their values); each page is open to the casework roles of an organisation working
with the family that the family's consent lets see its people, and to nobody else.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families import services
from familyhub.families.models import Consent, Ethnicity, Membership, Person, Sex
from tests.accounts.helpers import sign_in_verified
from tests.factories import LanguageFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.families_factories import (
    ConsentFactory,
    InvolvementFactory,
    PersonFactory,
    family_with_consent_for,
)
from tests.families_factories import MembershipFactory as HouseholdMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def family(organisation, lead):
    return family_with_consent_for(organisation, worker=lead, name="Rahman")


@pytest.fixture
def unborn(family):
    return HouseholdMembershipFactory(
        family=family,
        role=Membership.Role.UNBORN,
        person=PersonFactory(
            unborn=True,
            sex=Sex.UNKNOWN,
            family_name="Rahman",
            local_authority=family.local_authority,
        ),
    )


@pytest.fixture
def child(family):
    return HouseholdMembershipFactory(family=family, person__given_name="Ayaan")


def events_for(record) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(record_type=record._meta.label_lower, record_id=str(record.pk))
    )


# The services


def test_adding_a_member_makes_the_person_and_audits_it_on_the_family(family, lead):
    membership = services.person_add(
        family=family,
        role=Membership.Role.CHILD,
        by=lead,
        given_name="Sadia",
        family_name="Rahman",
        date_of_birth=dt.date(2019, 5, 1),
        sex=Sex.FEMALE,
    )

    assert membership.person.date_of_birth == dt.date(2019, 5, 1)
    [event] = events_for(membership)
    assert event.action == AuditEvent.Action.CREATE
    assert event.family_id == family.pk
    assert "Sadia" not in str(event.details)


def test_removing_a_member_ends_their_place_and_keeps_the_person(family, lead, child):
    services.member_remove(family=family, person=child.person, by=lead, reason="Moved to dad's")

    assert not Membership.objects.filter(pk=child.pk).exists()
    assert Person.objects.filter(pk=child.person.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.DELETE, family_id=family.pk)
    assert event.reason == "Moved to dad's"
    assert event.details == {"person": str(child.person.pk), "role": Membership.Role.CHILD}


def test_removing_someone_not_in_the_household_is_refused(family, lead):
    stranger = PersonFactory(local_authority=family.local_authority)

    with pytest.raises(ValidationError):
        services.member_remove(family=family, person=stranger, by=lead)


def test_a_birth_turns_the_unborn_child_into_a_child_keeping_the_same_person(family, lead, unborn):
    born = timezone.localdate() - dt.timedelta(days=2)

    person = services.birth_record(
        family=family,
        person=unborn.person,
        by=lead,
        given_name="Zara",
        family_name="Rahman",
        date_of_birth=born,
        sex=Sex.FEMALE,
    )

    assert person.pk == unborn.person.pk
    person.refresh_from_db()
    unborn.refresh_from_db()
    assert (person.given_name, person.date_of_birth, person.due_date) == ("Zara", born, None)
    assert unborn.role == Membership.Role.CHILD
    [event] = events_for(unborn)
    assert event.action == AuditEvent.Action.CHANGE
    assert event.family_id == family.pk
    assert event.details["birth"] is True
    assert event.details["fields"] == ["date_of_birth", "due_date", "given_name", "sex", "role"]
    assert "Zara" not in str(event.details) and born.isoformat() not in str(event.details)


def test_a_birth_can_only_be_recorded_for_an_unborn_child(family, lead, child):
    with pytest.raises(ValidationError):
        services.birth_record(
            family=family,
            person=child.person,
            by=lead,
            given_name="Zara",
            date_of_birth=timezone.localdate(),
            sex=Sex.FEMALE,
        )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE).exists()


def test_a_birth_in_the_future_is_refused(family, lead, unborn):
    with pytest.raises(ValidationError):
        services.birth_record(
            family=family,
            person=unborn.person,
            by=lead,
            given_name="Zara",
            date_of_birth=timezone.localdate() + dt.timedelta(days=1),
            sex=Sex.FEMALE,
        )
    unborn.refresh_from_db()
    assert unborn.role == Membership.Role.UNBORN


def test_needs_languages_and_ethnicity_are_saved_and_audited_by_field_name(family, lead, child):
    somali = LanguageFactory(code="so", name="Somali")

    changed = services.person_needs_update(
        family=family,
        person=child.person,
        by=lead,
        send=True,
        ehc_plan=True,
        languages=[somali],
        interpreter_needed=False,
        ethnicity=Ethnicity.BLACK_AFRICAN,
    )

    person = Person.objects.get(pk=child.person.pk)
    assert (person.send, person.ehc_plan, person.ethnicity) == (True, True, "black_african")
    assert list(person.languages.all()) == [somali]
    assert sorted(changed) == ["ehc_plan", "ethnicity", "languages", "send"]
    [event] = events_for(child)
    assert event.details == {"person": str(person.pk), "fields": changed}
    assert event.family_id == family.pk


def test_saving_needs_unchanged_writes_no_event(family, lead, child):
    changed = services.person_needs_update(
        family=family,
        person=child.person,
        by=lead,
        send=False,
        ehc_plan=False,
        languages=[],
        interpreter_needed=False,
        ethnicity=Ethnicity.NOT_ASKED,
    )

    assert changed == []
    assert events_for(child) == []


def test_an_ehc_plan_without_send_is_refused(family, lead, child):
    with pytest.raises(ValidationError):
        services.person_needs_update(
            family=family,
            person=child.person,
            by=lead,
            send=False,
            ehc_plan=True,
            languages=[],
            interpreter_needed=False,
            ethnicity=Ethnicity.NOT_ASKED,
        )


def test_ethnicity_offers_the_19_census_groups_prefer_not_to_say_and_not_asked():
    assert len(Ethnicity.choices) == 21
    assert Ethnicity.PREFER_NOT_TO_SAY.label == "Prefer not to say"
    assert Person._meta.get_field("ethnicity").default == Ethnicity.NOT_ASKED


# The pages: who may use them

# Written out here, not read from the code under test: a member of staff whose organisation works
# with the family and whose family's consent shares its people with that organisation.
STATUS_WHEN_INVOLVED_AND_COVERED = {
    Role.DIRECTORY_EDITOR: 404,
    Role.DIRECTORY_MANAGER: 404,
    Role.TRIAGE: 200,
    Role.LEAD_PROFESSIONAL: 200,
    Role.PRACTITIONER: 200,
    Role.LOCALITY_MANAGER: 200,
    Role.DATA_ANALYST: 404,
    Role.DATA_PROTECTION_OFFICER: 404,
    Role.ADMINISTRATOR: 404,
    Role.SOCIAL_WORKER: 404,
}

PAGES = ["household-add", "household-remove", "household-birth", "household-details"]


def page_url(name: str, family, unborn) -> str:
    if name == "household-add":
        return reverse("families:household-add", args=[family.pk])
    return reverse(f"families:{name}", args=[family.pk, unborn.person.pk])


def valid_post(name: str) -> dict:
    return {
        "household-add": {
            "role": "child",
            "given_name": "Sadia",
            "family_name": "Rahman",
            "date_of_birth": "1/5/2019",
            "sex": "female",
        },
        "household-remove": {"reason": "Moved away"},
        "household-birth": {
            "given_name": "Zara",
            "family_name": "Rahman",
            "date_of_birth": timezone.localdate().strftime("%d/%m/%Y"),
            "sex": "female",
        },
        "household-details": {"send": "on", "ethnicity": "asian_bangladeshi"},
    }[name]


def client_for(role: Role, organisation) -> Client:
    client = Client()
    sign_in_verified(client, MembershipFactory(role=role, organisation=organisation).user)
    return client


def test_every_role_is_checked():
    assert set(STATUS_WHEN_INVOLVED_AND_COVERED) == set(Role)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "status"), STATUS_WHEN_INVOLVED_AND_COVERED.items())
def test_only_casework_roles_of_an_involved_covered_organisation_open_the_page(
    page, role, status, organisation, family, unborn
):
    response = client_for(role, organisation).get(page_url(page, family, unborn))

    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(("role", "status"), STATUS_WHEN_INVOLVED_AND_COVERED.items())
def test_only_casework_roles_of_an_involved_covered_organisation_change_the_household(
    page, role, status, organisation, family, unborn
):
    before = AuditEvent.objects.filter(family_id=family.pk).count()

    response = client_for(role, organisation).post(page_url(page, family, unborn), valid_post(page))

    assert response.status_code == (302 if status == 200 else status)
    changes = AuditEvent.objects.filter(family_id=family.pk).count() - before
    assert changes == (1 if status == 200 else 0)


def an_outsider_organisation(family, situation: str):
    """The user's organisation in each situation where it may not see the family's people."""
    if situation == "not_involved":
        return OrganisationFactory(local_authority=family.local_authority)
    if situation == "another_council":
        return OrganisationFactory()  # a council of its own
    # Involved, but the family shares only its events with this organisation.
    organisation = OrganisationFactory(local_authority=family.local_authority)
    InvolvementFactory(family=family, organisation=organisation)
    ConsentFactory(family=family, scope=Consent.Scope.CHRONOLOGY, organisations=[organisation])
    return organisation


@pytest.mark.parametrize("situation", ["not_involved", "another_council", "events_only"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_nobody_else_finds_the_pages(situation, page, role, family, unborn):
    client = client_for(role, an_outsider_organisation(family, situation))
    url = page_url(page, family, unborn)

    assert client.get(url).status_code == 404
    assert client.post(url, valid_post(page)).status_code == 404
    unborn.refresh_from_db()
    assert unborn.role == Membership.Role.UNBORN
    assert (
        not AuditEvent.objects.filter(
            family_id=family.pk, action__in=[AuditEvent.Action.CREATE, AuditEvent.Action.CHANGE]
        )
        .exclude(record_type__in=["families.involvement", "families.consent"])
        .exists()
    )


def test_someone_not_signed_in_is_sent_to_sign_in(family, unborn):
    response = Client().get(page_url("household-birth", family, unborn))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


# The pages: what they do


@pytest.fixture
def lead_client(lead):
    client = Client()
    sign_in_verified(client, lead)
    return client


def test_the_lead_records_a_birth_and_the_record_shows_the_child(lead_client, family, unborn):
    url = page_url("household-birth", family, unborn)

    response = lead_client.post(url, valid_post("household-birth"), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/staff/families/{family.pk}/#household")
    assert "The birth of Zara Rahman has been recorded" in response.content.decode()
    unborn.refresh_from_db()
    assert unborn.role == Membership.Role.CHILD
    assert unborn.person.due_date is None


def test_a_born_child_has_no_birth_to_record(lead_client, family, child):
    url = reverse("families:household-birth", args=[family.pk, child.person.pk])

    assert lead_client.get(url).status_code == 404


def test_a_person_of_another_household_is_not_found(lead_client, family):
    elsewhere = HouseholdMembershipFactory(role=Membership.Role.UNBORN)
    url = reverse("families:household-birth", args=[family.pk, elsewhere.person.pk])

    assert lead_client.get(url).status_code == 404


def test_the_record_links_to_the_edit_pages_for_those_who_may_edit(lead_client, family, unborn):
    page = lead_client.get(reverse("families:detail", args=[family.pk])).content.decode()

    for name in PAGES:
        assert page_url(name, family, unborn) in page


def test_the_record_shows_no_edit_links_to_those_who_see_only_events(family, unborn):
    organisation = OrganisationFactory(local_authority=family.local_authority)
    InvolvementFactory(family=family, organisation=organisation)
    ConsentFactory(family=family, scope=Consent.Scope.CHRONOLOGY, organisations=[organisation])
    client = client_for(Role.LEAD_PROFESSIONAL, organisation)

    page = client.get(reverse("families:detail", args=[family.pk])).content.decode()

    assert "/household/" not in page


def test_the_record_shows_ethnicity_and_needs(lead_client, family, child):
    child.person.ethnicity = Ethnicity.ASIAN_BANGLADESHI
    child.person.ehc_plan = child.person.send = True
    child.person.save()

    page = lead_client.get(reverse("families:detail", args=[family.pk])).content.decode()

    assert "Asian, Asian British or Asian Welsh: Bangladeshi" in page
    assert "EHC plan" in page


def test_adding_an_unborn_child_needs_a_due_date_not_a_date_of_birth(lead_client, family):
    url = page_url("household-add", family, None)

    response = lead_client.post(
        url, {"role": "unborn", "date_of_birth": "1/1/2020", "sex": "unknown"}
    )

    assert response.status_code == 200
    assert "Enter the due date" in response.content.decode()
    assert "An unborn child has a due date, not a date of birth" in response.content.decode()
    assert not family.members.exists()


def test_an_unborn_child_is_added_with_a_due_date(lead_client, family):
    due = timezone.localdate() + dt.timedelta(days=60)

    response = lead_client.post(
        page_url("household-add", family, None),
        {"role": "unborn", "due_date": due.strftime("%d/%m/%Y"), "sex": "unknown"},
    )

    assert response.status_code == 302
    [membership] = family.members.select_related("person")
    assert (membership.role, membership.person.due_date) == ("unborn", due)


@pytest.mark.parametrize(
    ("page", "field", "limit"),
    [
        ("household-add", "given_name", 100),
        ("household-add", "family_name", 100),
        ("household-birth", "given_name", 100),
        ("household-birth", "family_name", 100),
        ("household-remove", "reason", 1000),
    ],
)
def test_free_text_is_limited(lead_client, family, unborn, page, field, limit):
    url = page_url(page, family, unborn)

    response = lead_client.post(url, {**valid_post(page), field: "x" * (limit + 1)})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert f'maxlength="{limit}"' in lead_client.get(url).content.decode()


def test_an_ehc_plan_without_send_is_an_error_on_the_page(lead_client, family, child):
    url = reverse("families:household-details", args=[family.pk, child.person.pk])

    response = lead_client.post(url, {"ehc_plan": "on", "ethnicity": "not_asked"})

    assert response.status_code == 200
    assert "A child or young person with an EHC plan has SEND" in response.content.decode()
    child.person.refresh_from_db()
    assert child.person.ehc_plan is False


def test_a_user_of_no_organisation_is_not_found(family, unborn):
    client = Client()
    sign_in_verified(client, UserFactory())

    assert client.get(page_url("household-add", family, unborn)).status_code == 404
