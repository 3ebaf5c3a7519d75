"""What production relies on: the periodic jobs, the units that run them, health, and Redis going away."""

import configparser
import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.management import call_command, get_commands
from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.core.cache import ResilientRedisCache

from .conftest import free_port

ROOT = Path(__file__).resolve().parents[3]
SOP_JOBS = {"notify_send", "notify_reminders", "notify_digest", "public_sync"}
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def unit(name: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.read(ROOT / "deploy" / "systemd" / name)
    return parser["Service"]


# --- the periodic jobs and their units -------------------------------------------------------------


def test_the_periodic_schedule_covers_every_job_and_each_is_a_command():
    names = {name for name, _every, *_extra in django_settings.REDAKSI_PERIODIC}
    assert SOP_JOBS | {"health_beat", "media_sweep"} <= names
    commands = get_commands()
    assert all(name in commands for name in names), names - set(commands)
    assert all(every <= 3600 for _name, every, *_ in django_settings.REDAKSI_PERIODIC)


def test_production_units_run_the_database_worker_and_the_periodic_loop():
    worker, periodic = unit("redaksi-worker.service"), unit("redaksi-periodic.service")
    assert "manage.py db_worker" in worker["ExecStart"]
    assert periodic["ExecStart"].endswith("manage.py periodic")
    for service in (worker, periodic, unit("redaksi-web.service")):
        assert service["EnvironmentFile"] == "/etc/redaksi/env"
        assert service["Restart"] in ("always", "on-failure")
    web = unit("redaksi-web.service")
    assert "gunicorn" in web["ExecStart"]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when its batch is done
def test_health_beat_runs_the_heartbeat_and_keeps_a_day(settings):
    settings.TASKS = DB_QUEUE
    from django_tasks_db.models import DBTaskResult

    from redaksi.core.health import HEARTBEAT_TASK

    with time_machine.travel("2026-12-01 08:00Z"):
        call_command("health_beat")
    call_command("health_beat")
    assert DBTaskResult.objects.filter(task_path=HEARTBEAT_TASK).count() == 1  # the old one was pruned
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get(task_path=HEARTBEAT_TASK).status == "SUCCESSFUL"


# --- health --------------------------------------------------------------------------------------


def test_healthz_answers_before_the_host_check(client):
    response = client.get("/healthz", HTTP_HOST="unknown.example")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_all_ready(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert set(checks) == {"database", "cache", "storage", "queue", "worker", "rendered"}
    assert all(c["ok"] for c in checks.values())


@pytest.mark.django_db(transaction=True)
def test_readyz_tells_when_the_worker_stops(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DB_QUEUE
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False,
        "detail": "no heartbeat yet: are the worker and the periodic jobs running?",
        "ms": response.json()["checks"]["worker"]["ms"],
    }
    call_command("health_beat")
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", verbosity=0)
    assert client.get("/readyz").status_code == 200
    # The worker stops: the timer keeps enqueueing, nothing runs, and /readyz says so within the limit.
    with time_machine.travel(timedelta(minutes=6)):
        call_command("health_beat")
    with time_machine.travel(timedelta(minutes=12)):
        checks = client.get("/readyz").json()["checks"]
    assert not checks["worker"]["ok"] and "min ago" in checks["worker"]["detail"]
    assert not checks["queue"]["ok"] and "waiting longer" in checks["queue"]["detail"]


@pytest.mark.django_db
def test_readyz_tells_when_redis_is_down(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CACHES = {
        "default": {
            "BACKEND": "redaksi.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    cache = response.json()["checks"]["cache"]
    assert cache["ok"] is False and cache["detail"] == "cache does not answer (ConnectionError)"


@pytest.mark.django_db
def test_readyz_tells_when_storage_is_read_only(client, settings, tmp_path):
    (tmp_path / "ro").mkdir(mode=0o500)
    settings.MEDIA_ROOT = tmp_path / "ro" / "media"
    import os

    if os.geteuid() == 0:  # root writes anywhere: make the media root a file instead
        settings.MEDIA_ROOT = tmp_path / "a-file"
        settings.MEDIA_ROOT.write_text("x")
    checks = client.get("/readyz").json()["checks"]
    assert checks["storage"]["ok"] is False and checks["storage"]["detail"].startswith("media storage not writable")


# --- Redis going away -------------------------------------------------------------------------------


def test_the_cache_degrades_while_redis_is_down_and_recovers(redis_server):
    cache = ResilientRedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1}})
    cache.set("k", 41)
    assert cache.incr("k") == 42
    assert cache.add("lock", 1) is True
    redis_server.stop()
    assert cache.get("k") is None and cache.get("k", "x") == "x"
    assert cache.get_many(["k"]) == {}
    assert cache.add("lock2", 1) is False
    assert cache.incr("k") == 0
    cache.set("k", 1)
    cache.delete("k")
    with pytest.raises(Exception, match="[Cc]onnect"):
        cache.ping()
    redis_server.start()  # an empty Redis (no persistence), on the same port
    cache.set("k", 7)
    assert cache.get("k") == 7
    cache.ping()


@pytest.fixture
def redis_down(settings):
    """Production's cache layout with nothing listening where Redis should be."""
    settings.CACHES = {
        "default": {
            "BACKEND": "redaksi.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
        "throttle": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "redaksi_cache"},
    }
    settings.LOGIN_THROTTLE_CACHE = "throttle"
    call_command("createcachetable", verbosity=0)
    for alias in ("default", "throttle"):
        caches[alias].close()
    yield
    caches["throttle"].clear()


@pytest.mark.django_db
def test_login_works_and_is_still_throttled_while_redis_is_down(client, staff, redis_down, settings):
    login = reverse("accounts:login")
    assert client.post(login, {"username": "head", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(settings.LOGIN_THROTTLE_LIMIT):
        assert client.post(login, {"username": "head", "password": "wrong-password"}).status_code == 200
    response = client.post(login, {"username": "head", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert response.context["form"].errors["__all__"][0].startswith("Too many failed attempts")


@pytest.mark.django_db
def test_the_public_read_counter_answers_while_redis_is_down(client, redis_down, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    stdout = io.StringIO()
    call_command("public_sync", stdout=stdout)
    assert "reads=0" in stdout.getvalue()


def test_head_on_health_sends_no_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""


@pytest.mark.django_db
def test_publishing_renders_the_item_while_redis_is_down(
    client, staff, office, redis_down, settings, tmp_path, django_capture_on_commit_callbacks
):
    from redaksi.newsroom.selectors import public_path
    from redaksi.newsroom.tests.factories import advance, new_item

    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    with django_capture_on_commit_callbacks(execute=True):
        item = advance(new_item(staff, office, title="Terbit Saat Redis Mati"), staff, None)
    assert client.get(public_path(item)).status_code == 200
    assert "Terbit Saat Redis Mati" in (tmp_path / "site" / "index.html").read_text()
