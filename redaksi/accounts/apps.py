from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class AccountsConfig(AppConfig):
    name = "redaksi.accounts"
    label = "accounts"

    def ready(self) -> None:
        nav_register(label=_("Users"), url_name="accounts:user_list", order=40, visible=is_system_admin)
        nav_register(label=_("Roles"), url_name="accounts:role_list", order=50, visible=is_system_admin)
        nav_register(
            label=_("Acting officials"), url_name="accounts:appointment_list", order=60, visible=is_system_admin
        )
