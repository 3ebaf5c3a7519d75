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
accesslog = "-"
errorlog = "-"
