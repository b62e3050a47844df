"""The address staff emails link to, where a background job has no request to ask for its host:
the site's first host name over HTTPS, unless SITE_URL says otherwise."""

from tests.project.test_production_settings import PRODUCTION, run

SCRIPT = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"


def site_url(**environment: str) -> str:
    result = run("-c", SCRIPT, DJANGO_SETTINGS_MODULE="familyhub.settings", **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_links_to_its_first_host_over_https():
    assert site_url(**PRODUCTION) == "https://familyhub.example.org"


def test_site_url_is_taken_as_set_without_a_trailing_slash():
    assert site_url(**PRODUCTION, SITE_URL="https://hub.council.gov.uk/") == (
        "https://hub.council.gov.uk"
    )


def test_a_developers_machine_links_to_the_development_server():
    assert site_url(DEBUG="true") == "http://127.0.0.1:8000"
