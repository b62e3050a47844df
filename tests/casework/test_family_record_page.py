"""The family record as a working page (casework/views/family_record.py): how to contact the
family, their language and whether they need an interpreter, their own words from each request
joined to them, and the open episode with its lead and next review, each within the consent
rules. The lead professional, who could not open the triage detail, can now reach the family.

The expectations are written out here, not read from the code under test.
"""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.html import escape

from familyhub.accounts.models import Role
from familyhub.audit.models import AuditEvent
from familyhub.families.models import Consent
from familyhub.families.selectors import record_viewers
from tests.accounts.helpers import sign_in_verified as sign_in
from tests.casework_factories import EpisodeFactory
from tests.factories import LanguageFactory, MembershipFactory, OrganisationFactory
from tests.families_factories import ConsentFactory, FamilyFactory, InvolvementFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

PHONE = "020 7946 0777"
WORDS = "My son has stopped sleeping since we moved to the hostel."
OLD_PHONE = "020 7946 0111"
NEXT_REVIEW = dt.date(2027, 2, 3)

# What each role, at an organisation working with the family and sharing its whole record,
# sees of the new parts: "all" = contact details, the family's words and the episode;
# "not found" = no record at all (404).
ROLE_SEES = {
    "directory_editor": "not found",
    "directory_manager": "not found",
    "triage": "all",
    "lead_professional": "all",
    "practitioner": "all",
    "locality_manager": "all",
    "data_analyst": "not found",
    "data_protection_officer": "not found",
    "administrator": "not found",
    "social_worker": "not found",
}

# What the lead professional sees under each consent given to their organisation.
SHARING_SHOWS = {
    Consent.Scope.WHOLE_RECORD: {"contact": True, "words": True, "episode": True},
    Consent.Scope.CONTACT_DETAILS: {"contact": True, "words": False, "episode": True},
    Consent.Scope.CHRONOLOGY: {"contact": False, "words": False, "episode": False},
}


def family_with_request_and_episode(organisation, *, scope=Consent.Scope.WHOLE_RECORD):
    """A family the organisation works with, sharing `scope`: two requests joined to it (the
    newer asks for a phone call in Somali with an interpreter) and an open episode."""
    family = FamilyFactory(name="Warsame")
    InvolvementFactory(family=family, organisation=organisation)
    ConsentFactory(family=family, scope=scope, organisations=[organisation])
    somali = LanguageFactory(code="so", name="Somali")
    SubmittedRequestFactory(
        family=family, local_authority=family.local_authority, phone=OLD_PHONE, hours_ago=24 * 90
    )
    newest = SubmittedRequestFactory(
        family=family,
        local_authority=family.local_authority,
        phone=PHONE,
        worries=WORDS,
        language=somali,
        interpreter=True,
    )
    lead = MembershipFactory(organisation=organisation, role=Role.LEAD_PROFESSIONAL).user
    episode = EpisodeFactory(
        family=family,
        lead_organisation=organisation,
        lead_professional=lead,
        next_review_due=NEXT_REVIEW,
    )
    return family, newest, episode


def shown(content: str, episode) -> dict[str, bool]:
    return {
        "contact": PHONE in content,
        "words": WORDS in content,
        "episode": f"/staff/casework/{episode.pk}/" in content,
    }


def test_the_matrix_names_every_role():
    assert set(ROLE_SEES) == {role.value for role in Role}


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_each_role_sees_the_working_parts_of_the_record_or_no_record(client, role):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation)
    user = MembershipFactory(organisation=organisation, role=role).user
    InvolvementFactory(family=family, organisation=organisation, worker=user)
    sign_in(client, user)

    response = client.get(f"/staff/families/{family.pk}/")

    if ROLE_SEES[role] == "not found":
        assert response.status_code == 404
        assert PHONE not in response.content.decode()
    else:
        assert response.status_code == 200
        assert shown(response.content.decode(), episode) == {
            "contact": True,
            "words": True,
            "episode": True,
        }


