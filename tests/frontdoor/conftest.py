"""A family's way through /request-support/, as plain Django client steps."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyhub.frontdoor.models import SupportRequest
from familyhub.frontdoor.services import front_door_set_up
from tests.factories import LocalAuthorityFactory

POSTCODE = "E1 0AA"  # a live Tower Hamlets postcode in every test database (tests/conftest.py)


@pytest.fixture
def council(postcodes):
    return LocalAuthorityFactory()


@pytest.fixture
def continuum(council):
    """The council's continuum of needs and triage timers: the standard four levels."""
    front_door_set_up(local_authority=council)


def date_parts(prefix: str, day: dt.date | None = None, *, raw=None) -> dict[str, str]:
    if raw is not None:
        d, m, y = raw
    else:
        d, m, y = day.day, day.month, day.year
    return {f"{prefix}_day": str(d), f"{prefix}_month": str(m), f"{prefix}_year": str(y)}


def url(draft: SupportRequest, name: str, **kwargs) -> str:
    return reverse(f"frontdoor:{name}", kwargs={"token": draft.resume_token, **kwargs})


def start(client: Client, asker: str = "parent") -> SupportRequest:
    response = client.post(reverse("frontdoor:who_new"), {"asker": asker})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SupportRequest.objects.latest("created")


def post_ok(client: Client, path: str, data: dict) -> str:
    """POST an answer that must be accepted; return where it leads."""
    response = client.post(path, data)
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def add_child(client: Client, draft: SupportRequest, given="Amira", born=None) -> str:
    born = born or timezone.localdate() - dt.timedelta(days=365 * 4)
    return post_ok(
        client,
        url(draft, "person_add", role="child"),
        {"given_name": given, "family_name": "Begum", **date_parts("date_of_birth", born)},
    )


def answer_everything(client: Client, *, email: str = "sam@example.org") -> SupportRequest:
    """Every question answered, ready for check your answers."""
    draft = start(client)
    add_child(client, draft)
    post_ok(client, url(draft, "people"), {"add_another": "no"})
    post_ok(client, url(draft, "worries"), {"worries": "My son does not sleep and I am tired."})
    post_ok(client, url(draft, "help"), {"help": ["parenting", "money"]})
    post_ok(client, url(draft, "safety"), {"at_risk": "no"})
    post_ok(
        client,
        url(draft, "address"),
        {"address_1": "1 Example Street", "city": "London", "postcode": POSTCODE},
    )
    post_ok(
        client,
        url(draft, "contact"),
        {"contact_name": "Sam Begum", "contact_method": "email", "email": email},
    )
    post_ok(client, url(draft, "language"), {"language": "bn", "interpreter": "no"})
    post_ok(client, url(draft, "sharing"), {"consent": "yes"})
    draft.refresh_from_db()
    return draft


def submission_key(client: Client, draft: SupportRequest) -> str:
    response = client.get(url(draft, "check"))
    assert response.status_code == 200
    draft.refresh_from_db()
    return str(draft.submission_key)
