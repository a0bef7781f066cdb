"""The one settings module. Everything comes from environment variables with safe defaults.

ZHIFA_DATA_DIR        where the SQLite database, the secret key and stored files live (default ./var)
ZHIFA_DATABASE_URL    e.g. postgres://postgres@127.0.0.1:5432/zhifa (default: SQLite in the data dir, WAL)
ZHIFA_DEBUG           "1" to turn DEBUG on (off by default)
ZHIFA_ALLOWED_HOSTS   comma-separated host names (default: localhost and 127.0.0.1)
ZHIFA_SECRET_KEY      overrides the key generated once into the data dir
ZHIFA_KEYSTORE_DIR    the ledger's SM2 private keys (default DATA_DIR/keys)
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("ZHIFA_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Read the key from the data dir, creating it once, so restarts keep sessions valid."""
    if key := os.environ.get("ZHIFA_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("ZHIFA_DEBUG", "") in {"1", "true", "yes"}
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ZHIFA_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")]
if "testserver" not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append("testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "zhifa.core",
    "zhifa.workdays",
    "zhifa.ledger",
    "zhifa.agencies",
    "zhifa.work",
    "zhifa.catalog",
    "zhifa.obligations",
    "zhifa.records",
    "zhifa.documents",
    "zhifa.parties",
    "zhifa.cases",
    "zhifa.review",
    "zhifa.publicity",
    "zhifa.supervision",
    "zhifa.statistics",
    "zhifa.home",
    "zhifa.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhifa.agencies.two_factor.TwoFactorMiddleware",
    "zhifa.agencies.passwords.ForcedPasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "zhifa.core.sessions.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "zhifa.urls"
WSGI_APPLICATION = "zhifa.wsgi.application"

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
                "zhifa.agencies.context_processors.navigation",
                "zhifa.work.context_processors.work_count",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'zhifa.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("ZHIFA_DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue instead of failing with "database is locked" half-way through a transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 60,  # seconds a write waits for the lock (a login behind an import) before failing
    }
    # Tests use a file, not memory, so that other processes (the concurrency tests) see the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test_zhifa.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's backend, except that a locked account (AccountState) cannot sign in and its open sessions end.
AUTHENTICATION_BACKENDS = ["zhifa.agencies.backends.AccountBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "zhifa.agencies.passwords.PersonNameValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The Django admin is mounted at /admin/ only with ZHIFA_ADMIN=1 (its login is then zhifa's /login/).
ZHIFA_ADMIN = os.environ.get("ZHIFA_ADMIN", "") in {"1", "true", "yes"}
# Two-factor sign-in (TOTP): required for these roles (codes of agencies.Role, comma-separated) and for staff
# accounts of the Django admin; optional for everyone else.
ZHIFA_2FA_ROLES = [r.strip() for r in os.environ.get("ZHIFA_2FA_ROLES", "agency_head,reviewer,supervisor,sysadmin")
                   .split(",") if r.strip()]
OTP_TOTP_ISSUER = "zhifa"
# django-otp's own throttle counts per device, from anywhere, without limit: someone holding the password could
# keep the owner out. Wrong codes are counted by zhifa's throttle instead, per account and address.
OTP_TOTP_THROTTLE_FACTOR = 0
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (zhifa.agencies.throttle): after MAX_FAILURES for one account from one address, or
# ADDRESS_MAX_FAILURES from one address against any accounts, each further try waits DELAY_SECONDS, doubled per
# failure, at most MAX_DELAY_MINUTES; failures are remembered WINDOW_MINUTES. An account alone is never locked.
ZHIFA_LOGIN_MAX_FAILURES = int(os.environ.get("ZHIFA_LOGIN_MAX_FAILURES", "5"))
ZHIFA_LOGIN_ADDRESS_MAX_FAILURES = int(os.environ.get("ZHIFA_LOGIN_ADDRESS_MAX_FAILURES", "30"))
ZHIFA_LOGIN_DELAY_SECONDS = int(os.environ.get("ZHIFA_LOGIN_DELAY_SECONDS", "60"))
ZHIFA_LOGIN_MAX_DELAY_MINUTES = int(os.environ.get("ZHIFA_LOGIN_MAX_DELAY_MINUTES", "60"))
ZHIFA_LOGIN_WINDOW_MINUTES = int(os.environ.get("ZHIFA_LOGIN_WINDOW_MINUTES", "1440"))
# Reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For names the client; from any other
# REMOTE_ADDR the header is ignored. Checked here so that a typo stops the server instead of trusting nobody.
ZHIFA_TRUSTED_PROXIES = [str(ipaddress.ip_network(p.strip(), strict=False))
                         for p in os.environ.get("ZHIFA_TRUSTED_PROXIES", "").split(",") if p.strip()]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]  # the project's own assets; the apps' and packages' come by finder
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at every start when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(DATA_DIR / "files")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    # Evidence blobs (zhifa.records), content-addressed as blobs/sm3/ab/cd/<digest>: the filesystem under the
    # data dir by default; S3-compatible object storage with ZHIFA_BLOB_STORAGE_BACKEND (e.g.
    # "storages.backends.s3.S3Storage", django-storages installed beside zhifa) and ZHIFA_BLOB_STORAGE_OPTIONS
    # (JSON: bucket_name, endpoint_url, access_key, secret_key, ...).
    "blobs": {"BACKEND": os.environ.get("ZHIFA_BLOB_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
              "OPTIONS": json.loads(os.environ.get("ZHIFA_BLOB_STORAGE_OPTIONS", "") or "null")
              or {"location": str(DATA_DIR / "files")}},
}
# Resumable uploads in progress (tus): partial files here, on the same filesystem as the blob store when that
# is local, so a finished upload is linked into place rather than copied.
ZHIFA_UPLOAD_DIR = Path(os.environ.get("ZHIFA_UPLOAD_DIR", str(DATA_DIR / "uploads"))).resolve()
ZHIFA_UPLOAD_MAX_BYTES = int(os.environ.get("ZHIFA_UPLOAD_MAX_BYTES", str(64 * 2**30)))
ZHIFA_UPLOAD_EXPIRE_HOURS = int(os.environ.get("ZHIFA_UPLOAD_EXPIRE_HOURS", "72"))
# Spreadsheet imports: a file that unpacks, runs or holds a cell beyond these is refused before it is read
# whole; one of more than ZHIFA_IMPORT_QUEUE_ROWS data rows runs in `zhifa worker`, its file kept meanwhile
# in ZHIFA_IMPORT_DIR.
ZHIFA_IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("ZHIFA_IMPORT_MAX_UNPACKED_BYTES", str(50 * 2**20)))
ZHIFA_IMPORT_MAX_ROWS = int(os.environ.get("ZHIFA_IMPORT_MAX_ROWS", "100000"))  # empty rows too
ZHIFA_IMPORT_MAX_CELL_CHARS = int(os.environ.get("ZHIFA_IMPORT_MAX_CELL_CHARS", "32767"))  # Excel's own limit
ZHIFA_IMPORT_QUEUE_ROWS = int(os.environ.get("ZHIFA_IMPORT_QUEUE_ROWS", "500"))
ZHIFA_IMPORT_DIR = Path(os.environ.get("ZHIFA_IMPORT_DIR", str(DATA_DIR / "imports"))).resolve()
WHITENOISE_USE_FINDERS = True

# Transport and session (docs/operations.md, "Serving it for real").
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# ZHIFA_HTTPS=1 where the site is reached over TLS (a proxy in front of gunicorn terminating it): cookies only
# over TLS, HSTS, and plain-HTTP requests redirected to HTTPS (ZHIFA_SSL_REDIRECT=0 when the proxy does that).
ZHIFA_HTTPS = os.environ.get("ZHIFA_HTTPS", "") in {"1", "true", "yes"}
if ZHIFA_HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ZHIFA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = os.environ.get("ZHIFA_SSL_REDIRECT", "1") in {"1", "true", "yes"}
    # Whether the client reached the proxy over TLS, as the proxy says in this header. Safe only when the proxy
    # sets it on every request (overwriting any the client sent) and gunicorn is reachable only through it;
    # ZHIFA_PROXY_SSL_HEADER= (empty) when gunicorn itself terminates TLS.
    if _proxy_header := os.environ.get("ZHIFA_PROXY_SSL_HEADER", "X-Forwarded-Proto"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# Every page's scripts and styles come from the site's own static files: no inline script, style or event
# handler, no eval (base.html turns off htmx's eval and its injected indicator style). Views that serve
# something else set their own policy (evidence files, the flow-chart SVG).
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}}
# Signed-in sessions end after this long without a request the person made (polling does not count) and this
# long after signing in, whatever happens (zhifa.core.sessions).
ZHIFA_SESSION_IDLE_MINUTES = int(os.environ.get("ZHIFA_SESSION_IDLE_MINUTES", "30"))
ZHIFA_SESSION_MAX_HOURS = int(os.environ.get("ZHIFA_SESSION_MAX_HOURS", "12"))
SESSION_COOKIE_AGE = ZHIFA_SESSION_MAX_HOURS * 3600

