from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "redaksi.media"
    label = "media"
