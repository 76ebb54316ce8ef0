"""Qafila's one settings file: every knob is an environment variable, checked loudly."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("QAFILA_INSECURE_DEV", False):
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (or set QAFILA_INSECURE_DEV=1 locally)"
        )
    SECRET_KEY = "dev-only-not-secret-" + "q" * 40
# Public: `check --deploy` fails while it is in use (core.checks).
QAFILA_DEV_SECRET_KEY = "dev-only-not-secret-" + "q" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page from local static files, never a CDN
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "core",
    "places",
    "accounts",
    "people",
    "caravans",
    "messaging",
    "programmes",
    "registration",
    "onsite",
    "surveys",
    "projects",
    "certificates",
    "stories",
    "documents",
    "reports",
    "api",
    "qafila",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qafila.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "qafila.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qafila.urls"
WSGI_APPLICATION = "qafila.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qafila" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: embedded SQLite by default, PostgreSQL through DATABASE_URL ---------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'qafila.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so two writers queue
    # on the busy timeout instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django turns psycopg's prepared statements off; core.rows prepares the check-in's read, an eight-table join
    # PostgreSQL took five times longer to plan than to run (1.07 ms of its CPU a scan, 0.18 ms prepared). Only
    # that explicit cursor prepares: Django's own cursors bind on the client side. Behind PgBouncer, use its
    # session mode or version 1.21+ (which keeps prepared statements in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5  # psycopg's own default
# Persistent connections: opening one costs more than a cached page (≈1 ms on SQLite); without them
# PostgreSQL throughput falls to a quarter (measured with `make bench`).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
QAFILA_CACHE_SECONDS = env_int("QAFILA_CACHE_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "caravans:list"

# Login rate limit: failed attempts are kept in the database, so several app servers share the count.
AXES_FAILURE_LIMIT = env_int("QAFILA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of Qafila: the client's address is then read from X-Forwarded-For (core.addresses),
# by the failed-login limit and the self-registration limit alike.
QAFILA_PROXY_COUNT = env_int("QAFILA_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_ip"
AXES_VERBOSE = False

# Two-factor login (accounts, qafila.two_factor): national coordinators and organisers must give a code from an
# authenticator app after their password; anyone who set one up gives it too. Off only for tests and the demo.
QAFILA_REQUIRE_2FA = env_bool("QAFILA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Qafila"
# A logged-in session ends after this many minutes without a request (accounts.middleware).
QAFILA_SESSION_IDLE_MINUTES = env_int("QAFILA_SESSION_IDLE_MINUTES", 30)
if QAFILA_SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("QAFILA_SESSION_IDLE_MINUTES must be at least 1")

# --- Languages: Arabic first, French second ------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "qafila" / "locale"]  # read after Django's catalogue: ours wins (months)
FORMAT_MODULE_PATH = ["qafila.formats"]  # day first and a 24-hour clock in both languages
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# collectstatic compresses every file twice over (gzip and brotli): the unhashed copies no page names, and the
# API docs' source maps (5 MB) only a developer's tools fetch, were most of its minute.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# --- Security: safe by default, relaxed only for local HTTP -------------------------------------------------
HTTPS = env_bool("QAFILA_HTTPS", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS and env_bool("QAFILA_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("QAFILA_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sent on every answer (qafila.security): scripts from Qafila's static files only; inline styles allowed.
QAFILA_CSP = os.environ.get(
    "QAFILA_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

QAFILA_DEMO_PASSWORD = os.environ.get("QAFILA_DEMO_PASSWORD", "")
# Public self-registration: submissions per visitor address and hour (counted in the database, shared by servers).
QAFILA_SELF_REGISTRATION_PER_HOUR = env_int("QAFILA_SELF_REGISTRATION_PER_HOUR", 10)
# Personal data (Law 09-08): months a caravan's people are kept after its last day, unless the caravan says
# otherwise (then anonymised by the daily retention job); the CNDP's declaration number, shown in the notice.
QAFILA_RETENTION_MONTHS = env_int("QAFILA_RETENTION_MONTHS", 24)
QAFILA_CNDP_DECLARATION = os.environ.get("QAFILA_CNDP_DECLARATION", "")

# --- Background jobs and messages (see the README's "Worker, SMS and email") ---------------------------------
# Jobs are rows of the project's own database, run by `qafila worker`: no broker beside SQLite or PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job whose worker has not been seen for this many seconds (killed, machine down) is run again by another.
QAFILA_WORKER_GRACE = env_int("QAFILA_WORKER_GRACE", 120)

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qafila@localhost")

QAFILA_SMS_GATEWAY_URL = os.environ.get("QAFILA_SMS_GATEWAY_URL", "")
QAFILA_SMS_GATEWAY_TOKEN = os.environ.get("QAFILA_SMS_GATEWAY_TOKEN", "")
# "21-8": no SMS is handed to a gateway from 21:00 to 08:00, Morocco's time; "none" turns quiet hours off.
QAFILA_MESSAGES_QUIET_HOURS = os.environ.get("QAFILA_MESSAGES_QUIET_HOURS", "21-8")
# SMS handed to the gateway per second at most (providers throttle and drop beyond their contracted rate).
QAFILA_SMS_PER_SECOND = env_int("QAFILA_SMS_PER_SECOND", 20)
# WhatsApp Business Cloud API (optional): approved templates only, through the same outbox.
QAFILA_WHATSAPP_TOKEN = os.environ.get("QAFILA_WHATSAPP_TOKEN", "")
QAFILA_WHATSAPP_PHONE_NUMBER_ID = os.environ.get("QAFILA_WHATSAPP_PHONE_NUMBER_ID", "")
QAFILA_WHATSAPP_URL = os.environ.get("QAFILA_WHATSAPP_URL", "https://graph.facebook.com/v21.0")
