from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redaksi.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the start-up checks of the settings dicts
