from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "redaksi.audit"
    label = "audit"
