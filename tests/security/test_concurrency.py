"""Many staff at once: parallel record reads (each writes its audit event) and parallel autosaves
of one assessment, through real HTTP to a real server, with no 5xx, on SQLite and PostgreSQL.

Each thread has its own signed-in, verified session and sends its request as soon as all the
threads are ready (a barrier), so the requests overlap on the server.

Where the server runs:

- PostgreSQL: pytest-django's `live_server`, a threaded server in this process; every request
  thread opens its own connection to the test database, as gunicorn's workers would.
- SQLite: `live_server` is no use here. The test database is in memory, and Django hands that
  one connection to every thread of the live server (an in-memory database exists only inside
  its connection), so requests queue on one connection and nothing is concurrent. Instead the
  test database is copied to a file and served by `manage.py runserver`, as `make run` serves
  it: its own process, a connection per request thread, and the project's SQLite settings (WAL,
  BEGIN IMMEDIATE, a 20 s busy timeout). Afterwards the file is copied back into the test
  database, so the assertions read what the server wrote.

Autosave conflicts must still be detected: of ten saves that all start from version 1, one is
saved and the other nine get 409 with both versions, never a silent overwrite.
"""

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from familyhub.audit.models import AuditEvent
from familyhub.casework.models import Assessment
from tests.accounts.helpers import sign_in_verified
from tests.casework_factories import AssessmentFactory, EpisodeFactory, TeamMemberFactory
from tests.families_factories import ConsentFactory, FamilyMembershipFactory

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8400, 8410)  # this part's own ports on the shared machine
READS = 20
AUTOSAVES = 10
TIMEOUT = 60


# --- Servers -------------------------------------------------------------------------------------


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def _wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stdout.read()[-3000:]}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


@contextmanager
def sqlite_file_server(tmp_path: Path):
    """The in-memory test database, served from a file by `manage.py runserver`; copied back
    into the test database when the server stops."""
    path = tmp_path / "familyhub.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"sqlite:///{path}",
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(  # noqa: S603 - our own manage.py, no shell
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{url}/accessibility", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)
        with sqlite3.connect(path) as served:
            served.backup(connection.connection)


@pytest.fixture
def server(request, transactional_db, tmp_path):
    """server(): a context manager giving the base URL of a server of the test database as it
    is now (on SQLite the database is copied when the server starts: make the rows first)."""
    if connection.vendor == "sqlite":
        return lambda: sqlite_file_server(tmp_path)
    live_server = request.getfixturevalue("live_server")

    @contextmanager
    def live():
        yield live_server.url

    return live


# --- Sessions ----------------------------------------------------------------------------------


def staff_session(user) -> requests.Session:
    """A browser of its own for `user`: a verified session and a CSRF cookie."""
    client = Client()
    sign_in_verified(client, user)
    browser = requests.Session()
    csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret Django accepts as it is
    browser.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    browser.cookies.set(settings.CSRF_COOKIE_NAME, csrf)
    browser.headers["X-CSRFToken"] = csrf
    # One request per connection: the server's thread (and its database connection) ends with
    # the answer, rather than waiting for the next request of a test that has finished.
    browser.headers["Connection"] = "close"
    return browser


def all_at_once(calls) -> list:
    """Run the calls in parallel threads, released together; their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        barrier.wait(timeout=TIMEOUT)
        try:
            results[index] = call()
        except requests.RequestException as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT * 2)
    return results


def statuses(results) -> Counter:
    return Counter(getattr(result, "status_code", repr(result)) for result in results)


# --- The world ---------------------------------------------------------------------------------


@pytest.fixture
def episode(postcodes, partner_organisation):
    """An open episode of a consenting family, its team big enough for ten editors."""
    episode = EpisodeFactory()
    FamilyMembershipFactory(family=episode.family)
    ConsentFactory(
        family=episode.family, organisations=[episode.lead_organisation, partner_organisation]
    )
    return episode


@pytest.fixture
def editors(episode, partner_organisation) -> list:
    """The lead professional and nine colleagues in the Team Around the Family."""
    team = [
        TeamMemberFactory(episode=episode, organisation=partner_organisation).worker
        for _ in range(AUTOSAVES - 1)
    ]
    return [episode.lead_professional, *team]


# --- The tests ---------------------------------------------------------------------------------


def test_twenty_parallel_record_reads_each_get_the_record_and_each_is_audited(
    server, episode, editors
):
    family = episode.family
    browsers = [staff_session(editors[i % len(editors)]) for i in range(READS)]
    reads = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, family_id=family.pk)
    path = reverse("families:detail", args=[family.pk])
    with server() as url:
        results = all_at_once(
            [lambda b=browser: b.get(url + path, timeout=TIMEOUT) for browser in browsers]
        )
    assert statuses(results) == Counter({200: READS})
    assert reads.count() == READS  # every read written to the trail, none lost to a lock


def test_ten_parallel_autosaves_save_once_and_refuse_nine_as_conflicts(server, episode, editors):
    assessment = AssessmentFactory(episode=episode)
    browsers = [staff_session(editor) for editor in editors]
    path = reverse("casework:assessment-autosave", args=[episode.pk])
    with server() as url:
        results = all_at_once(
            [
                lambda b=browser, n=n: b.post(
                    url + path,
                    data={"base_version": "1", "analysis": f"Editor {n}'s analysis"},
                    timeout=TIMEOUT,
                )
                for n, browser in enumerate(browsers)
            ]
        )
    assert statuses(results) == Counter({200: 1, 409: AUTOSAVES - 1})
    saved = Assessment.objects.get(pk=assessment.pk)
    assert saved.version == 2
    winner = next(n for n, result in enumerate(results) if result.status_code == 200)
    assert saved.analysis == f"Editor {winner}'s analysis"
    conflict = next(result for result in results if result.status_code == 409).json()
    assert conflict["conflict"]["version"] == 2
