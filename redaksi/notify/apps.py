from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "redaksi.notify"
    label = "notify"
