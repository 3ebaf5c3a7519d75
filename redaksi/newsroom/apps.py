from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import nav_register


class NewsroomConfig(AppConfig):
    name = "redaksi.newsroom"
    label = "newsroom"

    def ready(self) -> None:
        from redaksi.accounts.twofactor.required import requirement_register
        from redaksi.core import events
        from redaksi.sop.events import SopVersionLoaded

        from .services.reassign import on_sop_version_loaded
        from .twofactor import performs_an_approval

        nav_register(label=_("Desk"), url_name="newsroom:desk", order=10)
        events.subscribe(SopVersionLoaded, on_sop_version_loaded)
        requirement_register(performs_an_approval)  # approvers log in with a second factor
