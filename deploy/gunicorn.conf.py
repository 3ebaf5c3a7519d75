"""gunicorn for the staff app and the public site's dynamic endpoints, behind nginx."""

import multiprocessing
import os

bind = os.environ.get("REDAKSI_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("REDAKSI_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
forwarded_allow_ips = "127.0.0.1"
# nginx keeps the access log; the app writes JSON lines (config/settings/production.py).
accesslog = None
errorlog = "-"
# gunicorn's own lines in the app's JSON format, in UTC (Django sets the process's TZ to Asia/Jakarta).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "redaksi.core.requestlog.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
# gunicorn's control socket (gunicornc) beside the app's data, which the unit may write to.
control_socket = os.path.join(os.environ.get("REDAKSI_VAR_DIR", "var"), "gunicorn.ctl")


def on_starting(server):
    """Refuse to serve while an active account still has the public demo password (before any worker forks)."""
    import django
    from django.db import connections

    django.setup()
    try:
        from redaksi.demo.startup import refuse_demo_passwords

        refuse_demo_passwords()
    finally:
        connections.close_all()
