"""While the database cannot be reached (a PostgreSQL restart) pages answer 503 with Retry-After
and the council's page in the visitor's language, JSON under /api/; any other failure, a
deadlock included, is still the 500."""

import json

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from familyhub import errors
from tests.project.unavailable_urls import STILL_500, UNREACHABLE

pytestmark = pytest.mark.urls("tests.project.unavailable_urls")

BRANDING = "<title>Sorry, the service is unavailable – Family Hub – Tower Hamlets Council</title>"


@pytest.fixture
def quiet_client() -> Client:
    """A client that gets the error page, as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.parametrize("failure", sorted(UNREACHABLE))
def test_an_unreachable_database_is_the_branded_503(quiet_client: Client, failure):
    response = quiet_client.get(f"/failing/{failure}", headers={"x-request-id": "outage-42"})

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("text/html")
    assert BRANDING in html
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in html
    assert "outage-42" in html
    assert "Traceback" not in html and "Django" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("failure", sorted(UNREACHABLE))
def test_an_unreachable_database_under_api_is_a_json_503(quiet_client: Client, failure):
    response = quiet_client.get(f"/api/failing/{failure}")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": "Service unavailable: try again later."}


@pytest.mark.django_db
@pytest.mark.parametrize("failure", sorted(STILL_500))
def test_other_failures_are_still_the_500(quiet_client: Client, failure):
    page = quiet_client.get(f"/failing/{failure}")
    api = quiet_client.get(f"/api/failing/{failure}")

    assert page.status_code == 500
    assert "Retry-After" not in page
    assert "Sorry, there is a problem with the service" in page.content.decode()
    assert api.status_code == 500
    assert json.loads(api.content) == {"detail": "Server error: the error has been logged."}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("bn", "দুঃখিত, পরিষেবাটি এখন পাওয়া যাচ্ছে না"),
        ("so", "Waan ka xunnahay, adeeggu hadda ma shaqaynayo"),
    ],
)
def test_the_503_page_is_in_the_visitors_language(quiet_client: Client, language, heading):
    quiet_client.cookies["django_language"] = language

    response = quiet_client.get("/failing/refused")

    assert response.status_code == 503
    assert f'<html lang="{language}"' in response.content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


def test_the_503_page_needs_no_database():
    """No django_db mark: any query would fail this test. The database is what is away."""
    request = RequestFactory().get("/anywhere")
    request.request_id = "abc123"

    with translation.override("en-gb"):
        response = errors.service_unavailable(request)

    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()
    assert "abc123" in response.content.decode()


def test_a_whole_request_during_an_outage_asks_nothing_of_the_database(quiet_client: Client):
    """No django_db mark either: the middleware, the view's failure and the 503 page together
    make no query (a session or user looked up would fail the test)."""
    response = quiet_client.get("/failing/refused")

    assert response.status_code == 503
