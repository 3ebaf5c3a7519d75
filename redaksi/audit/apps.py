from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class AuditConfig(AppConfig):
    name = "redaksi.audit"
    label = "audit"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .guard import register

        connection_created.connect(register, dispatch_uid="redaksi.audit.guard")
        nav_register(label=_("Audit record"), url_name="audit:list", order=70, visible=is_system_admin)
