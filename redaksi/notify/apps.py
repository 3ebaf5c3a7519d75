from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "redaksi.notify"
    label = "notify"

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import StepStarted, add_desk_context

        from .handoffs import desk_freshness, on_step_started

        events.subscribe(StepStarted, on_step_started)
        add_desk_context(desk_freshness)
