"""The test profile: same as local unless DATABASE_URL names PostgreSQL; fast hashing."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AUDIT_HMAC_KEY = "test-audit-key-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
