import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds Tower Hamlets' real postcodes (ONSPD), read once per run."""
    from familyhub.places.services import postcodes_import

    with django_db_blocker.unblock():
        postcodes_import(local_authority_codes=["E09000030"], letters="E")


@pytest.fixture
def demo_borough(db):
    """The whole synthetic demo borough (localities, hubs, organisations, services)."""
    call_command("load_demo_borough", verbosity=0)
