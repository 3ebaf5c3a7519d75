from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "redaksi.sop"
    label = "sop"
