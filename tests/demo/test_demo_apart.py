"""The demo stays apart from production.

Production does not install the demo app (settings add it only when FAMILYHUB_DEMO is on), the
loaders refuse to run without the switch even where the app is installed, and no demo account or
published secret exists in a database that the demo loader did not make.
"""

import os
import sqlite3
import subprocess
import sys
from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyhub.accounts.models import User
from familyhub.demo.accounts import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_accounts
from familyhub.demo.frontdoor import load_demo_frontdoor
from familyhub.frontdoor.models import NeedLevel
from familyhub.places.models import LocalAuthority
from tests.factories import LocalAuthorityFactory
from tests.test_architecture import imported_apps

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "familyhub"
DEMO = PACKAGE / "demo"
# The published secret as the database stores it (django-otp keeps the key in hex).
DEMO_KEY_HEX = b32decode(DEMO_TOTP_SECRET).hex()
DEMO_EMAILS = {account.email for account in demo_accounts()}


def demo_traces(users: list[tuple[str, str]], device_keys: list[str]) -> set[str]:
    """What of the demo a database holds, from its (email, password hash) and TOTP keys."""
    traces = set()
    for email, password in users:
        if email in DEMO_EMAILS:
            traces.add(f"demo account {email}")
        if check_password(DEMO_PASSWORD, password):
            traces.add(f"{email} has the demo password")
    if DEMO_KEY_HEX in device_keys:
        traces.add("an authenticator device with the published secret")
    return traces


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    """manage.py as production runs it: a clean environment with no FAMILYHUB_DEMO, DEBUG off,
    nothing inherited from the test run (pytest-django points DJANGO_SETTINGS_MODULE at tests)."""
    environment = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "a-production-like-key-for-this-test-only",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "localhost",
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def production_database(tmp_path_factory) -> Path:
    """A fresh SQLite database made by `manage.py migrate` alone, without the demo switch."""
    database = tmp_path_factory.mktemp("production") / "familyhub.sqlite3"
    result = manage("migrate", "--no-input", database=database)
    assert result.returncode == 0, result.stderr
    return database


# The switch


@pytest.mark.parametrize("command", ["load_demo_borough", "load_demo_frontdoor"])
def test_without_the_switch_production_has_no_demo_commands(production_database, command):
    result = manage(command, database=production_database)

    assert result.returncode != 0
    assert f"Unknown command: '{command}'" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["load_demo_borough", "load_demo_frontdoor"])
def test_the_loaders_refuse_when_the_switch_is_off(settings, command):
    settings.FAMILYHUB_DEMO = False

    with pytest.raises(CommandError, match="The demo is switched off.*FAMILYHUB_DEMO=true"):
        call_command(command, verbosity=0)

    assert not LocalAuthority.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_front_door_loader_refuses_when_called_directly_with_the_switch_off(settings):
    council = LocalAuthorityFactory()
    settings.FAMILYHUB_DEMO = False

    with pytest.raises(CommandError, match="switched off"):
        load_demo_frontdoor(council)

    assert not NeedLevel.objects.exists()


# A production database


def test_a_database_made_by_migrations_alone_has_no_demo_account(production_database):
    with sqlite3.connect(production_database) as connection:
        users = connection.execute("SELECT email, password FROM accounts_user").fetchall()
        keys = [key for (key,) in connection.execute("SELECT key FROM otp_totp_totpdevice")]

    assert demo_traces(users, keys) == set()


@pytest.mark.django_db
def test_the_test_database_before_the_demo_loads_has_no_demo_account():
    users = list(User.objects.values_list("email", "password"))
    keys = list(TOTPDevice.objects.values_list("key", flat=True))

    assert demo_traces(users, keys) == set()


def test_the_same_check_finds_every_demo_account_once_the_demo_loads(demo_borough):
    users = list(User.objects.values_list("email", "password"))
    keys = list(TOTPDevice.objects.values_list("key", flat=True))

    traces = demo_traces(users, keys)

    assert {f"demo account {email}" for email in DEMO_EMAILS} <= traces
    assert "directory.manager@example.org has the demo password" in traces
    assert "an authenticator device with the published secret" in traces


# The code


def files_holding(folder: Path, secrets: list[str], skip: Path | None = None) -> set[str]:
    """Every file under folder (skip excepted) whose bytes hold one of the secrets."""
    found = set()
    for path in folder.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if skip and path.is_relative_to(skip):
            continue
        content = path.read_bytes()
        if any(secret.encode() in content for secret in secrets):
            found.add(str(path.relative_to(folder)))
    return found


def test_no_module_or_migration_outside_the_demo_holds_its_secrets():
    secrets = [DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_KEY_HEX]

    assert files_holding(PACKAGE, secrets, skip=DEMO) == set()
    # The search does find them where they are.
    assert "accounts.py" in files_holding(DEMO, secrets)
    assert any(PACKAGE.glob("*/migrations/0001_initial.py"))


def test_nothing_outside_the_demo_imports_it():
    importers = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if not path.is_relative_to(DEMO) and "demo" in imported_apps(path.read_text())
    ]

    assert importers == []
