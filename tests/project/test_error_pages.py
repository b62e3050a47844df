"""Error pages: the council's page in the visitor's language, never Django's own or a stack
trace; JSON under /api/."""

import json

import pytest
from django.test import Client, RequestFactory

from familyhub import errors
from familyhub.directory.oruk import api as oruk_api

pytestmark = pytest.mark.urls("tests.project.error_urls")

BRANDING = "<title>{title} – Family Hub – Tower Hamlets Council</title>"


def page(response) -> str:
    return response.content.decode()


def assert_branded(response, status: int, title: str) -> None:
    html = page(response)
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert BRANDING.format(title=title) in html
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in html
    assert "Django" not in html and "Traceback" not in html


@pytest.fixture
def quiet_client() -> Client:
    """A client that gets the 500 page, as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_an_unknown_page_is_the_branded_404(client: Client):
    response = client.get("/no-such-page")

    assert_branded(response, 404, "Page not found")
    assert "If you typed the web address, check it is correct." in page(response)


@pytest.mark.django_db
def test_a_refusal_is_the_branded_403(client: Client):
    assert_branded(client.get("/failing/403"), 403, "You cannot see this page")


@pytest.mark.django_db
def test_a_suspicious_request_is_the_branded_400(client: Client):
    assert_branded(client.get("/failing/400"), 400, "Sorry, there is a problem with your request")


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_is_the_branded_400(client: Client):
    response = client.get("/", headers={"host": "elsewhere.example"})

    assert_branded(response, 400, "Sorry, there is a problem with your request")


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_is_the_branded_403():
    response = Client(enforce_csrf_checks=True).post("/staff/sign-in", {"username": "a@b.c"})

    assert_branded(response, 403, "Sorry, this form could not be sent")
    assert "CSRF" not in page(response)


@pytest.mark.django_db
def test_an_error_in_a_view_is_the_branded_500_with_a_reference(quiet_client: Client):
    response = quiet_client.get("/failing/500", headers={"x-request-id": "support-ref-123"})

    assert_branded(response, 500, "Sorry, there is a problem with the service")
    assert "quote this reference: support-ref-123" in page(response)
    assert "something went wrong inside a view" not in page(response)


def test_the_500_page_needs_no_database():
    """No django_db mark: any query would fail this test. The database may be what broke."""
    request = RequestFactory().get("/anywhere")
    request.request_id = "abc123"

    response = errors.server_error(request)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page(response)
    assert "Tower Hamlets Council" in page(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en-gb", "Page not found"),
        ("bn", "পৃষ্ঠাটি পাওয়া যায়নি"),
        ("so", "Bogga lama helin"),
    ],
)
def test_the_404_page_is_in_the_visitors_language(client: Client, language, heading):
    client.cookies["django_language"] = language

    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert f'<html lang="{language}"' in page(response)
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("bn", "দুঃখিত, পরিষেবাটিতে একটি সমস্যা হয়েছে"),
        ("so", "Waan ka xunnahay, adeegga dhib baa ka jira"),
    ],
)
def test_the_500_page_is_in_the_visitors_language(quiet_client: Client, language, heading):
    quiet_client.cookies["django_language"] = language

    response = quiet_client.get("/failing/500")

    assert response.status_code == 500
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page(response)


# --- The APIs answer in JSON -------------------------------------------------------------------


def assert_json(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/no-such-api", "/api/oruk/no-such-thing"])
def test_an_unknown_api_path_is_a_json_404(client: Client, path):
    assert "detail" in assert_json(client.get(path), 404)


@pytest.mark.django_db
def test_an_error_in_an_api_view_is_a_json_500(quiet_client: Client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # Every list endpoint reads its query string first: that is where this one breaks.
    monkeypatch.setattr(oruk_api, "parse_filters", broken)

    body = assert_json(quiet_client.get("/api/oruk/services"), 500)

    assert body == {"detail": "Server error: the error has been logged."}


@pytest.mark.django_db
def test_an_error_under_api_outside_the_apis_is_json_too(quiet_client: Client):
    assert_json(quiet_client.get("/api/failing/500"), 500)
