from django.apps import AppConfig
from django.core import checks


class MediaConfig(AppConfig):
    name = "redaksi.media"
    label = "media"

    def ready(self) -> None:
        from redaksi.newsroom import events

        from .hooks import publish_blockers
        from .services.photos import photo_upload

        checks.register(check_settings, "media")
        events.add_publication_check(publish_blockers)
        events.set_picture_intake(photo_upload)


def check_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from django.core.exceptions import ImproperlyConfigured

    from .conf import media_settings

    try:
        media_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="media.E001")]
    return []
