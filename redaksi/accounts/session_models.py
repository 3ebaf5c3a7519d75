"""One row per login session: which device, from where, since when, last seen; and how it ended.

Keyed by a hash of the session key, never the key itself, so the table works beside any session store
(the database or the cache) and reading it gives nobody a session to steal.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    class Ended(models.TextChoices):
        LOGOUT = "logout", _("logged out")
        IDLE = "idle", _("no activity")
        ABSOLUTE = "absolute", _("time limit reached")
        BY_USER = "by_user", _("ended by the user")
        PASSWORD = "password", _("password changed")
        DISABLED = "disabled", _("account disabled")
        SECOND_FACTOR_RESET = "2fa_reset", _("second factor reset")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=10, choices=Ended.choices, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "ended_at"], name="usersession_user_open")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.started_at:%Y-%m-%d %H:%M}"
