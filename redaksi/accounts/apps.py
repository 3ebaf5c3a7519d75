from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "redaksi.accounts"
    label = "accounts"
