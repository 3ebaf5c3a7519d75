from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "redaksi.notify"
    label = "notify"

    def ready(self) -> None:
        from redaksi.core import events
        from redaksi.newsroom.events import StepStarted, add_desk_context

        from .handoffs import on_step_started
        from .selectors import freshness

        events.subscribe(StepStarted, on_step_started)
        add_desk_context(lambda office: {"freshness": freshness(office)})
