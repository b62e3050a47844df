"""Logs: one JSON line per record, each with its request's id, naming no one."""

import json
import logging
import sys

import pytest
from django.test import Client

from familyhub.frontdoor.models import SupportRequest
from familyhub.logs import JsonFormatter, RequestPathFilter, request_id_var, sign_in_attempt_label

pytestmark = pytest.mark.django_db

SECRET_LINK_TOKEN = "s3cr3t-family-link-token-0123456789abcdef"


def formatted(record: logging.LogRecord) -> dict:
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def a_record(message: str = "hello %s", *args, **attributes) -> logging.LogRecord:
    record = logging.LogRecord("familyhub.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(attributes)
    return record


def test_a_record_is_one_json_line_with_its_fields():
    line = formatted(a_record("hello %s", "world", route="/find", status=200))

    assert line["level"] == "WARNING"
    assert line["logger"] == "familyhub.test"
    assert line["message"] == "hello world"
    assert line["route"] == "/find" and line["status"] == 200
    assert line["time"].endswith("+00:00")


def test_a_record_carries_the_id_of_the_request_being_served():
    token = request_id_var.set("req-42")
    try:
        assert formatted(a_record())["request_id"] == "req-42"
    finally:
        request_id_var.reset(token)
    assert formatted(a_record())["request_id"] is None


def test_an_exception_stays_on_the_line():
    record = a_record()
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record.exc_info = sys.exc_info()

    assert "ValueError: broken\nacross lines" in formatted(record)["exception"]


def test_gunicorns_access_line_gives_its_fields_and_request_id():
    atoms = {"m": "GET", "s": "200", "M": 12, "B": 512, "{x-request-id}o": "abc"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(m)s %(s)s", (), None)
    record.args = atoms

    line = formatted(record)

    assert line["message"] == "GET 200"
    assert (line["method"], line["status"], line["duration_ms"], line["bytes"]) == (
        "GET",
        "200",
        12,
        512,
    )
    assert line["request_id"] == "abc"


def test_a_request_is_logged_once_with_its_route_not_its_path(client: Client, caplog):
    caplog.set_level(logging.INFO)
    path = f"/request-support/{SECRET_LINK_TOKEN}/who?postcode=E1+6AN"

    response = client.get(path, headers={"x-request-id": "trace-me"})

    request_lines = [r for r in caplog.records if r.name == "familyhub.request"]
    assert len(request_lines) == 1
    line = formatted(request_lines[0])
    assert line["route"] == "/request-support/<str:token>/who"
    assert line["status"] == response.status_code
    assert line["request_id"] == "trace-me"
    everything = "\n".join(JsonFormatter().format(record) for record in caplog.records)
    assert SECRET_LINK_TOKEN not in everything
    assert "E1" not in everything


def test_djangos_not_found_line_names_the_route_not_the_path(client: Client, caplog):
    assert not SupportRequest.objects.filter(resume_token=SECRET_LINK_TOKEN).exists()

    client.get(f"/request-support/{SECRET_LINK_TOKEN}/who")

    [not_found] = [r for r in caplog.records if r.name == "django.request"]
    assert not_found.getMessage() == "Not Found: /request-support/<str:token>/who"
    assert formatted(not_found)["request_id"]


def test_the_path_filter_leaves_other_lines_alone():
    record = a_record("Not Found: %s", "/x")

    assert RequestPathFilter().filter(record)
    assert record.getMessage() == "Not Found: /x"


def test_sign_in_attempts_are_logged_without_the_email_or_address():
    label = sign_in_attempt_label("someone@example.org", "192.0.2.1", "Firefox", "/staff/", None)

    assert "someone" not in label and "192.0.2.1" not in label
