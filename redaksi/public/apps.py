from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "redaksi.public"
    label = "public"

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.media.events import GalleryChanged
        from redaksi.newsroom.events import PublicItemEvent

        from . import hooks

        events.subscribe(PublicItemEvent, hooks.on_item_event)
        events.subscribe(GalleryChanged, hooks.on_gallery_changed)
