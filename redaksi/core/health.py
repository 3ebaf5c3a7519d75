"""Health for nginx, systemd and monitoring: `/healthz` (the process answers) and `/readyz` (it can work).

Both answer from a middleware placed first, before the host check and the HTTPS redirect, so a probe on
127.0.0.1 over plain HTTP gets the truth rather than a 400 or a 301, and never touches a session.

`/readyz` runs the checks named in `settings.REDAKSI_READY_CHECKS` (dotted paths, so that the core imports
no other app of ours): each returns a short detail or raises `NotReady`. The answer is JSON, 200 when every
check passes and 503 otherwise; details never carry exception messages (they may name hosts or paths).
"""

import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)
HEARTBEAT_TASK = "redaksi.core.health.heartbeat"


class NotReady(Exception):
    """A check failed; the message is what /readyz shows."""


@task()
def heartbeat() -> str:
    """Enqueued every minute by `manage.py health_beat`: a finished one proves the worker and the timer run."""
    return timezone.now().isoformat()


def _uses_database_queue() -> bool:
    return type(task_backends["default"]).__module__.startswith("django_tasks_db")


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return connection.vendor


def check_cache() -> str:
    cache = caches["default"]
    ping = getattr(cache, "ping", None)
    if ping is not None:
        try:
            ping()
        except Exception as exc:
            raise NotReady(f"cache does not answer ({type(exc).__name__})") from exc
        return "redis"
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    if cache.get(key) != 1:
        raise NotReady("cache lost a value")
    cache.delete(key)
    return type(cache).__name__


def _media_storage():
    # The alias media live in (REDAKSI_MEDIA["STORAGE"]: "default", or "s3" after a switch), read from the
    # settings so that core needs no import of the media app.
    alias = (getattr(settings, "REDAKSI_MEDIA", None) or {}).get("STORAGE", "default")
    return storages[alias] if alias != "default" else default_storage


def check_storage() -> str:
    try:
        storage = _media_storage()
        name = storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        storage.delete(name)
    except Exception as exc:
        raise NotReady(f"media storage not writable ({type(exc).__name__})") from exc
    return "writable"


def check_queue() -> str:
    """Tasks due for more than the heartbeat age and still waiting: the worker does not keep up or is down."""
    if not _uses_database_queue():
        return "not checked"
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    limit = timezone.now() - timedelta(minutes=settings.REDAKSI_HEARTBEAT_MAX_AGE_MINUTES)
    # A task without a time of its own is stored with the largest date: its wait starts when it was enqueued.
    late = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .filter(Q(run_after=get_date_max(), enqueued_at__lt=limit) | Q(run_after__lt=limit))
        .count()
    )
    if late:
        raise NotReady(f"{late} tasks waiting longer than {settings.REDAKSI_HEARTBEAT_MAX_AGE_MINUTES} min")
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    return f"{waiting} waiting"


def check_worker() -> str:
    """The newest heartbeat the worker ran; `manage.py health_beat` (a periodic job) enqueues one a minute."""
    if not _uses_database_queue():
        return "not checked"
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    last = (
        DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK, status=TaskResultStatus.SUCCESSFUL)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)
        .first()
    )
    if last is None:
        raise NotReady("no heartbeat yet: are the worker and the periodic jobs running?")
    age = timezone.now() - last
    if age > timedelta(minutes=settings.REDAKSI_HEARTBEAT_MAX_AGE_MINUTES):
        raise NotReady(f"last heartbeat {int(age.total_seconds() // 60)} min ago")
    return f"{int(age.total_seconds())} s ago"


def run_checks() -> dict[str, dict]:
    results = {}
    for path in settings.REDAKSI_READY_CHECKS:
        name = path.rpartition(".")[2].removeprefix("check_")
        started = time.monotonic()
        try:
            check: Callable[[], str] = import_string(path)
            results[name] = {"ok": True, "detail": check()}
        except NotReady as exc:
            results[name] = {"ok": False, "detail": str(exc)}
        except Exception as exc:
            logger.warning("readyz: %s failed", name, exc_info=True)
            results[name] = {"ok": False, "detail": type(exc).__name__}
        results[name]["ms"] = round((time.monotonic() - started) * 1000)
    return results


def _json(payload: dict, status: int, method: str = "GET") -> HttpResponse:
    body = "" if method == "HEAD" else json.dumps(payload)
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            if request.path == "/healthz":
                return _json({"status": "ok"}, 200, request.method)
            if request.path == "/readyz":
                checks = run_checks()
                ok = all(c["ok"] for c in checks.values())
                return _json({"status": "ok" if ok else "fail", "checks": checks}, 200 if ok else 503, request.method)
        return self.get_response(request)
