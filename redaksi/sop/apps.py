from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import nav_register


class SopConfig(AppConfig):
    name = "redaksi.sop"
    label = "sop"

    def ready(self) -> None:
        nav_register(label=_("SOP"), url_name="sop:list", order=20)
