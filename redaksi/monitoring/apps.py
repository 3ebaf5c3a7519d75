from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from redaksi.core.nav import nav_register


class MonitoringConfig(AppConfig):
    name = "redaksi.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        from .access import may_monitor

        nav_register(label=_("SOP monitoring"), url_name="monitoring:dashboard", order=35, visible=may_monitor)
