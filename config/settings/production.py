"""The production profile: PostgreSQL, Redis, SMTP, behind nginx. Everything from the environment."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, LOGGING, MIDDLEWARE, SECRET_KEY, STORAGES, env, env_bool

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs DATABASE_URL naming a PostgreSQL database.")
# The placeholder of deploy/env.example, a short key or Django's insecure default never signs a session here.
if "change-me" in SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 20:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is a placeholder or too weak. Make one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' (deploy/install.sh does this)."
    )

REDAKSI_PROFILE = "production"
REDAKSI_2FA_REQUIRED = True  # approvers and administrators always log in with a second factor here
DEBUG = False
REDAKSI_BASE_URL_FROM_REQUEST = False  # links in mail use REDAKSI_BASE_URL, never the Host header
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only for an install still without a certificate (deploy/install.sh writes 0 then, 1 once HTTPS is on).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
CSRF_TRUSTED_ORIGINS = [o for o in (env("DJANGO_CSRF_TRUSTED_ORIGINS") or "").split(",") if o]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(env("EMAIL_PORT", "25") or 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
# Media stay where base put them (the filesystem, or the "s3" alias from REDAKSI_MEDIA_S3_*).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "redaksi.core.staticfiles.ProductionStaticFilesStorage"}}

# The task queue is the database (django-tasks-db, `manage.py db_worker`): it is there whenever the app
# can write at all, so a publish or an upload is never lost to a queue outage; it keeps deferred tasks
# (scheduled renders, mail retries, read-count flushes) and priorities without a separate scheduler.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Redis holds only what may be lost (read counts between flushes, short-lived flags): while it is down
# the cache misses instead of failing. The login throttle counts in the database (see core migration 0001).
REDIS_URL = env("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "redaksi_cache"},
}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "redaksi.core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
LOGIN_THROTTLE_CACHE = "throttle"

# HSTS preload is a commitment for the whole registered domain (often the regency's .go.id, which
# the office does not control alone): opt in per deployment, not by default.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Logs: one JSON object per line on stderr (journald keeps them), UTC times, the request id and user id.
MIDDLEWARE = [MIDDLEWARE[0], "redaksi.core.requestlog.RequestContextMiddleware", *MIDDLEWARE[1:]]
LOGGING = {
    **LOGGING,
    "formatters": {"json": {"()": "redaksi.core.requestlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
}

# Optional error reports: SENTRY_DSN in the env file switches them on (no personal data is sent).
if env("SENTRY_DSN"):
    from redaksi.core.requestlog import sentry_init

    sentry_init(env("SENTRY_DSN"), environment=env("SENTRY_ENVIRONMENT") or "production")
