"""The one way a benchmark chooses its database: never a developer's own.

Every benchmark empties or fills tables, so it runs only on a database whose name contains
"bench": the SQLite file it names when DATABASE_URL is unset, or a PostgreSQL database that is
created if missing. Django is then configured as a production server runs: DEBUG off (no
per-query logging, no debug templates) and a persistent connection.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def configure_database(default_sqlite: str) -> str:
    """Point Django at a bench-only database and say which; refuse anything else.

    Returns the database engine's name.
    """
    import dj_database_url

    url = os.environ.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{REPO / default_sqlite}"
        os.environ["DATABASE_URL"] = url
    config = dj_database_url.parse(url)
    name = str(config.get("NAME") or "")
    if "bench" not in Path(name).name.lower():
        sys.exit(
            f"Refusing to run on database {name!r}: a benchmark empties and fills tables, so it "
            "only runs on a database whose name contains 'bench' (e.g. familyhub_bench)."
        )
    if "postgresql" in config["ENGINE"]:
        create_postgres_database(config)
    # The key only has to exist; nothing is signed.
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    # The benches drive Django's test client over plain HTTP on this machine.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("CONN_MAX_AGE", "600")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "familyhub.settings"
    where = name if "sqlite" in config["ENGINE"] else f"{config.get('HOST')}/{name}"
    print(f"Benchmark database: {config['ENGINE'].rsplit('.', 1)[-1]} {where}")
    return config["ENGINE"]


def create_postgres_database(config: dict) -> None:
    """CREATE DATABASE if missing, through the maintenance database (it cannot run in Django)."""
    import psycopg
    from psycopg import sql

    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"Created PostgreSQL database {config['NAME']}")


# Static files by their plain names: the hashed names need `collectstatic`'s manifest, which the
# benches do not build (a dictionary look-up per file: no difference in time).
PLAIN_STATIC_FILES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def signed_in_client(user):
    """A test client whose session is signed in and verified by a second factor, as staff
    pages ask (after django.setup())."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
