from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class PublicConfig(AppConfig):
    name = "redaksi.public"
    label = "public"

    def ready(self) -> None:
        nav_register(label=_("Website profile"), url_name="public_staff:profile", order=80, visible=is_system_admin)
