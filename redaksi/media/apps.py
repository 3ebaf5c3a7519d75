from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from redaksi.core.errors import NotPermitted
from redaksi.core.nav import nav_register


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
        nav_register(label=_("Photo galleries"), url_name="media:gallery_list", order=30, visible=may_keep_galleries)


def may_keep_galleries(user) -> bool:
    """Only the office's publishing role keeps galleries: the menu offers them to no one else."""
    from .services.galleries import gallery_capacity  # services import models: not before the registry is ready

    try:
        gallery_capacity(user)
    except NotPermitted:
        return False
    return True


def check_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from django.core.exceptions import ImproperlyConfigured

    from .conf import media_settings

    try:
        media_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="media.E001")]
    return []
