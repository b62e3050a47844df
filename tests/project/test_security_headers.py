"""What every answer says to the browser: the content security policy and the other security
headers, no-store on personal data, HTTPS, and the request id."""

import re

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, set[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: set(values)
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_pages_forbid_inline_scripts_and_styles(client: Client):
    policy = directives(client.get("/"))

    assert policy["default-src"] == {"'self'"}
    assert policy["script-src"] == {"'self'"}
    assert policy["style-src"] == {"'self'"}
    assert policy["object-src"] == {"'none'"}
    assert policy["frame-ancestors"] == {"'none'"}
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_the_other_security_headers(client: Client):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https(client: Client):
    response = client.get("/find?postcode=E1+1BB")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/find?postcode=E1+1BB"


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_a_proxy_its_https_header_is_believed(client: Client):
    response = client.get("/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


# --- No copies of personal data ----------------------------------------------------------------


def assert_no_store(response) -> None:
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/staff/sign-in",  # the sign-in page itself
        "/staff/families/",  # a redirect to sign in
        "/staff/no-such-page",  # an error page
        "/api/families/",  # the API's 401
    ],
)
def test_staff_and_family_record_answers_are_never_stored(client: Client, path):
    assert_no_store(client.get(path))


def test_a_signed_in_staff_page_is_never_stored(client: Client, staff_sign_in, lead_professional):
    staff_sign_in(lead_professional)

    response = client.get("/staff/families/")

    assert response.status_code == 200
    assert_no_store(response)


def test_a_signed_in_api_answer_is_never_stored(client: Client, staff_sign_in, lead_professional):
    staff_sign_in(lead_professional)

    response = client.get("/api/families/")

    assert response.status_code == 200
    assert_no_store(response)


def test_public_pages_may_be_cached(client: Client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


# --- The request id ----------------------------------------------------------------------------


def test_each_answer_carries_a_new_request_id(client: Client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_a_well_formed_incoming_request_id_is_kept(client: Client):
    response = client.get("/", headers={"x-request-id": "lb-7f3a.91_e"})

    assert response["X-Request-ID"] == "lb-7f3a.91_e"


@pytest.mark.parametrize("incoming", ["", "a b", 'x"}\n{"forged": 1', "x" * 129, "ünï"])
def test_a_malformed_incoming_request_id_is_replaced(client: Client, incoming):
    response = client.get("/", headers={"x-request-id": incoming})

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
