from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import nav_register


class NewsroomConfig(AppConfig):
    name = "redaksi.newsroom"
    label = "newsroom"

    def ready(self) -> None:
        nav_register(label=_("Desk"), url_name="newsroom:desk", order=10)
