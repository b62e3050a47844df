"""Settings for a real worker (`manage.py qcluster`) that tests/notifications/test_worker.py
starts in another process, on the test's own database.

The test sets DATABASE_URL (its database), JOBS_TEST_BROKER ("orm" or a Redis URL),
JOBS_TEST_QUEUE (a queue of its own) and EMAIL_PORT (its mail server). Timings are short so that
a killed worker's job comes round again within seconds, not minutes.
"""

import os

from tests.settings import *  # noqa: F403

_broker = os.environ["JOBS_TEST_BROKER"]
Q_CLUSTER = {
    **{key: value for key, value in Q_CLUSTER.items() if key not in ("orm", "redis")},  # noqa: F405
    **({"orm": "default"} if _broker == "orm" else {"redis": _broker}),
    "cluster_name": os.environ["JOBS_TEST_QUEUE"],
    "sync": False,
    "workers": 1,
    # A message's claim lasts timeout + 5 s (notifications.rules.claim_lasts): 8 s here; the
    # ORM queue hands an unacknowledged job out again after 10 s.
    "timeout": 3,
    "retry": 10,
    "poll": 0.1,
}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["EMAIL_PORT"])
EMAIL_HOST_USER = EMAIL_HOST_PASSWORD = ""
EMAIL_USE_TLS = EMAIL_USE_SSL = False
# Longer than the test holds a conversation open: the worker is killed, it does not give up.
EMAIL_TIMEOUT = 30
