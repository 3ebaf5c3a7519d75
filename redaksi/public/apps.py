from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "redaksi.public"
    label = "public"

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.media.events import GalleryChanged
        from redaksi.newsroom.events import PublicItemEvent

        from . import hooks

        events.subscribe(PublicItemEvent, lambda event: hooks.item_changed(event.item))
        events.subscribe(GalleryChanged, lambda event: hooks.gallery_changed(event.gallery))
