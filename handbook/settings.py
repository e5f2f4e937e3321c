"""Settings for the Controlled Delivery Handbook, read from the environment.

A local run needs nothing: SQLite, debug off unless DJANGO_DEBUG=1, a throwaway key.
With DJANGO_ENV=production the portal refuses to start unless the secret key, the allowed
hosts and a PostgreSQL DATABASE_URL are given and debug is off.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return value


HANDBOOK_ENV = os.environ.get("DJANGO_ENV", "development").strip().lower()
if HANDBOOK_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'")
PRODUCTION = HANDBOOK_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env_required("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production")
    _database_url = env_required("DATABASE_URL")
    if not _database_url.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production")
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_DEBUG must be off in production")
else:
    SECRET_KEY = os.environ.get(
        "DJANGO_SECRET_KEY", "insecure-local-only-key-never-used-in-production-0123456789"
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    _database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"

# Persistent connections, checked before reuse: after a PostgreSQL restart a stale connection is
# replaced at the start of the next request instead of failing it.
DATABASES = {
    "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
}
# The role the application connects as in production, granted its privileges by the owner after
# every `migrate` (handbook/dbroles.py); empty: one role, as on a local run and in the tests.
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "").strip()
if DATABASE_APP_ROLE and not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DATABASE_APP_ROLE):
    raise ImproperlyConfigured("DATABASE_APP_ROLE must be a lower-case PostgreSQL role name")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_countries",
    "handbook",
    "accounts",
    "countries",
    "legal",
    "currency",
    "briefs",
    "demo",
]

MIDDLEWARE = [
    "handbook.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "handbook.middleware.LanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "handbook.middleware.OddInputMiddleware",
    "handbook.middleware.AccessGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "handbook.urls"
WSGI_APPLICATION = "handbook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # A disabled account answers as for a wrong password: the right password must not be
    # confirmed to someone who holds it without the account (docs/security.md, "Login").
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "countries:list"
LOGOUT_REDIRECT_URL = "accounts:logged_out"

# Sessions: a new key at login (Django does this), ended on the server at logout,
# idle and absolute limits enforced by handbook.middleware.AccessGateMiddleware.
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
# A new authenticator is paired only this soon after the password step of the same session.
ENROL_AFTER_PASSWORD = timedelta(minutes=10)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "handbook.views.csrf_failure"

# How many proxies in front of the portal append to X-Forwarded-For (nginx: 1). 0 means
# no proxy: REMOTE_ADDR is the client. handbook.clientip.client_ip is the one reader.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

# Lockout after repeated password failures by one client on one account (together, so that
# a shared proxy or office NAT does not lock everyone, and spraying one account from many
# addresses does not lock its owner); accounts.lockout slows down each account and client.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "handbook.clientip.client_ip"
AXES_USERNAME_CALLABLE = "accounts.lockout.axes_username"
# Past this many failures on one account (from any client) or from one client (on any
# account) within AXES_COOLOFF_TIME, each further attempt waits 2**n seconds after the last
# failure, at most LOGIN_SLOWDOWN_MAX: a short wait, never a long lock of the owner.
LOGIN_SLOWDOWN_ACCOUNT_AFTER = 10
LOGIN_SLOWDOWN_CLIENT_AFTER = 20
LOGIN_SLOWDOWN_MAX = timedelta(seconds=60)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# django-otp throttles failed codes with a doubling delay; keep it on.
OTP_TOTP_ISSUER = "Controlled Delivery Handbook"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
BACKUP_CODE_COUNT = 10
# The admin never shows a device's secret or QR code, not even to the secretariat.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Object permissions are for vetted users only: no guardian "AnonymousUser" account.
ANONYMOUS_USER_NAME = None

# The Council of Europe's two official languages. English (as written in Europe: dates
# day first) is the source; French comes from locale/fr (compiled by make demo / make test).
# The language is the user's saved choice, else the language cookie (the switcher, also on
# the login page), else the browser's Accept-Language (handbook.middleware.LanguageMiddleware).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Parts of pages rendered once per content (handbook/fragments.py): per process, bounded in
# bytes, keyed by a digest of what they show. Every state page in both languages, as read and as
# edited, is about 11 MB at the bench's volume (60 states, 30 contacts each).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {
        "BACKEND": "handbook.fragments.PartsCache",
        "LOCATION": "template-fragments",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_BYTES": 32 * 1024 * 1024},
    },
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Headers (docs/security.md, "Pages"): CSP without inline script or third-party origins, no framing,
# no sniffing, same-origin referrer and opener, and no powerful browser features.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "handbook@localhost")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
# Links in e-mails sent by scheduled jobs, which have no request to take the host from.
HANDBOOK_BASE_URL = (
    os.environ.get("HANDBOOK_BASE_URL")
    or (f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000")
).rstrip("/")

# Odd input (handbook.middleware.OddInputMiddleware): a query may carry this many values,
# each this long; no value anywhere may hold a NUL character.
MAX_QUERY_FIELDS = 100
MAX_QUERY_VALUE_LENGTH = 1000

# Access requests from one address per hour before the form refuses more.
ACCESS_REQUESTS_PER_HOUR = 5
# Password reset links sent per hour, per address and per client address.
PASSWORD_RESETS_PER_HOUR_PER_ADDRESS = 3
PASSWORD_RESETS_PER_HOUR_PER_CLIENT = 10
# Shown on a route brief beside a state that has no entry yet: whom to ask instead.
SECRETARIAT_CONTACT = os.environ.get(
    "HANDBOOK_SECRETARIAT_CONTACT",
    "the handbook secretariat, through the portal's access-request desk",
).strip()

# Nominations one correspondent may send in 24 hours.
NOMINATIONS_PER_DAY = 10

# One JSON line per request (handbook.request) and per warning or error, each with the request
# id; no names, e-mails, paths, queries or exception messages (handbook/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "handbook.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "handbook.request": {
            "level": "INFO" if env_bool("DJANGO_REQUEST_LOG", default=PRODUCTION) else "WARNING"
        },
    },
}
