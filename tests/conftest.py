"""Fixtures for the whole suite: the test database's reference data, fast password hashing, and
THE named cast of staff every test module shares.

The cast works in one council (`council`, Tower Hamlets):

    council_organisation   the council's Early Help service: front door, hub team, managers
      triage_officer       front door triage (the multi-agency access team)
      locality_manager     oversees every episode in the council; queries the audit trail
      directory_manager    approves organisations, watches for stale entries
      administrator        runs the system; no individual records
      analyst              reads figures; no individual records
    lead_organisation      Health visiting
      lead_professional
    partner_organisation   Bright Start Primary School
      partner_practitioner
      directory_editor     keeps the school's services in the directory up to date
    outsider_organisation  Riverside Youth Club, never involved with any family here
      outsider             a lead professional there

`staff_in_every_role` gives one member of the council's Early Help service per role, for
access-matrix tests that walk them all. The families, episodes and requests they work on come
from the state factories (tests/*_factories.py) and the fixtures of each app's conftest.
"""

from collections.abc import Iterator
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from familyhub.accounts.models import Role
from familyhub.directory.models import Language
from familyhub.notifications import notify
from familyhub.places.models import Postcode
from familyhub.places.services import postcodes_import
from tests.accounts.helpers import sign_in_verified
from tests.factories import LocalAuthorityFactory, OrganisationFactory, StaffFactory

DEMO_LA = "E09000030"
reference_data = import_module("familyhub.directory.migrations.0002_reference_data")


def _ensure_postcodes() -> None:
    """Put back what a transactional (browser) test's flush removed: postcodes, reference data."""
    if not Postcode.objects.filter(local_authority_code=DEMO_LA).exists():
        postcodes_import(local_authority_codes=[DEMO_LA], letters="E")
    if not Language.objects.exists():
        reference_data.load_reference_data(apps, None)


@pytest.fixture(autouse=True)
def fake_notify() -> list[notify.FakeMessage]:
    """The messages to families and staff "sent" in this test, by email or text, as FakeNotify
    (the tests' backend, tests/settings.py) recorded them: empty at the start of each test."""
    notify.fake_sent.clear()
    return notify.fake_sent


@pytest.fixture(autouse=True)
def english_to_begin_with() -> Iterator[None]:
    """Every test starts in the default language. LocaleMiddleware leaves the language of a
    test's last request (Bengali, Somali) active in the worker's thread, where the next test's
    messages built outside a request would otherwise pick it up."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories give every user a password, and the real hasher's slowness is for attackers:
    tests hash with MD5 (never production). The project's hashers stay listed after it, so a
    hash made elsewhere (a subprocess, the demo's own) still checks."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds Tower Hamlets' real postcodes (ONSPD), read once per run."""
    with django_db_blocker.unblock():
        _ensure_postcodes()


@pytest.fixture
def postcodes(db):
    """Tower Hamlets' postcodes and the reference data, even after a browser test's flush."""
    _ensure_postcodes()


@pytest.fixture
def demo_borough(postcodes):
    """The whole synthetic demo borough (localities, hubs, organisations, services) and its
    front door (levels of need, triage timers)."""
    call_command("load_demo_borough", verbosity=0)
    call_command("load_demo_frontdoor", verbosity=0)


@pytest.fixture
def staff_sign_in(client):
    """staff_sign_in(user): sign a member of staff in on `client`, session already verified with
    an authenticator code (every /staff/ page needs that). Returns their TOTP device.

    Elsewhere (another Client, a browser) use tests.accounts.helpers.sign_in_verified or
    verified_session_cookie.
    """

    def sign_in(user):
        return sign_in_verified(client, user)

    return sign_in


# --- The cast ------------------------------------------------------------------------------------


@pytest.fixture
def council(db):
    return LocalAuthorityFactory()


@pytest.fixture
def council_organisation(council):
    return OrganisationFactory(name="Early Help service", local_authority=council)


@pytest.fixture
def lead_organisation(council):
    return OrganisationFactory(name="Health visiting", local_authority=council)


@pytest.fixture
def partner_organisation(council):
    return OrganisationFactory(name="Bright Start Primary School", local_authority=council)


@pytest.fixture
def outsider_organisation(council):
    return OrganisationFactory(name="Riverside Youth Club", local_authority=council)


@pytest.fixture
def social_care_organisation(council):
    return OrganisationFactory(name="Children's Social Care", local_authority=council)


@pytest.fixture
def social_worker(social_care_organisation):
    return StaffFactory(organisation=social_care_organisation, role=Role.SOCIAL_WORKER)


@pytest.fixture
def triage_officer(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.TRIAGE)


@pytest.fixture
def locality_manager(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.LOCALITY_MANAGER)


@pytest.fixture
def directory_manager(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.DIRECTORY_MANAGER)


@pytest.fixture
def administrator(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.ADMINISTRATOR)


@pytest.fixture
def analyst(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.DATA_ANALYST)


@pytest.fixture
def data_protection_officer(council_organisation):
    return StaffFactory(organisation=council_organisation, role=Role.DATA_PROTECTION_OFFICER)


@pytest.fixture
def lead_professional(lead_organisation):
    return StaffFactory(organisation=lead_organisation, role=Role.LEAD_PROFESSIONAL)


@pytest.fixture
def partner_practitioner(partner_organisation):
    return StaffFactory(organisation=partner_organisation, role=Role.PRACTITIONER)


@pytest.fixture
def directory_editor(partner_organisation):
    return StaffFactory(organisation=partner_organisation, role=Role.DIRECTORY_EDITOR)


@pytest.fixture
def outsider(outsider_organisation):
    return StaffFactory(organisation=outsider_organisation, role=Role.LEAD_PROFESSIONAL)


@pytest.fixture
def staff_in_every_role(council_organisation) -> dict:
    """{role: a member of the council's Early Help service holding only that role}."""
    return {role: StaffFactory(organisation=council_organisation, role=role) for role in Role}
