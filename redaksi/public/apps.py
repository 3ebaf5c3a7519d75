from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "redaksi.public"
    label = "public"
