from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command

from familyhub.directory.models import Language
from familyhub.places.models import Postcode
from familyhub.places.services import postcodes_import
from tests.accounts.helpers import sign_in_verified

DEMO_LA = "E09000030"
reference_data = import_module("familyhub.directory.migrations.0002_reference_data")


def _ensure_postcodes() -> None:
    """Put back what a transactional (browser) test's flush removed: postcodes, reference data."""
    if not Postcode.objects.filter(local_authority_code=DEMO_LA).exists():
        postcodes_import(local_authority_codes=[DEMO_LA], letters="E")
    if not Language.objects.exists():
        reference_data.load_reference_data(apps, None)


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