# How many days ahead an obligation turns yellow when the rule does not say (SUP-03).
ZHIFA_DUE_SOON_DAYS = int(os.environ.get("ZHIFA_DUE_SOON_DAYS", "3"))
# How often `zhifa worker` runs the periodic sweeps, in seconds.
ZHIFA_SWEEP_SECONDS = int(os.environ.get("ZHIFA_SWEEP_SECONDS", "300"))

# The record ledger's signing keys (SM2 private keys, one file each, mode 0600; never in the database) and
# how often each chain gets a signed checkpoint: every N entries or when the oldest unsigned entry is M
# minutes old, whichever comes first.
ZHIFA_KEYSTORE_DIR = Path(os.environ.get("ZHIFA_KEYSTORE_DIR", str(DATA_DIR / "keys"))).resolve()
ZHIFA_CHECKPOINT_EVERY = int(os.environ.get("ZHIFA_CHECKPOINT_EVERY", "1000"))
ZHIFA_CHECKPOINT_MINUTES = int(os.environ.get("ZHIFA_CHECKPOINT_MINUTES", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIFA_LOG_LEVEL", "WARNING")},
}

# 行政执法公示: whether a natural person who is the punished party is published as 张某某 too (a local rule may
# want it; the national default publishes the party's name), and the shortest publication period, in months,
# before a 信用修复 may take a 行政处罚 publication down, by severity (publicity.rules).
ZHIFA_PUBLICITY_MASK_PARTY_NAME = os.environ.get("ZHIFA_PUBLICITY_MASK_PARTY_NAME", "") == "1"
ZHIFA_CREDIT_REPAIR_MONTHS = {"minor": 0, "general": 3, "serious": 12}
# The credit platform (PUB-13): the system-wide receiving address and the name of the environment variable
# holding its token (an agency may set its own on /publicity/credit/endpoint/; tokens are never stored), the
# request timeout, the retry backoff (base doubled per attempt, capped), and when a failing delivery becomes an
# obligation on its agency (after this many attempts or this many hours, whichever comes first).
ZHIFA_CREDIT_URL = os.environ.get("ZHIFA_CREDIT_URL", "")
ZHIFA_CREDIT_TOKEN_ENV = os.environ.get("ZHIFA_CREDIT_TOKEN_ENV", "")
ZHIFA_CREDIT_TIMEOUT_SECONDS = float(os.environ.get("ZHIFA_CREDIT_TIMEOUT_SECONDS", "10"))
ZHIFA_CREDIT_RETRY_BASE_SECONDS = int(os.environ.get("ZHIFA_CREDIT_RETRY_BASE_SECONDS", "60"))
ZHIFA_CREDIT_RETRY_CAP_SECONDS = int(os.environ.get("ZHIFA_CREDIT_RETRY_CAP_SECONDS", "3600"))
ZHIFA_CREDIT_ESCALATE_ATTEMPTS = int(os.environ.get("ZHIFA_CREDIT_ESCALATE_ATTEMPTS", "5"))
ZHIFA_CREDIT_ESCALATE_HOURS = int(os.environ.get("ZHIFA_CREDIT_ESCALATE_HOURS", "24"))
ZHIFA_CREDIT_BATCH = int(os.environ.get("ZHIFA_CREDIT_BATCH", "200"))
ZHIFA_CREDIT_EXPORT_MAX_ROWS = int(os.environ.get("ZHIFA_CREDIT_EXPORT_MAX_ROWS", "50000"))
# 行政执法统计 (zhifa.statistics.rules): the day of January by which the previous year's figures are reported —
# the 10th by the 实施方案; some provinces set the 31st.
ZHIFA_STATISTICS_ANNUAL_DAY = int(os.environ.get("ZHIFA_STATISTICS_ANNUAL_DAY", "10"))
# 公示信息更正申请 (PUB-07, publicity.corrections): the largest evidence file an applicant may upload, in bytes,
# and how many applications one client address may make in an hour (a flood is answered 429).
ZHIFA_CORRECTION_MAX_BYTES = int(os.environ.get("ZHIFA_CORRECTION_MAX_BYTES", str(10 * 1024 * 1024)))
ZHIFA_CORRECTION_PER_HOUR = int(os.environ.get("ZHIFA_CORRECTION_PER_HOUR", "5"))
