from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "redaksi.notify"
    label = "notify"

    def ready(self) -> None:
        from redaksi.accounts.events import PasswordLinkReady
        from redaksi.core import events
        from redaksi.newsroom.events import StepStarted, add_desk_context

        from .account_mail import mail_password_link
        from .handoffs import desk_freshness, on_step_started

        events.subscribe(StepStarted, on_step_started)
        events.subscribe(PasswordLinkReady, mail_password_link)
        add_desk_context(desk_freshness)
