"""Configuration only: every setting that differs between machines comes from the environment."""

import datetime as dt
import json
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from familyhub.logs import logging_config
from familyhub.monitoring import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, "").strip() or default)


def required(name: str, example: str) -> str:
    """A variable a server cannot start without: refuse in one sentence that says what to set."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    # Nothing can start without it, so the sentence is all that helps: a traceback through
    # Django's start-up would bury it (this only shortens what the failing process prints).
    sys.tracebacklimit = 0
    raise ImproperlyConfigured(
        f"{name} is not set: set the {name} environment variable ({example}), "
        "or DEBUG=true on a developer's machine."
    )


# Off unless asked for: a server that forgets a setting runs as production does, never as a
# debugger showing its settings and stack traces. `make run` sets DEBUG=true.
DEBUG = env_bool("DEBUG", False)
if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-only"  # noqa: S105
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
else:
    SECRET_KEY = required("SECRET_KEY", "a long random string kept secret")
    ALLOWED_HOSTS = env_list(
        "ALLOWED_HOSTS", required("ALLOWED_HOSTS", "the site's host names, comma-separated")
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Two-factor sign-in for staff (TOTP authenticator apps) and lockout after failed attempts.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    # Rate limits of public forms (RATE_LIMIT_* below); installed for its checks of the cache.
    "django_ratelimit",
    # Background jobs: the queue every email goes through, and schedules (see Q_CLUSTER below).
    "django_q",
    # The Family Hub's own apps form a stack, bottom first: each imports only those above it in
    # this list (tests/test_architecture.py), so a change to a higher app never breaks a lower one.
    "familyhub.places",
    "familyhub.audit",
    "familyhub.accounts",
    "familyhub.notifications",
    "familyhub.staffaccounts",
    "familyhub.pages",
    "familyhub.directory",
    "familyhub.families",
    "familyhub.frontdoor",
    "familyhub.casework",
    "familyhub.retention",
    "familyhub.socialcare",
    "familyhub.triage",
    "familyhub.activities",
    "familyhub.earlyeducation",
    "familyhub.startforlife",
    "familyhub.feedback",
    "familyhub.dataprotection",
    "familyhub.oversight",
    "familyhub.insight",
    "familyhub.home",
]
# The demo borough (accounts with a published password): only where switched on explicitly, as
# `make run` does. Production never sets it, so it does not even have the demo's commands.
FAMILYHUB_DEMO = env_bool("FAMILYHUB_DEMO", False)
if FAMILYHUB_DEMO:
    INSTALLED_APPS.append("familyhub.demo")

MIDDLEWARE = [
    # First, so every log line of a request carries its id (familyhub/middleware.py).
    "familyhub.middleware.RequestIdMiddleware",
    # Outside everything that may answer early (redirects to sign-in, error pages).
    "familyhub.middleware.NoStoreMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A 400 for NUL bytes or invalid UTF-8 before the session or any view sees the request.
    "familyhub.middleware.StorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The staff area in English, whatever the public pages are read in (familyhub/middleware.py).
    "familyhub.middleware.StaffPagesInEnglishMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff sessions end after 30 minutes idle and 12 hours in all (before OTP wraps the user).
    "familyhub.accounts.middleware.StaffSessionLimitMiddleware",
    # Sets request.user.otp_device / is_verified() from the session.
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user's memberships are read once per request, however many rules ask.
    "familyhub.accounts.middleware.RequestMembershipsMiddleware",
    # Everything under /staff/ needs a session verified with a code (familyhub/accounts).
    "familyhub.accounts.middleware.StaffVerificationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "familyhub.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "familyhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "familyhub.context_processors.council",
                "familyhub.context_processors.staff_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "familyhub.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'familyhub.sqlite3'}"),
        # Connections are kept between requests, and checked before reuse so that a restarted
        # database costs one retry rather than an error page.
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out email before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the signed-in user with their unread notices counted.
    "familyhub.backends.StaffBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "pages:home"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("bn", _("Bengali")), ("so", _("Somali"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` gathers the files production serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# govuk-frontend is compiled by `npm run build` into familyhub/static/govuk (not committed).
STATICFILES_DIRS = [BASE_DIR / "familyhub" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # `collectstatic` names each file by its content's hash (familyhub/storage.py), so WhiteNoise
    # can let browsers cache it for a year; with DEBUG on, files are served by their plain names.
    "staticfiles": {"BACKEND": "familyhub.storage.StaticStorage"},
}
# Production serves what collectstatic gathered; development serves the source folders.
WHITENOISE_USE_FINDERS = DEBUG

# HTTPS. Production defaults; behind a proxy that ends TLS, SECURE_PROXY_SSL_HEADER names the
# header it sets (e.g. X-Forwarded-Proto) — only if the proxy always sets or strips it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload directive only offers the domain: browsers' preload lists take it only when its
# owner submits it at hstspreload.org.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if proxy_ssl_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Staff sessions end after this long without a request, and this long after signing in
# (familyhub.accounts.middleware). Families' sessions hold no sign-in and are not limited.
STAFF_SESSION_IDLE_LIMIT = dt.timedelta(minutes=env_int("STAFF_SESSION_IDLE_MINUTES", 30))
STAFF_SESSION_ABSOLUTE_LIMIT = dt.timedelta(hours=env_int("STAFF_SESSION_ABSOLUTE_HOURS", 12))

# Content Security Policy (django-csp): scripts and styles only from this site's own files, no
# inline code. A script that must be inline carries the request's nonce (request.csp_nonce).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Email: the console while developing; SMTP in production, where EMAIL_HOST names the relay.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# The sender of every message to families and staff (Django's own default until set).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Messages to families by email or text (familyhub.notifications.notify): GOV.UK Notify when
# NOTIFY_API_KEY is set; otherwise email through EMAIL_BACKEND (no texts), or, with DEBUG, a
# fake that records and prints them. NOTIFY_BACKEND (a dotted path) overrides the choice.
NOTIFY_BACKEND = os.environ.get("NOTIFY_BACKEND", "")
NOTIFY_API_KEY = os.environ.get("NOTIFY_API_KEY", "")
NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
# Template names to Notify template ids, as JSON: {"request_received:sms": "<id>",
# "request_received:sms:bn": "<id>", "*:email": "<id of a ((subject))/((body)) template>"}.
NOTIFY_TEMPLATE_IDS: dict[str, str] = json.loads(os.environ.get("NOTIFY_TEMPLATE_IDS") or "{}")
# Other councils' family hub pages, for a family whose postcode is outside ours, as JSON:
# {"E09000012": "https://…"} (ONS codes of the lower- or upper-tier council). Without one,
# the family is given their council's name and GOV.UK's "Find your local council".
FAMILY_HUB_URLS: dict[str, str] = json.loads(os.environ.get("FAMILY_HUB_URLS") or "{}")
# The council's page on funded early education for 2-year-olds: who is eligible and how to
# apply, linked from every invitation (familyhub/earlyeducation).
TWO_YEAR_OFFER_URL = os.environ.get(
    "TWO_YEAR_OFFER_URL", "https://www.gov.uk/help-with-childcare-costs/free-childcare-2-year-olds"
)

# Background jobs (django-q2; README "Background jobs"): every email is written to the outbox
# with the change that causes it and sent by the worker, `python manage.py qcluster`.
# The queue is the database itself (no other server) unless REDIS_URL names a Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
# How long one job may run before the worker stops it; a message's claim lasts a little longer
# (familyhub.notifications.rules.claim_lasts), and the queue hands an unacknowledged job out
# again only after JOBS_RETRY, so a job still running is never started twice.
JOBS_TIMEOUT = env_int("JOBS_TIMEOUT", 60)
Q_CLUSTER = {
    "name": "familyhub",
    # SQLite takes one writer at a time: more workers would only wait for each other.
    "workers": env_int("JOBS_WORKERS", 1 if _SQLITE else 2),
    "timeout": JOBS_TIMEOUT,
    "retry": env_int("JOBS_RETRY", JOBS_TIMEOUT + 30),
    # A job that raises is run at most 3 times in all, then kept as a failed task (shown at
    # /staff/jobs/). A failed send does not raise: messages retry themselves, with back-off.
    "max_attempts": 3,
    # How often an idle worker asks the database for work (ORM queue), in seconds.
    "poll": 0.5,
    # After the worker was down, a missed schedule runs once, not once for every missed minute.
    "catch_up": False,
    **({"redis": REDIS_URL} if REDIS_URL else {"orm": "default"}),
}
if _SQLITE:
    # The web server and the worker share the file: WAL lets readers and one writer work at
    # once, IMMEDIATE takes the write lock when a transaction starts (so two writers queue for
    # it instead of one failing with "database is locked"), and a writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # PostgreSQL's JIT compiler pays off for long analytical scans, not a web page's queries:
    # on the insight page it spent 0.8 s compiling a query that ran in 0.09 s (bench/insight.py).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# The council this deployment is branded for; every record still names its own local authority.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Tower Hamlets Council")
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Family Hub")
# The site's own address, for the links in staff emails a background job sends (a job has no
# request to ask for its host): the first of ALLOWED_HOSTS over HTTPS unless set.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}"
)
# Local authorities (ONS codes) whose postcodes `import_postcodes` loads by default.
LOCAL_AUTHORITY_CODES = env_list("LOCAL_AUTHORITY_CODES", "E09000030")
# A directory entry not checked for this long is flagged to its editors.
DIRECTORY_STALE_AFTER_DAYS = int(os.environ.get("DIRECTORY_STALE_AFTER_DAYS", "183"))

# Staff sign-in: a password, then a 6-digit code from an authenticator app (django-otp TOTP).
# Authenticator apps list the account under this name, e.g. "Family Hub (Tower Hamlets Council)".
OTP_TOTP_ISSUER = f"{SERVICE_NAME} ({COUNCIL_NAME})"
# Lockout (django-axes): 5 failed passwords for one email address from one client address lock
# that email at that address for an hour. Counting the pair means a stranger elsewhere cannot
# lock a member of staff out by typing their email; emails are compared case-insensitively
# (familyhub.accounts.services). There is no lockout by address alone: axes applies one limit to
# every count, and a council office shares one address, where five typos would lock everyone.
# Guessing across many emails from one address is slowed by the sign-in rate limit below
# instead, and a guessed password still needs the authenticator code.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address as trusted proxies report it (django-ipware is not installed, so axes'
# own AXES_IPWARE_* settings would do nothing): see TRUSTED_PROXY_COUNT below.
AXES_CLIENT_IP_CALLABLE = "familyhub.client_address.client_ip_address"
AXES_USERNAME_FORM_FIELD = "username"  # AuthenticationForm's name for the email field
AXES_USERNAME_CALLABLE = "familyhub.accounts.services.lockout_username"
AXES_LOCKOUT_CALLABLE = "familyhub.accounts.views.locked_out"
# The hour runs from the fifth failure: more attempts while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A correct password clears the count, so only consecutive failures lock an account.
AXES_RESET_ON_SUCCESS = True
# Its log lines name no one (the attempts table in the database does); no start-up line either.
AXES_CLIENT_STR_CALLABLE = "familyhub.logs.sign_in_attempt_label"
AXES_VERBOSE = False

# How many proxies (load balancers) in front of gunicorn append to X-Forwarded-For: the client's
# address is that many entries from the right (familyhub/client_address.py). 0, the default,
# believes no header and counts the connection's own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Public forms that send email or create records (organisation applications, a family's "email
# me my link", staff sign-in) are rate limited per client address by django-ratelimit, counting
# in the shared cache; past the limit the visitor gets the 429 page (familyhub/errors.py). Rates
# are "count/period", e.g. "60/10m"; a large office behind one address may need a higher
# sign-in rate.
RATELIMIT_IP_META_KEY = "familyhub.client_address.client_ip_address"
RATE_LIMIT_JOIN = os.environ.get("RATE_LIMIT_JOIN", "5/h")
RATE_LIMIT_EMAIL_LINK = os.environ.get("RATE_LIMIT_EMAIL_LINK", "10/h")
RATE_LIMIT_SIGN_IN = os.environ.get("RATE_LIMIT_SIGN_IN", "60/10m")
# Booking a place at a session (activities): a family books a few, a script would book them all.
RATE_LIMIT_BOOKING = os.environ.get("RATE_LIMIT_BOOKING", "20/h")
# Answering a family feedback survey (feedback): one family answers once, a script would try
# tokens.
RATE_LIMIT_FEEDBACK = os.environ.get("RATE_LIMIT_FEEDBACK", "20/h")
# The counts are kept in a cache every process shares: Redis when REDIS_URL names a server,
# otherwise a table in the database (made by a migration,
# familyhub/accounts/migrations/0004_cache_table.py) whose counter holds under simultaneous
# requests (familyhub/cache.py). Only the rate limits use it: the default cache stays in each
# process's memory, so the job worker's frequent statistics never write to the database.
# django_ratelimit.W001 only says neither backend is on its list (memcached, django-redis);
# both increment atomically.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "familyhub.cache.CountingDatabaseCache", "LOCATION": "familyhub_cache"}
    ),
}
RATELIMIT_USE_CACHE = "ratelimit"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Branded error pages, and JSON ones under /api/ (familyhub/errors.py; handler404 etc. in urls.py).
CSRF_FAILURE_VIEW = "familyhub.errors.csrf_failure"

# One JSON line per record on stdout, each with its request's id (familyhub/logs.py).
LOGGING = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"))

# Errors go to Sentry only where SENTRY_DSN is set (familyhub/monitoring.py).
sentry_init(
    dsn=os.environ.get("SENTRY_DSN", ""),
    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
    release=os.environ.get("SENTRY_RELEASE", ""),
)
