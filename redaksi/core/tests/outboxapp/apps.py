from django.apps import AppConfig


class OutboxTestsConfig(AppConfig):
    """An outbox of parcels, installed by the test profile only: core's outbox tested on its own."""

    name = "redaksi.core.tests.outboxapp"
    label = "outbox_tests"
