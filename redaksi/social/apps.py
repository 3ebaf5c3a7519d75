from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "redaksi.social"
    label = "social"
    verbose_name = _("Social media")

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import ItemTakenDown, PublicItemChanged, StepStarted, set_share_proof

        from .hooks import on_item_taken_down, on_public_item_changed, on_step_started
        from .selectors import proof

        events.subscribe(StepStarted, on_step_started)
        events.subscribe(PublicItemChanged, on_public_item_changed)
        events.subscribe(ItemTakenDown, on_item_taken_down)
        set_share_proof(proof)
        from redaksi.notify.telegram_bot import set_bot_source

        from .approval_bot import office_bot

        set_bot_source(office_bot)  # the office's Telegram bot also carries approval notices
        # Not in the staff menu yet: at 1280 px the administrator's menu has no room for a ninth entry
        # (core/tests/test_header_browser.py). Once the header makes room:
        # nav_register(label=_("Social media"), url_name="social:accounts", order=65, visible=is_system_admin)
