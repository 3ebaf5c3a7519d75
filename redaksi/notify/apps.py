from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "redaksi.notify"
    label = "notify"

    def ready(self) -> None:
        from redaksi.accounts.events import LoginUnderAttack, PasswordLinkReady
        from redaksi.accounts.twofactor.events import SecondFactorReset
        from redaksi.core import events
        from redaksi.newsroom.events import StepCompleted, StepReassigned, StepStarted, add_desk_context

        from .account_mail import alert_login_attack, mail_password_link, mail_second_factor_reset
        from .handoffs import desk_freshness, on_step_completed, on_step_reassigned, on_step_started

        events.subscribe(StepStarted, on_step_started)
        events.subscribe(StepCompleted, on_step_completed)
        events.subscribe(StepReassigned, on_step_reassigned)
        events.subscribe(PasswordLinkReady, mail_password_link)
        events.subscribe(LoginUnderAttack, alert_login_attack)
        events.subscribe(SecondFactorReset, mail_second_factor_reset)
        add_desk_context(desk_freshness)
