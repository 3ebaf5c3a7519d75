"""The production profile for real: PostgreSQL (data and task queue), Redis (cache), a db_worker."""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


needs_services = pytest.mark.skipif(
    not (answers(5432) and answers(6379)), reason="needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379"
)


PROD_DB = os.environ.get("REDAKSI_PROD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/redaksi_prodtest")


@pytest.fixture(scope="module")
def prod_database():
    """A database of these tests' own (never the shared `test`), migrated once with the production profile."""
    import psycopg

    name = PROD_DB.rsplit("/", 1)[1]
    with psycopg.connect(PROD_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return PROD_DB


def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDAKSI_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DATABASE_URL=PROD_DB,
        REDIS_URL="redis://127.0.0.1:6379/14",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        REDAKSI_AUDIT_KEY="audit-key-for-the-profile-test",
        REDAKSI_VAR_DIR=str(tmp_path),
        DJANGO_ALLOWED_HOSTS="redaksi.example.go.id",
        DJANGO_SSL_REDIRECT="1",
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_production_refuses_sqlite(tmp_path):
    env = production_env(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/x.sqlite3"
    result = manage(env, "check")
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


WEAK_KEYS = ["change-me-to-50-random-characters", "django-insecure-abc", "a" * 60, "1234567890" * 6]


@pytest.mark.parametrize("key", WEAK_KEYS)
def test_production_refuses_a_placeholder_or_weak_secret_key(tmp_path, key):
    env = production_env(tmp_path)
    env["DJANGO_SECRET_KEY"] = key
    result = manage(env, "check")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY is a placeholder or too weak" in result.stderr


@needs_services
def test_deploy_checks_pass(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@needs_services
def test_tasks_run_through_the_database_queue_and_a_db_worker(tmp_path, prod_database):
    env = production_env(tmp_path)
    migrate = manage(env, "migrate", "--noinput", timeout=600)
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "1", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        result = manage(env, "worker_check", "--timeout", "60")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Task worker alive (default:" in result.stdout
    finally:
        worker.terminate()
        worker.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_of_the_embedded_default(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from django.core.management import call_command

    from redaksi.core.tasks import echo

    result = echo.enqueue("halo")
    call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    result.refresh()
    assert result.is_finished and result.return_value == "halo"


@needs_services
def test_backup_and_restore_on_postgresql(tmp_path, prod_database):
    import shutil

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed (Debian package postgresql-client)")
    env = production_env(tmp_path)
    for args in (["migrate", "--noinput"], ["sop_load", "sop/bengkalis-pengelolaan-berita.yaml"]):
        result = manage(env, *args, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    count = "from redaksi.audit.models import AuditEntry as A; print('ROWS', A.objects.count(), A.objects.last().hash)"
    before = manage(env, "shell", "-c", count).stdout
    made = manage(env, "backup", "--to", str(tmp_path / "backups"))
    assert made.returncode == 0, made.stderr
    folder = made.stdout.split("Backup made: ")[1].split()[0]

    wrong = manage({**env, "REDAKSI_AUDIT_KEY": "another-key"}, "restore", "--yes", folder)
    assert wrong.returncode != 0 and "wrong audit key" in wrong.stderr

    restored = manage(env, "restore", "--yes", folder, timeout=300)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Audit chain intact" in restored.stdout
    assert manage(env, "shell", "-c", count).stdout == before and "ROWS" in before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@needs_services
def test_gunicorn_serves_readyz_and_refuses_demo_passwords(tmp_path, prod_database):
    import json
    import time
    import urllib.error
    import urllib.request

    env = production_env(tmp_path)
    port = _free_port()
    env.update(REDAKSI_BIND=f"127.0.0.1:{port}", REDAKSI_WORKERS="1", DJANGO_ALLOWED_HOSTS="127.0.0.1")
    for args in (
        ["migrate", "--noinput"],
        ["sop_load", "sop/bengkalis-pengelolaan-berita.yaml"],
        ["health_beat"],
        ["db_worker", "--batch", "--interval", "0", "--no-startup-delay"],
    ):
        result = manage(env, *args, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "deploy/gunicorn.conf.py"]

    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(120):
            if answers(port):
                break
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=30) as response:
            body = json.load(response)
        assert body["status"] == "ok", body
        assert body["checks"]["worker"]["ok"] and body["checks"]["database"]["detail"] == "postgresql"
    finally:
        server.terminate()
        server.wait(timeout=30)

    demo = (
        "from redaksi.accounts.models import User; from redaksi.demo.staff import DEMO_PASSWORD;"
        "u, _ = User.objects.get_or_create(username='demo-left-behind', defaults={'full_name': 'Demo'});"
        "u.is_active = True; u.set_password(DEMO_PASSWORD); u.save()"
    )
    assert manage(env, "shell", "-c", demo).returncode == 0
    try:
        refused = subprocess.run(gunicorn, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert refused.returncode != 0
        assert "refuses to start" in refused.stderr and "demo-left-behind" in refused.stderr
    finally:
        manage(
            env,
            "shell",
            "-c",
            "from redaksi.accounts.models import User; "
            "User.objects.filter(username='demo-left-behind').update(is_active=False)",
        )
