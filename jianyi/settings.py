"""Jianyi settings: one file, read from the environment through small typed helpers."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = envbool("DEBUG", "false")
SECRET_KEY = os.environ.get("SECRET_KEY") or ("insecure-dev-key" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "accounts.apps.AdminConfig",  # django.contrib.admin with the three administrators kept apart
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "congress",
    "suggestions",
    "supervision",
    "api",
    "web",
    "disclosure",
    "imports",
    "evaluations",
    "meetings",
    "portal",
    "threads",
    "guides",
    "workbench",
    "units",
    "stats",
    "ops",
    "demo",
    "audit",
    "assist",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jianyi.middleware.RejectNulBytesMiddleware",
    "jianyi.middleware.ReadReferenceOnceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "audit.middleware.AuditMiddleware",
    # Last, as django-axes requires: it turns a lockout flagged during authentication into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jianyi.urls"
WSGI_APPLICATION = "jianyi.wsgi.application"

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

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
# Empty DATABASE_URL: the embedded SQLite database. IMMEDIATE transactions make SQLite take its
# write lock at BEGIN, so a transition's read-check-write cannot interleave with another's.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'jianyi.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", "0"),
        # Persistent connections are checked before each request reuses them, so a database
        # restart costs the next request a reconnect instead of an error (and no web restart).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests get a file, not Django's shared-cache in-memory database: that one reports "table is
    # locked" at once instead of waiting, so concurrent-step tests could not run. One per process.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    # SQLite builds the replies' covering index (made for PostgreSQL) without its INCLUDE columns:
    # still an index, so no warning on every command a newcomer runs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Optional read replica for read-only pages (ops/replica.py); tests point it at the primary.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=envint("CONN_MAX_AGE", "0"), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ops.replica.ReplicaRouter"]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "accounts.validators.CharacterKindsValidator", "OPTIONS": {"kinds": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.DemoPasswordValidator"},
    {"NAME": "accounts.validators.PasswordHistoryValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Identity (accounts/security.py). DEMO=true marks a demo start: the published demo password is
# refused by a production start (DEBUG off) unless DEMO is on.
DEMO = envbool("DEMO", "false")
PASSWORD_HISTORY = envint("PASSWORD_HISTORY", "3")  # a new password may not be one of the last N
PASSWORD_MAX_AGE_DAYS = envint("PASSWORD_MAX_AGE_DAYS", "0" if DEBUG else "90")  # 0: passwords never expire
# Second factor (TOTP + recovery codes) for office, unit, supervisor and admin accounts: always on
# without DEBUG, except in the demo (DEMO=true, as `make run` sets it) so every role stays one login
# away; the demo's login page says so.
REQUIRE_2FA = (not DEBUG and not DEMO) or envbool("REQUIRE_2FA", "false")
OTP_TOTP_ISSUER = "代表建议办理平台"
RECOVERY_CODES = 10
# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS after login.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", "15")
SESSION_MAX_HOURS = envint("SESSION_MAX_HOURS", "10")
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
API_TOKEN_HOURS = envint("API_TOKEN_HOURS", "8")

# Lockout (django-axes): 5 failures lock the username from that address, and the address itself, for
# 10 minutes, on the web login and the API's token endpoint alike.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "10"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The client's address for lockout and rate limits: REMOTE_ADDR, or behind TRUSTED_PROXIES reverse
# proxies the address that many hops from the right of X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", "0")
# Rate limits (accounts/ratelimit.py): requests per minute and address.
RATELIMIT_ENABLED = envbool("RATELIMIT_ENABLED", "true")
RATELIMIT_LOGIN = envint("RATELIMIT_LOGIN", "20")
RATELIMIT_SEARCH = envint("RATELIMIT_SEARCH", "60")
# The rate limiter's counters: with several server processes use a shared cache (CACHE_URL=redis://...).
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Web hardening. Production (DEBUG off) gets HTTPS-only cookies, HSTS and the redirect to HTTPS;
# behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(not DEBUG))
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = not DEBUG
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: every script is a static file (static/js/app.js wires behaviour
# to data- attributes) and htmx is told not to inject its indicator <style> (base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
# Uploads: a folder every web node shares (NFS or similar) when there are several nodes.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads (suggestions/uploads.py): no file is kept past UPLOAD_MAX_BYTES, counted while it streams in;
# files up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory, larger ones go to a temporary file.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
FILE_UPLOAD_HANDLERS = [
    "suggestions.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # the form fields of one request, files excluded
# How downloads (web/downloads.py) leave: "django" streams the file from MEDIA_ROOT; "x-accel" hands
# it to nginx with X-Accel-Redirect to FILE_ACCEL_PREFIX, an `internal` location aliasing MEDIA_ROOT
# (see docs/deploy.md, “Uploaded files”).
FILE_DELIVERY = os.environ.get("FILE_DELIVERY", "django")
FILE_ACCEL_PREFIX = os.environ.get("FILE_ACCEL_PREFIX", "/_protected/")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000  # batch assignment posts a whole session's ids
WHITENOISE_USE_FINDERS = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "web.paging.CappedPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jianyi API",
    "DESCRIPTION": "代表建议办理平台 API: deputies' suggestions from submission to solution.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema maps every endpoint and filter: for logged-in users and API tokens only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # One name for the lifecycle's states wherever they appear (status, from_status, to_status).
    "ENUM_NAME_OVERRIDES": {
        "SuggestionStatusEnum": "suggestions.models.Status",
        "RatingEnum": "suggestions.models.Rating",  # a suggestion's rating, and each deputy's result and attitude
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "jianyi@localhost")
# The site's address (https://jianyi.example.gov.cn), put before the links in emails and SMS; empty: paths only.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))  # for the file-based backend
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# Reminders and notifications (supervision/). SMS_BACKEND: a class like supervision.sms.FileBackend.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "supervision.sms.FileBackend")
SMS_FILE = Path(os.environ.get("SMS_FILE", VAR_DIR / "sms.log"))
# JOBS_QUEUE=rq: notifications are delivered by RQ workers (manage.py rqworker); empty: inline.
JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "")
RQ_QUEUE = os.environ.get("RQ_QUEUE", "jianyi")
SCHEDULER_INTERVAL = envint("SCHEDULER_INTERVAL", "300")

# /healthz asks Redis too when the deployment uses it (RQ workers); `make run` does not need it.
HEALTHZ_REDIS = envbool("HEALTHZ_REDIS", "true" if JOBS_QUEUE else "false")

# LOG_FORMAT=json: one JSON object per line on stderr (journald, a log shipper); "text" for humans.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
# Audit log (audit/): kept at least this many days; `audit_prune` refuses anything younger.
AUDIT_RETENTION_DAYS = max(180, envint("AUDIT_RETENTION_DAYS", "180"))
# Behind a reverse proxy, the header carrying the client's address (e.g. HTTP_X_FORWARDED_FOR).
AUDIT_TRUSTED_PROXY_HEADER = os.environ.get("AUDIT_TRUSTED_PROXY_HEADER", "")
# Deputies' phone, ID number and address are encrypted with Fernet. Comma-separated keys, newest
# first: new values use the first, any may decrypt (rotation: docs/security-audit.md).
FIELD_ENCRYPTION_KEYS = envlist("FIELD_ENCRYPTION_KEY", "") or (
    ["ZGV2LW9ubHktZmllbGQta2V5LW5vdC1hLXNlY3JldCE="] if DEBUG else []
)
if not FIELD_ENCRYPTION_KEYS:
    raise RuntimeError("FIELD_ENCRYPTION_KEY must be set when DEBUG is off")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
