from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redaksi.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from . import checks  # noqa: F401 - registers the start-up checks of the settings dicts
        from .converters import IdConverter

        # Every id in every URL is bounded (`<id:pk>`); a test refuses the unbounded `<int:…>`.
        register_converter(IdConverter, "id")
