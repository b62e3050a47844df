"""Who may use the data protection pages: the data protection officer alone, of their own
council alone. Every page and every form is walked for every role; nothing is stored by a
browser (no-store), and a request of another council is not even acknowledged (404)."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.accounts.models import Role
from familyhub.dataprotection.models import DataProtectionRequest
from familyhub.families.models import Person
from familyhub.frontdoor.models import SupportRequest
from tests.accounts.helpers import sign_in_verified
from tests.dataprotection_factories import (
    ErasureRequestFactory,
    RectificationRequestFactory,
    SubjectAccessRequestFactory,
)
from tests.families_factories import PersonFactory
from tests.frontdoor_factories import SubmittedRequestFactory

pytestmark = pytest.mark.django_db

# Written out here, not read from the code under test: who may use the pages and forms.
ALLOWED = {
    Role.DIRECTORY_EDITOR: False,
    Role.DIRECTORY_MANAGER: False,
    Role.TRIAGE: False,
    Role.LEAD_PROFESSIONAL: False,
    Role.PRACTITIONER: False,
    Role.LOCALITY_MANAGER: False,
    Role.DATA_ANALYST: False,
    Role.DATA_PROTECTION_OFFICER: True,
    Role.ADMINISTRATOR: False,
    Role.SOCIAL_WORKER: False,
}


@dataclass
class Subjects:
    """Something of every state for the surfaces to act on, in the cast's council."""

    person: Person
    front_door: SupportRequest
    received: DataProtectionRequest
    subject_access: DataProtectionRequest
    rectification: DataProtectionRequest
    erasure: DataProtectionRequest


@pytest.fixture
def subjects(council) -> Subjects:
    person = PersonFactory(local_authority=council, given_name="Amina", family_name="Begum")
    return Subjects(
        person=person,
        front_door=SubmittedRequestFactory(
            local_authority=council, status=SupportRequest.Status.SIGNPOSTED
        ),
        received=SubjectAccessRequestFactory(person=person),
        subject_access=SubjectAccessRequestFactory(person=person, approved=True),
        rectification=RectificationRequestFactory(
            person=person, approved=True, approved_fields=["given_name"]
        ),
        erasure=ErasureRequestFactory(person=PersonFactory(local_authority=council), approved=True),
    )


def _new_request(kind: str = DataProtectionRequest.Kind.SUBJECT_ACCESS) -> dict:
    return {
        "kind": kind,
        "requester_name": "Amina Begum",
        "identity_check": DataProtectionRequest.IdentityCheck.PHOTO_ID,
        "received_on": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _pk(name):
    return lambda s: [getattr(s, name).pk]


# Every page (GET: 200 when allowed) and form (POST: 302 when allowed): name, method, URL name,
# its arguments from the Subjects, and what is sent.
SURFACES = {
    "register": ("get", "dataprotection:register", lambda s: [], None),
    "search": ("get", "dataprotection:search", lambda s: [], {"q": "Amina"}),
    "new for a person": ("get", "dataprotection:new-for-person", _pk("person"), None),
    "record for a person": ("post", "dataprotection:new-for-person", _pk("person"), _new_request()),
    "new for a front door request": (
        "get",
        "dataprotection:new-for-front-door",
        _pk("front_door"),
        None,
    ),
    "record for a front door request": (
        "post",
        "dataprotection:new-for-front-door",
        _pk("front_door"),
        _new_request(DataProtectionRequest.Kind.ERASURE),
    ),
    "detail": ("get", "dataprotection:detail", _pk("received"), None),
    "decide": ("post", "dataprotection:decide", _pk("received"), {"decision": "approve"}),
    "subject access copy": ("get", "dataprotection:subject-access", _pk("subject_access"), None),
    "subject access JSON": (
        "get",
        "dataprotection:subject-access-download",
        lambda s: [s.subject_access.pk, "json"],
        None,
    ),
    "subject access CSV": (
        "get",
        "dataprotection:subject-access-download",
        lambda s: [s.subject_access.pk, "csv"],
        None,
    ),
    "rectification form": ("get", "dataprotection:rectify", _pk("rectification"), None),
    "rectify": ("post", "dataprotection:rectify", _pk("rectification"), {"given_name": "Aminah"}),
    "erase": ("post", "dataprotection:erase", _pk("erasure"), {}),
    "mark carried out": ("post", "dataprotection:complete", _pk("subject_access"), {}),
}


def _state(subjects: Subjects) -> tuple:
    """What any form could change: the requests and their states, and the people's names."""
    return (
        sorted(DataProtectionRequest.objects.values_list("pk", "status")),
        sorted(Person.objects.values_list("pk", "given_name")),
    )


def _call(client: Client, surface: str, subjects: Subjects):
    method, name, args, data = SURFACES[surface]
    return getattr(client, method)(reverse(name, args=args(subjects)), data)


def test_every_role_is_checked():
    assert set(ALLOWED) == set(Role)


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize(("role", "allowed"), ALLOWED.items())
def test_only_the_data_protection_officer_may_use_each_page_and_form(
    surface, role, allowed, subjects, staff_in_every_role
):
    client = Client()
    sign_in_verified(client, staff_in_every_role[role])
    before = _state(subjects)

    response = _call(client, surface, subjects)

    method = SURFACES[surface][0]
    if allowed:
        assert response.status_code == (200 if method == "get" else 302)
    else:
        assert response.status_code == 403
        assert _state(subjects) == before
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("surface", SURFACES)
def test_someone_not_signed_in_is_sent_to_sign_in(surface, subjects):
    before = _state(subjects)

    response = _call(Client(), surface, subjects)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))
    assert _state(subjects) == before


# Surfaces about one person or request: another council's officer is told nothing of them.
ABOUT_ONE_RECORD = [name for name in SURFACES if name not in ("register", "search")]


@pytest.mark.parametrize("surface", ABOUT_ONE_RECORD)
def test_another_councils_officer_gets_404(surface, subjects, other_officer):
    client = Client()
    sign_in_verified(client, other_officer)
    before = _state(subjects)

    response = _call(client, surface, subjects)

    assert response.status_code == 404
    assert _state(subjects) == before


def test_another_councils_officer_neither_lists_nor_finds_this_councils(subjects, other_officer):
    client = Client()
    sign_in_verified(client, other_officer)

    register = client.get(reverse("dataprotection:register")).content.decode()
    found = client.get(reverse("dataprotection:search"), {"q": "Amina"}).content.decode()

    assert "Amina" not in register
    assert str(subjects.person.pk) not in found and "Begum" not in found


def test_the_menu_offers_the_register_to_the_data_protection_officer_only(staff_in_every_role):
    register = reverse("dataprotection:register")
    for role, allowed in ALLOWED.items():
        client = Client()
        sign_in_verified(client, staff_in_every_role[role])
        assert (register in client.get(reverse("pages:home")).content.decode()) is allowed, role
