"""Settings fail closed: production refuses to start without what it needs, and what it is given
passes Django's deployment checks. Each case runs the real commands in a clean environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from familyhub.monitoring import without_urls

REPO = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "production-like-key-" + "k3y" * 20,
    "ALLOWED_HOSTS": "familyhub.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://familyhub.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def run(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """python ARGS in the repository, with nothing from this test run's environment but PATH."""
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, *args],
        cwd=REPO,
        env={"PATH": os.environ["PATH"], **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_in(**environment: str) -> dict:
    """The settings a process given this environment ends up with."""
    script = """
import json, django, sentry_sdk
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "CONN_MAX_AGE": s.DATABASES["default"]["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": s.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "WHITENOISE_USE_FINDERS": s.WHITENOISE_USE_FINDERS,
    "EMAIL": [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL],
    "SENTRY": sentry_sdk.get_client().is_active(),
    "SENTRY_OPTIONS": {
        key: sentry_sdk.get_client().options.get(key)
        for key in ("send_default_pii", "max_request_body_size", "include_local_variables",
                    "environment", "release")
    },
}))
"""
    result = run("-c", script, DJANGO_SETTINGS_MODULE="familyhub.settings", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Refusing to start -------------------------------------------------------------------------


def assert_refused_for(result: subprocess.CompletedProcess, variable: str) -> None:
    assert result.returncode != 0
    assert f"{variable} is not set: set the {variable} environment variable" in result.stderr
    assert "Traceback" not in result.stderr


def test_without_debug_or_a_secret_key_manage_py_check_refuses_in_one_sentence():
    result = run("manage.py", "check")

    assert_refused_for(result, "SECRET_KEY")
    assert result.stderr.strip().count("\n") == 0


def test_without_allowed_hosts_it_refuses_too():
    assert_refused_for(run("manage.py", "check", SECRET_KEY="x" * 60), "ALLOWED_HOSTS")


def test_runserver_refuses_as_well():
    result = run("manage.py", "runserver", "127.0.0.1:8103", "--noreload")

    assert_refused_for(result, "SECRET_KEY")


def test_gunicorn_refuses_to_load_the_app():
    result = run(
        "-m", "gunicorn", "--check-config", "--config", "gunicorn.conf.py", "familyhub.wsgi"
    )

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stdout + result.stderr


def test_a_developers_machine_needs_only_debug():
    result = run("manage.py", "check", DEBUG="true")

    assert result.returncode == 0, result.stderr


# --- Production settings -----------------------------------------------------------------------


def test_production_settings_pass_the_deployment_checks():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("SECURE_HSTS_SECONDS", "0", "security.W004"),
        ("SECURE_SSL_REDIRECT", "false", "security.W008"),
        ("SECURE_COOKIES", "false", "security.W012"),
    ],
)
def test_turning_a_protection_off_fails_the_deployment_checks(variable, value, warning):
    result = run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        **{variable: value},
    )

    assert result.returncode != 0
    assert warning in result.stderr


def test_production_defaults_and_what_the_environment_sets():
    settings = settings_in(
        **PRODUCTION,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        DEFAULT_FROM_EMAIL="Family Hub <familyhub@example.org>",
    )

    assert settings["DEBUG"] is False
    assert settings["ALLOWED_HOSTS"] == ["familyhub.example.org"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://familyhub.example.org"]
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert settings["SESSION_COOKIE_SECURE"] is settings["CSRF_COOKIE_SECURE"] is True
    assert settings["CONN_MAX_AGE"] == 60 and settings["CONN_HEALTH_CHECKS"] is True
    assert settings["STATICFILES"] == "familyhub.storage.StaticStorage"
    assert settings["WHITENOISE_USE_FINDERS"] is False
    assert settings["EMAIL"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        2525,
        True,
        "Family Hub <familyhub@example.org>",
    ]


def test_a_developers_machine_gets_development_defaults():
    settings = settings_in(DEBUG="true")

    assert settings["SECURE_SSL_REDIRECT"] is False
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert settings["SESSION_COOKIE_SECURE"] is False
    assert settings["SECURE_PROXY_SSL_HEADER"] is None
    assert settings["WHITENOISE_USE_FINDERS"] is True
    assert settings["EMAIL"][0] == "django.core.mail.backends.console.EmailBackend"


# --- Sentry ------------------------------------------------------------------------------------


def test_without_a_dsn_sentry_is_not_started():
    assert settings_in(**PRODUCTION)["SENTRY"] is False


def test_with_a_dsn_sentry_starts_without_personal_data():
    settings = settings_in(
        **PRODUCTION,
        SENTRY_DSN="https://public@sentry.example.invalid/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="abc123",
    )

    assert settings["SENTRY"] is True
    assert settings["SENTRY_OPTIONS"] == {
        "send_default_pii": False,
        "max_request_body_size": "never",
        "include_local_variables": False,
        "environment": "staging",
        "release": "abc123",
    }


def test_events_for_sentry_lose_the_url_and_query_string():
    event = {
        "transaction": "/request-support/<str:token>/who",
        "request": {"url": "https://x/request-support/secret/who", "query_string": "a=1"},
    }

    assert without_urls(event, {})["request"] == {}
    assert event["transaction"] == "/request-support/<str:token>/who"


# --- Logs --------------------------------------------------------------------------------------


def test_logs_are_json_lines_on_stdout():
    code = "import logging; logging.getLogger('familyhub.check').warning('to stdout')"

    result = run("manage.py", "shell", "-c", code, DEBUG="true")

    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert (line["logger"], line["level"], line["message"]) == (
        "familyhub.check",
        "WARNING",
        "to stdout",
    )
    assert result.stderr == ""
