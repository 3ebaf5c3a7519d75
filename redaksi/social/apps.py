from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "redaksi.social"
    label = "social"
    verbose_name = _("Social media")

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import PublicItemChanged, StepStarted, TextChanged, set_share_proof

        from .hooks import on_step_started, on_text_changed
        from .selectors import proof

        events.subscribe(StepStarted, on_step_started)
        events.subscribe(TextChanged, on_text_changed)
        events.subscribe(PublicItemChanged, on_text_changed)
        set_share_proof(proof)
        # In the staff menu as a tab of the website profile's entry (public/apps.py): no room for a ninth entry.
