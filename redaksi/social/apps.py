from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class SocialConfig(AppConfig):
    name = "redaksi.social"
    label = "social"
    verbose_name = _("Social media")

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import StepStarted, set_share_proof

        from .hooks import on_step_started
        from .selectors import proof

        events.subscribe(StepStarted, on_step_started)
        set_share_proof(proof)
        nav_register(label=_("Social media accounts"), url_name="social:accounts", order=65, visible=is_system_admin)
