from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "redaksi.social"
    label = "social"
    verbose_name = _("Social media")

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import (
            ItemTakenDown,
            PublicItemChanged,
            StepStarted,
            TextChanged,
            set_share_proof,
        )
        from redaksi.notify.telegram_bot import set_bot_source

        from .approval_bot import office_bot
        from .hooks import on_item_taken_down, on_public_item_changed, on_step_started, on_text_changed
        from .selectors import proof

        events.subscribe(StepStarted, on_step_started)
        events.subscribe(TextChanged, on_text_changed)
        events.subscribe(PublicItemChanged, on_text_changed)
        events.subscribe(PublicItemChanged, on_public_item_changed)
        events.subscribe(ItemTakenDown, on_item_taken_down)
        set_share_proof(proof)
        set_bot_source(office_bot)  # the office's Telegram bot also carries approval notices
        # In the staff menu as a tab of the website profile's entry (public/apps.py): no room for a ninth entry.
