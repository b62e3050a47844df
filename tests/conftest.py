import pytest
from django.core.management import call_command

from familyhub.places.models import Postcode
from familyhub.places.services import postcodes_import

DEMO_LA = "E09000030"


def _ensure_postcodes() -> None:
    if not Postcode.objects.filter(local_authority_code=DEMO_LA).exists():
        postcodes_import(local_authority_codes=[DEMO_LA], letters="E")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds Tower Hamlets' real postcodes (ONSPD), read once per run."""
    with django_db_blocker.unblock():
        _ensure_postcodes()


@pytest.fixture
def postcodes(db):
    """Tower Hamlets' postcodes, reloaded if a transactional (browser) test flushed them."""
    _ensure_postcodes()


@pytest.fixture
def demo_borough(postcodes):
    """The whole synthetic demo borough (localities, hubs, organisations, services)."""
    call_command("load_demo_borough", verbosity=0)
