from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class AccountsConfig(AppConfig):
    name = "redaksi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import sessions  # noqa: F401 - its receivers track logins and logouts

        # One entry for the people of the office; roles and acting officials are tabs on its pages.
        nav_register(
            label=_("Users"),
            url_name="accounts:user_list",
            order=40,
            visible=is_system_admin,
            also=("accounts:role_list", "accounts:appointment_list"),
        )
