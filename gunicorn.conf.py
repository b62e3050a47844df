"""gunicorn, the production web server (Procfile: `web: gunicorn familyhub.wsgi`).

Read from the environment, like the Django settings. The README's "Run in production" lists
every variable. gunicorn also reads FORWARDED_ALLOW_IPS itself: the proxies whose
X-Forwarded-Proto it trusts (127.0.0.1 unless set).
"""

import os

from familyhub.logs import JsonFormatter


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


# All addresses by default, as a container behind a proxy or load balancer needs.
bind = [f"{os.environ.get('BIND_ADDRESS', '0.0.0.0')}:{_int('PORT', 8000)}"]  # noqa: S104
workers = _int("WEB_CONCURRENCY", 3)
# A request taking longer than this is stuck: its worker is restarted. Searches and PDFs of a
# whole plan take well under a second (bench/).
timeout = _int("WEB_TIMEOUT", 30)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("WEB_KEEPALIVE", 5)
# No runtime control socket (gunicornc): whatever runs this process restarts or scales it.
control_socket_disable = True

# Access log and errors on stdout as JSON lines, as the app logs (familyhub/logs.py). The access
# line leaves out the path and query string (a family's secret link, a postcode searched for):
# the app's own line for each request gives its route pattern, and both carry the request id.
accesslog = "-"
errorlog = "-"
access_log_format = "%(m)s %(s)s %(B)s bytes %(M)sms request_id=%({x-request-id}o)s"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
