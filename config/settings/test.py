"""The test profile: same as local unless DATABASE_URL names PostgreSQL; fast hashing."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

REDAKSI_PROFILE = "test"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AUDIT_HMAC_KEY = "test-audit-key-not-secret"
# The suite's flush empties the audit tables with DELETE on SQLite; audit/tests/test_guards.py turns it on.
REDAKSI_AUDIT_SQLITE_GUARD = False
SOCIAL_TOKEN_KEY = "test-social-key-not-secret"  # noqa: S105 - a test value
# Core's outbox, tested on its own table of parcels.
INSTALLED_APPS = [*INSTALLED_APPS, "redaksi.core.tests.outboxapp"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests name the address links in mail start with (REDAKSI_BASE_URL), as production does.
REDAKSI_BASE_URL_FROM_REQUEST = False
# Static files straight from the app folders: tests need no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Two suites on one PostgreSQL server (two checkouts, two engineers) need their own test databases.
if env("REDAKSI_TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": env("REDAKSI_TEST_DB_NAME")}

# Tests assert on the English msgids. Indonesian, the product's first language, is proved by
# core/tests/test_locale.py (a complete catalogue, used when the browser asks for id) and by the
# browser tests, which run with locale id-ID.
LANGUAGE_CODE = "en"

# Most tests log in as approvers and administrators without a second factor; the two-factor tests switch
# the requirement on themselves (redaksi/accounts/tests/test_twofactor*.py).
REDAKSI_2FA_REQUIRED = False
