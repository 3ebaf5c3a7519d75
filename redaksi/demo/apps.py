from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo staff and news items for `make run`; the production profile refuses them."""

    name = "redaksi.demo"
    label = "demo"
