import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from urllib.parse import quote

import pytest
from django.db import connection

from tests.factories import LocalAuthorityFactory
from tests.notifications.mail_server import MailServer, free_port


@pytest.fixture
def council(postcodes):
    return LocalAuthorityFactory()


@pytest.fixture
def smtp_port(settings) -> int:
    """A loopback port of this part's that Django's SMTP backend sends to; nothing listens yet."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


@pytest.fixture
def mail_server_on() -> Iterator[Callable[[int], MailServer]]:
    """mail_server_on(port): a real SMTP server listening there from now on, stopped after."""
    started: list[MailServer] = []

    def start(port: int) -> MailServer:
        started.append(MailServer(port).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def shared_database_url(transactional_db, tmp_path) -> Iterator[str]:
    """This test's database where other connections reach it too: its DATABASE_URL.

    PostgreSQL's test database is there already, by name. SQLite's is in this process's memory,
    where another process cannot reach it and other threads share a cache that refuses, rather
    than waits for, a second writer: it is copied to a file, which this process's connection
    uses for the test, WAL and busy timeout included, as the web server and worker share one.
    """
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, password = quote(settings["USER"] or ""), quote(settings["PASSWORD"] or "")
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
        yield f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"
        return
    path = tmp_path / "jobs.sqlite3"
    connection.ensure_connection()
    memory, memory_name = connection.connection, settings["NAME"]
    with closing(sqlite3.connect(path)) as file:
        memory.backup(file)
    connection.connection, settings["NAME"] = None, str(path)
    try:
        yield f"sqlite:///{path}"
    finally:
        connection.close()
        connection.connection, settings["NAME"] = memory, memory_name
