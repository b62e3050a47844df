"""Configuration only: every setting that differs between machines comes from the environment."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The fallback key only serves a developer's machine: production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "insecure-development-key-only" if DEBUG else None  # noqa: S105
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
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
    # The Family Hub's own apps form a stack, bottom first: each imports only those above it in
    # this list (tests/test_architecture.py), so a change to a higher app never breaks a lower one.
    "familyhub.places",
    "familyhub.audit",
    "familyhub.accounts",
    "familyhub.notifications",
    "familyhub.pages",
    "familyhub.directory",
    "familyhub.families",
    "familyhub.frontdoor",
    "familyhub.casework",
    "familyhub.triage",
    "familyhub.oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets request.user.otp_device / is_verified() from the session.
    "django_otp.middleware.OTPMiddleware",
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
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
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
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "directory:manage-home"
LOGOUT_REDIRECT_URL = "pages:home"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("bn", _("Bengali")), ("so", _("Somali"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# govuk-frontend is compiled by `npm run build` into familyhub/static/govuk (not committed).
STATICFILES_DIRS = [BASE_DIR / "familyhub" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The council this deployment is branded for; every record still names its own local authority.
COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Tower Hamlets Council")
SERVICE_NAME = os.environ.get("SERVICE_NAME", "Family Hub")
# Local authorities (ONS codes) whose postcodes `import_postcodes` loads by default.
LOCAL_AUTHORITY_CODES = env_list("LOCAL_AUTHORITY_CODES", "E09000030")
# A directory entry not checked for this long is flagged to its editors.
DIRECTORY_STALE_AFTER_DAYS = int(os.environ.get("DIRECTORY_STALE_AFTER_DAYS", "183"))

# Staff sign-in: a password, then a 6-digit code from an authenticator app (django-otp TOTP).
# Authenticator apps list the account under this name, e.g. "Family Hub (Tower Hamlets Council)".
OTP_TOTP_ISSUER = f"{SERVICE_NAME} ({COUNCIL_NAME})"
# Lockout (django-axes): 5 failed passwords for one email address lock it for an hour, wherever
# the attempts come from. Emails are compared case-insensitively (familyhub.accounts.services).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"  # AuthenticationForm's name for the email field
AXES_USERNAME_CALLABLE = "familyhub.accounts.services.lockout_username"
AXES_LOCKOUT_CALLABLE = "familyhub.accounts.views.locked_out"
# The hour runs from the fifth failure: more attempts while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A correct password clears the count, so only consecutive failures lock an account.
AXES_RESET_ON_SUCCESS = True
# axes.W006 asks for the IP address too, but a council office shares one address: five typos
# there would lock every colleague out. Failures are summed per email whatever the IP, browser
# or cookies, so rotating those does not get round the limit.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
