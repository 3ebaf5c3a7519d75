"""Settings shared by every profile. Values that differ per machine come from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from redaksi.media.conf import S3_ALIAS, media_storage_alias, s3_storage_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("REDAKSI_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def secret_from_env_or_file(name: str, filename: str) -> str:
    """A secret from the environment, else from a file under var/ made on first use.

    The file lives outside the database on purpose: the audit key must not be readable by
    someone who can only read or write the database.
    """
    value = os.environ.get(name)
    if value:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    path = Path(file_name) if file_name else VAR_DIR / filename
    if path.exists():
        return path.read_text().strip()
    if file_name:
        raise ImproperlyConfigured(f"{name}_FILE points to {path}, which does not exist.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.token_urlsafe(48))
    path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = secret_from_env_or_file("DJANGO_SECRET_KEY", "secret_key")
AUDIT_HMAC_KEY = secret_from_env_or_file("REDAKSI_AUDIT_KEY", "audit.key")
# The record's head, sealed, appended now and then outside the database (manage.py audit_anchor).
REDAKSI_AUDIT_ANCHOR_FILE = Path(os.environ.get("REDAKSI_AUDIT_ANCHOR_FILE") or VAR_DIR / "audit-anchors.log")
# Encrypts the social networks' tokens at rest (redaksi/social/crypto.py): outside the database, like the audit key.
SOCIAL_TOKEN_KEY = secret_from_env_or_file("REDAKSI_SOCIAL_KEY", "social.key")

DEBUG = False
ALLOWED_HOSTS = [h for h in (env("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "redaksi.core",
    "redaksi.audit",
    "redaksi.accounts",
    "redaksi.sop",
    "redaksi.newsroom",
    "redaksi.media",
    "redaksi.notify",
    "redaksi.social",
    "redaksi.monitoring",
    "redaksi.public",
    "redaksi.demo",
]

MIDDLEWARE = [
    "redaksi.core.health.HealthMiddleware",  # /healthz and /readyz, before the host check and the HTTPS redirect
    "redaksi.core.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "redaksi.accounts.allowlist.StaffNetworkMiddleware",  # REDAKSI_STAFF_NETWORKS: staff pages from these only
    "redaksi.accounts.sessions.SessionGuardMiddleware",  # idle and absolute session limits, ended sessions
    "django_otp.middleware.OTPMiddleware",
    "redaksi.accounts.twofactor.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "redaksi.core.middleware.SecurityHeadersMiddleware",
    "redaksi.core.links.RequestOriginMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "redaksi.core.views.csrf_failure"  # in the user's language, and logged
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "redaksi.accounts.context_processors.staff_navigation",
                "redaksi.notify.context_processors.unread",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'redaksi.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL") or DEFAULT_SQLITE, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front, so two writers never deadlock on the
    # upgrade from a read lock (the audit chain relies on this for its single head).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "newsroom:desk"
LOGOUT_REDIRECT_URL = "accounts:login"
# Passwords (ASVS 2.1): 12 characters or more, not common (Django's list and ours, redaksi/accounts/data), not
# made of the user's name, NIP or office. Demo and test accounts are set directly and skip these.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "redaksi.accounts.password_validators.CommonPasswordsValidator"},
    {"NAME": "redaksi.accounts.password_validators.PersonalDataValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins allowed per username and per address in LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_LIMIT = 10
LOGIN_THROTTLE_WINDOW = 15 * 60
# Two-factor login (redaksi/accounts/twofactor, docs/two-factor.md): approvers and system administrators must
# have a second factor; everyone else may. Production always requires it; tests switch it on where they test it.
REDAKSI_2FA_REQUIRED = env_bool("REDAKSI_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = env("REDAKSI_2FA_ISSUER", "Redaksi")
# A mailed link to a new password works once, for this many seconds (Django's default is three days).
PASSWORD_RESET_TIMEOUT = 2 * 60 * 60

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("REDAKSI_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("REDAKSI_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media on S3 (or MinIO): REDAKSI_MEDIA_S3_* define the "s3" storage; REDAKSI_MEDIA_STORAGE=s3 moves the
# library there, after `manage.py media_migrate --to s3` has copied it (docs/operasi.md).
_MEDIA_S3 = s3_storage_from_env(os.environ)
if _MEDIA_S3:
    STORAGES[S3_ALIAS] = _MEDIA_S3
REDAKSI_MEDIA = {"STORAGE": media_storage_alias(env("REDAKSI_MEDIA_STORAGE"), STORAGES)}

# Room for a semester of monitoring's per-day entries for several SOPs (LocMem's default keeps 300).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("REDAKSI_FROM_EMAIL", "redaksi@localhost")

# The parts that send things out of the house, like STORAGES: an alias, its backend class and its
# options (checked at start-up). Mail goes through Django's EMAIL_BACKEND; docs/architecture.md#backends.
REDAKSI_BACKENDS = {
    "mail": {"BACKEND": "redaksi.core.backends.DjangoMailBackend", "OPTIONS": {}},
}

# Notifications: every option, with its default, in redaksi/notify/conf.py and docs/notify-settings.md.
REDAKSI_NOTIFY = {
    "MAIL_BACKEND": "mail",
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions (redaksi/accounts/sessions.py): end after 30 minutes without activity (a warning a minute before)
# and after 12 hours in all. The store keeps a session a little longer, so the guard sees it end and records it.
REDAKSI_SESSION_IDLE_SECONDS = 30 * 60
REDAKSI_SESSION_MAX_SECONDS = 12 * 60 * 60
REDAKSI_SESSION_WARN_SECONDS = 60
SESSION_COOKIE_AGE = REDAKSI_SESSION_MAX_SECONDS + 15 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Bounds that keep a hostile form from eating memory (bad input 22).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "redaksi.core.logging.EscapingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "filters": {"client_errors": {"()": "redaksi.core.logging.ClientErrorFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"filters": ["client_errors"]},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Proxies (nginx) whose X-Real-IP names the client; nothing else may set the client address.
REDAKSI_TRUSTED_PROXIES = [a for a in (env("REDAKSI_TRUSTED_PROXIES") or "").split(",") if a]
# Networks the staff pages may be reached from, e.g. "10.0.0.0/8,192.168.1.0/24"; empty: any (accounts/allowlist.py).
REDAKSI_STAFF_NETWORKS = [n.strip() for n in (env("REDAKSI_STAFF_NETWORKS") or "").split(",") if n.strip()]

# The address staff and the public reach the site at: links in mail and feeds use it. Unset (development), a
# link in mail made while serving a request starts with that request's own address, so a server on another
# port mails links to itself; production never reads the Host header for links (see redaksi/core/links.py).
REDAKSI_BASE_URL = (env("REDAKSI_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
REDAKSI_BASE_URL_FROM_REQUEST = not env("REDAKSI_BASE_URL")
# Where the public site is rendered to (files served by the app, or by nginx in production).
REDAKSI_PUBLIC_ROOT = Path(env("REDAKSI_PUBLIC_ROOT") or VAR_DIR / "public_site")

# Periodic work for `manage.py periodic` (make run starts it; production uses systemd timers):
# (command, every N seconds, *arguments).
REDAKSI_PERIODIC = [
    ("notify_send", 60),
    ("notify_telegram", 30),
    ("notify_reminders", 300),
    ("notify_digest", 3600),
    ("public_sync", 60),
    ("health_beat", 60),
    ("media_sweep", 300),
    ("audit_anchor", 600),
    ("social_send", 60),
    ("social_tokens", 3600),
    ("site_scan", 3600),  # the whole site at most once a day (the command decides)
    ("session_sweep", 300),
    ("monitoring_reminders", 3600),
]
# Domains the site scanner accepts links to besides the site's own, *.go.id and the big networks
# (public/scan.py): a comma-separated list in the env file, e.g. "kompas.com,antaranews.com".
REDAKSI_SCAN_LINK_HOSTS = tuple(
    h.strip().lower() for h in (env("REDAKSI_SCAN_LINK_HOSTS") or "").split(",") if h.strip()
)

# Which profile is running ("local", "test", "production"); `demo_data` refuses production.
REDAKSI_PROFILE = "local"

# The SOP that the demo and `make run` load.
REDAKSI_DEFAULT_SOP_FILE = BASE_DIR / "sop" / "bengkalis-pengelolaan-berita.yaml"

# --- Public site (redaksi.public): every option, with its default, in redaksi/public/conf.py ---------
REDAKSI_PUBLIC = {
    # The address readers use; links in pages, feeds and sitemaps are built on it (default: REDAKSI_BASE_URL).
    "BASE_URL": (env("REDAKSI_PUBLIC_BASE_URL") or REDAKSI_BASE_URL).rstrip("/"),
    # The office whose site this install renders (its slug); empty means the first office.
    "OFFICE": env("REDAKSI_PUBLIC_OFFICE", "") or "",
    # Items per listing page. Changing it moves every page: run `manage.py public_rebuild` afterwards.
    "PAGE_SIZE": int(env("REDAKSI_PUBLIC_PAGE_SIZE", "12") or 12),
}
# --- end of the public site block -------------------------------------------------------------

# --- Step 8, social media (redaksi.social): every option, with its default, in redaksi/social/conf.py ---
REDAKSI_SOCIAL = {
    # Default accounts every office gets, of the STORAGES shape (alias -> NETWORK, BACKEND, OPTIONS, NAME,
    # REQUIRED). Most offices add theirs on the staff screen ("Akun media sosial") instead.
    "ACCOUNTS": {},
}
# --- end of the social media block -------------------------------------------------------------

# --- Operations (health, periodic upkeep) -----------------------------------------------------
# /readyz runs these checks (dotted paths; each returns a detail or raises redaksi.core.health.NotReady).
REDAKSI_READY_CHECKS = [
    "redaksi.core.health.check_database",
    "redaksi.core.health.check_cache",
    "redaksi.core.health.check_storage",
    "redaksi.core.health.check_queue",
    "redaksi.core.health.check_worker",
    "redaksi.public.health.check_rendered",
]
# A worker heartbeat, a waiting task or an unrendered publish older than this makes /readyz fail.
REDAKSI_HEARTBEAT_MAX_AGE_MINUTES = int(env("REDAKSI_HEARTBEAT_MAX_AGE_MINUTES", "5") or 5)
# Where `manage.py backup` puts its folders (install.sh: /var/backups/redaksi).
REDAKSI_BACKUP_DIR = Path(env("REDAKSI_BACKUP_DIR") or VAR_DIR / "backups")
# --- end of the operations block --------------------------------------------------------------
