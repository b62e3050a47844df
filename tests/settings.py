"""Settings for the test suite: production settings, with what a test run needs switched on.

The suite runs with DEBUG off, as production does, so it needs what production must set: a
secret key and the host names it answers to (Django's test client calls itself "testserver",
the browser tests' live server "localhost"). It also needs the demo app, whose borough most tests
stand on. These are set before the project's settings read the environment.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")  # noqa: S105
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("FAMILYHUB_DEMO", "true")

from familyhub.settings import *  # noqa: E402, F403

# The test client and the browser tests' live server speak plain HTTP; production's redirect
# to HTTPS would answer every request with a 301. The production value is checked in
# tests/project/test_production_settings.py, and the CI smoke test (.ci/smoke) serves through it.
SECURE_SSL_REDIRECT = False

# Hashed names need `collectstatic` first, which a test run does not do: files keep their own
# names here. tests/project/test_static_files.py runs collectstatic with the production storage,
# and the CI smoke test serves the hashed files through WhiteNoise.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background jobs run at once, in the test's own process, when they are queued (django-q2's sync
# mode): a message queued after a commit is sent before the test looks at mail.outbox.
# tests/notifications/test_worker.py starts a real worker for what only a real one can show.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# Messages to families are recorded by the fake (familyhub.notifications.notify.fake_sent),
# which sends emails through Django's locmem backend too: nothing leaves the machine.
NOTIFY_BACKEND = "familyhub.notifications.notify.FakeNotify"
NOTIFY_API_KEY = ""

# Links in staff emails, as the test client's own address.
SITE_URL = "http://testserver"
