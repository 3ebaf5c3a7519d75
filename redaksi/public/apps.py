from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import is_system_admin, nav_register


class PublicConfig(AppConfig):
    name = "redaksi.public"
    label = "public"

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.media.events import GalleryChanged
        from redaksi.newsroom.events import PublicItemEvent, set_preview_renderer

        from . import hooks
        from .events import SiteScanAlert
        from .render import pages
        from .scan_alerts import alert_site_scan

        events.subscribe(PublicItemEvent, hooks.on_item_event)
        events.subscribe(SiteScanAlert, alert_site_scan)
        events.subscribe(GalleryChanged, hooks.on_gallery_changed)
        set_preview_renderer(pages.item_preview)
        if apps.is_installed("redaksi.social"):  # the pictures made for the networks wear the site's look
            from redaksi.social.cards import Look, set_office_look

            from .site import card_look

            set_office_look(lambda office: Look(**card_look(office)))
        # One entry for the office online: its social media accounts are a tab on its pages (no room at 1280 px
        # for an entry of their own).
        nav_register(
            label=_("Website profile"),
            url_name="public_staff:profile",
            order=80,
            visible=is_system_admin,
            also=("social:accounts", "public_staff:scan"),
        )