@pytest.mark.parametrize("scope", list(SHARING_SHOWS))
def test_what_the_lead_sees_follows_the_family_s_consent(client, scope):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation, scope=scope)
    sign_in(client, episode.lead_professional)

    response = client.get(f"/staff/families/{family.pk}/")

    assert response.status_code == 200
    assert shown(response.content.decode(), episode) == SHARING_SHOWS[scope]


def test_the_lead_professional_can_contact_the_family_as_they_asked(client):
    organisation = OrganisationFactory()
    family, newest, episode = family_with_request_and_episode(organisation)
    sign_in(client, episode.lead_professional)

    content = client.get(f"/staff/families/{family.pk}/").content.decode()

    assert f'href="tel:{PHONE.replace(" ", "")}"' in content
    assert OLD_PHONE not in content  # the newest request says how to reach them now
    assert "Phone call" in content
    assert escape(newest.contact_name) in content  # as the page shows it: "O&#x27;Connor"
    assert "Somali" in content and "Needs an interpreter" in content
    assert f"As the family asked in request {newest.reference}" in content


def test_the_family_s_words_from_every_request_are_shown_newest_first(client):
    organisation = OrganisationFactory()
    family, newest, episode = family_with_request_and_episode(organisation)
    older = family.requests.exclude(pk=newest.pk).get()
    sign_in(client, episode.lead_professional)

    content = client.get(f"/staff/families/{family.pk}/").content.decode()

    assert content.index(f"Request {newest.reference}") < content.index(
        f"Request {older.reference}"
    )


def test_the_open_episode_names_its_lead_and_next_review(client):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation)
    sign_in(client, episode.lead_professional)

    content = client.get(f"/staff/families/{family.pk}/").content.decode()

    assert escape(episode.lead_professional.get_full_name()) in content
    assert "3 Feb 2027" in content
    assert "Go to the early help episode" in content


def test_a_family_without_requests_or_episode_says_so(client):
    organisation = OrganisationFactory()
    family = FamilyFactory()
    lead = MembershipFactory(organisation=organisation, role=Role.LEAD_PROFESSIONAL).user
    InvolvementFactory(family=family, organisation=organisation, worker=lead)
    ConsentFactory(family=family, organisations=[organisation])
    sign_in(client, lead)

    content = client.get(f"/staff/families/{family.pk}/").content.decode()

    assert "No request for help is joined to this family" in content
    assert "The family has no open early help episode." in content


def test_a_closed_episode_is_not_shown_as_open(client):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation)
    episode.status = episode.Status.CLOSED
    episode.closed_on = timezone.localdate()
    episode.save()
    sign_in(client, episode.lead_professional)

    content = client.get(f"/staff/families/{family.pk}/").content.decode()

    assert "The family has no open early help episode." in content


@pytest.mark.parametrize(
    "scope, requests_audited",
    [
        (Consent.Scope.WHOLE_RECORD, 2),
        (Consent.Scope.CONTACT_DETAILS, 2),
        (Consent.Scope.CHRONOLOGY, 0),  # nothing of the requests is read, so nothing audited
    ],
)
def test_each_request_shown_is_audited_with_the_view(client, scope, requests_audited):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation, scope=scope)
    lead = episode.lead_professional
    sign_in(client, lead)

    client.get(f"/staff/families/{family.pk}/")

    views = AuditEvent.objects.filter(
        actor=lead, action=AuditEvent.Action.VIEW, family_id=family.pk
    )
    assert views.filter(record_type="families.family").count() == 1
    assert views.filter(record_type="frontdoor.supportrequest").count() == requests_audited


def test_the_record_lists_each_view_once_though_the_trail_has_its_requests_too(client):
    organisation = OrganisationFactory()
    family, _, episode = family_with_request_and_episode(organisation)
    sign_in(client, episode.lead_professional)

    client.get(f"/staff/families/{family.pk}/")

    assert AuditEvent.objects.filter(family_id=family.pk).count() == 3  # the family, 2 requests
    assert [event.record_type for event in record_viewers(family)] == ["families.family"]
