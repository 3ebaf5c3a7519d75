from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "redaksi.core"
    label = "core"
