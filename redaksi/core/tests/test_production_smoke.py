"""The production profile as deploy/install.sh sets it up, started for real and used through nginx.

nginx serves the site install.sh's own nginx step writes; behind it the units' own commands run (gunicorn with
deploy/gunicorn.conf.py, the db_worker, the periodic loop) on PostgreSQL and Redis, with mail through a real
SMTP server on 127.0.0.1. In Chromium, four people take an item from step 1 to the public site (the approval by
the e-mailed link), the item is scheduled and goes live on time, and the app is stopped while the public site
stays up. It runs in the PostgreSQL pass of `.ci/run` (DATABASE_URL names PostgreSQL).
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from redaksi.accounts.tests.test_twofactor_browser import code_from_key
from redaksi.notify.tests.conftest import TOKEN_IN_LINK, SmtpServer, free_port

from .conftest import RedisServer
from .nginx_site import main_conf, render_site
from .test_production_profile import PROD_DB, ROOT, answers, production_env

WIB = ZoneInfo("Asia/Jakarta")
SMOKE_DB = "redaksi_smoke"
ROLES = {"reporter": "staf-pengolah-data", "editor": "kasubag", "head": "kabag", "admin": "staf-admin"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") or "").startswith("postgres"),
        reason="runs in the PostgreSQL pass of .ci/run (DATABASE_URL naming PostgreSQL)",
    ),
    pytest.mark.skipif(not (answers(5432) and answers(6379)), reason="needs PostgreSQL and Redis on 127.0.0.1"),
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (make deploy-tools)"),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed"),
]


def unit_command(unit: str) -> list[str]:
    """The ExecStart of a shipped systemd unit, with this checkout's virtualenv for /srv/redaksi/.venv."""
    text = (ROOT / "deploy" / "systemd" / f"redaksi-{unit}.service").read_text()
    command = re.search(r"^ExecStart=(.+)$", text, re.M).group(1).split()
    venv_bin = Path(sys.executable).parent
    return [str(venv_bin / Path(word).name) if word.startswith("/srv/redaksi/.venv/") else word for word in command]


def fresh_database(url: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SMOKE_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SMOKE_DB}"')


class Stack:
    """The installed services of one office, each a process with its log in the stack's folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port, self.app_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.smtp = SmtpServer()
        self.redis = RedisServer(free_port(), folder)  # its own, so that it can be stopped
        self.processes: dict[str, subprocess.Popen] = {}
        self.database = PROD_DB.rsplit("/", 1)[0] + "/" + SMOKE_DB
        var = folder / "var"
        self.env = production_env(var)
        self.env.update(
            DATABASE_URL=self.database,
            REDIS_URL=self.redis.url,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_CSRF_TRUSTED_ORIGINS=self.url,
            DJANGO_SSL_REDIRECT="0",
            DJANGO_SECURE_COOKIES="0",
            REDAKSI_BASE_URL=self.url,
            REDAKSI_TRUSTED_PROXIES="127.0.0.1",
            REDAKSI_BIND=f"127.0.0.1:{self.app_port}",
            REDAKSI_WORKERS="2",
            REDAKSI_MEDIA_ROOT=str(var / "media"),
            REDAKSI_PUBLIC_ROOT=str(var / "public_site"),
            REDAKSI_STATIC_ROOT=str(folder / "staticfiles"),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp.port),
            REDAKSI_FROM_EMAIL="redaksi@127.0.0.1",
        )
        self.passwords = {who: secrets.token_urlsafe(12) for who in ROLES}

    def manage(self, *args: str, timeout: int = 600) -> str:
        command = [sys.executable, "manage.py", *args]
        result = subprocess.run(command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def install(self) -> None:
        """What install.sh does after the packages: database, static files, SOP, staff, first render, nginx site."""
        (self.folder / "var").mkdir()
        fresh_database(self.database)
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("sop_load", "sop/bengkalis-pengelolaan-berita.yaml")
        people = ";".join(
            f"user_create(actor=None, office=office, username={who!r}, full_name={who.title()!r}, "
            f"password={self.passwords[who]!r}, roles=Role.objects.filter(office=office, code={role!r}), "
            f"email='{who}@example.go.id')"
            for who, role in ROLES.items()
        )
        self.manage(
            "shell",
            "-c",
            "from redaksi.accounts.models import Office, Role; from redaksi.accounts.services import user_create;"
            f"office = Office.objects.get(); {people}",
        )
        self.manage("public_rebuild")
        site = render_site(
            self.folder / "nginx",
            NAME="redaksi_smoke",
            VAR_DIR=str(self.folder / "var"),
            BIND=self.env["REDAKSI_BIND"],
            DOMAIN="127.0.0.1",
            CERT_DIR=str(self.folder / "no-certificate"),
            SCHEME="http",
            HTTP_PORT=str(self.port),
            HTTPS_PORT="0",
        )
        # install.sh collects static files into the checkout (APP_DIR/staticfiles); this run keeps them apart.
        text = site.read_text().replace(f"{ROOT}/staticfiles/", f"{self.env['REDAKSI_STATIC_ROOT']}/")
        site.write_text(text.replace("listen [::]:", "# listen [::]:"))  # the test machine may lack IPv6

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=env or self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def up(self) -> None:
        self.redis.start()
        self.smtp.start()
        self.start("web", unit_command("web"))
        self.start("worker", unit_command("worker"))
        self.start("periodic", unit_command("periodic"))
        nginx = main_conf(self.folder / "nginx", serve=True)
        self.start("nginx", ["nginx", "-c", str(nginx), "-e", str(self.folder / "nginx" / "error.log")])
        deadline = time.monotonic() + 90
        while not (answers(self.port) and answers(self.app_port)):
            assert time.monotonic() < deadline, self.logs()
            for name, process in self.processes.items():
                assert process.poll() is None, f"{name} exited\n{self.logs()}"
            time.sleep(0.5)

    def down(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        self.smtp.stop()
        self.redis.stop()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}" for path in sorted(self.folder.glob("*.log"))
        )

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    folder.chmod(0o755)
    stack = Stack(folder)
    stack.install()
    stack.up()
    yield stack
    stack.down()


def wait_for(check, seconds: float, what: str, stack: Stack):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}\n{stack.logs()}"
        time.sleep(1)


def test_ready_through_nginx_with_static_files_from_the_production_storage(stack):
    status, _headers, body = wait_for(
        lambda: (answer := stack.get("/readyz"))[0] == 200 and answer, 120, "/readyz never became ready", stack
    )
    checks = json.loads(body)["checks"]
    assert checks["database"]["detail"] == "postgresql" and checks["worker"]["ok"] and checks["cache"]["ok"]
    status, _headers, page = stack.get("/akun/masuk/")
    assert status == 200
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page)
    assert stylesheets and all(re.search(r"\.[0-9a-f]{12}\.css$", href) for href in stylesheets), stylesheets
    for href in stylesheets:
        status, headers, _css = stack.get(href)
        assert status == 200 and "max-age=604800" in headers["Cache-Control"], href
    status, headers, home = stack.get("/")
    assert status == 200 and "ETag" in headers  # the rendered home page, a file nginx serves itself


class Desk:
    """The four people of the SOP at their desks, in Chromium, through nginx."""

    keys: dict[str, str] = {}  # the approver's authenticator key, kept across the module's tests
    used: dict[str, int] = {}  # the last 30-second step whose code was used (a code works once)

    def __init__(self, stack: Stack, browser):
        self.stack, self.browser, self.pages = stack, browser, {}

    def code(self, who: str) -> str:
        now = int(time.time() // 30)
        ahead = max(0, self.used.get(who, now - 1) + 1 - now)  # django-otp accepts the next step too
        self.used[who] = now + ahead
        return code_from_key(self.keys[who], ahead)

    def __call__(self, who: str):
        if who not in self.pages:
            context = self.browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(f"{self.stack.url}/akun/masuk/")
            page.fill("#id_username", who)
            page.fill("#id_password", self.stack.passwords[who])
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/redaksi/" in url or "/akun/dua-langkah/" in url)
            if "/akun/dua-langkah/pasang/" in page.url:  # production: an approver sets up the app first
                self.keys[who] = page.inner_text("#twofactor-secret")
                page.fill("#id_code", self.code(who))
                page.click("button.primary")
                page.wait_for_url("**/akun/dua-langkah/kode-cadangan/")
                page.click("text=Sudah saya simpan")
            elif "/akun/dua-langkah/kode/" in page.url:  # and gives the app's code at every login after
                page.fill("#id_code", self.code(who))
                page.click("button.primary")
            page.wait_for_url(f"{self.stack.url}/redaksi/")
            self.pages[who] = page
        return self.pages[who]

    def write(self, title: str) -> int:
        writer = self("reporter")
        writer.goto(f"{self.stack.url}/redaksi/berita/baru/")
        writer.fill("#id_title", title)
        writer.fill("#id_lead", "Jembatan sepanjang 120 meter menghubungkan dua desa.")
        writer.locator(".jodit-wysiwyg").fill("Bupati Bengkalis meresmikan jembatan penghubung.")
        writer.click("#item-form button[type=submit]")
        writer.wait_for_url("**/redaksi/berita/*/")
        return int(re.search(r"/redaksi/berita/(\d+)/$", writer.url).group(1))

    def act(self, item_id: int, who: str, outcome: str, links: str = "") -> None:
        page = self(who)
        page.goto(f"{self.stack.url}/redaksi/berita/{item_id}/")
        if links:
            page.fill("#id_links", links)
        page.click(f"button[name=outcome][value={outcome}]")
        page.wait_for_load_state()
        assert page.url.endswith(f"/redaksi/berita/{item_id}/"), page.url

    def approval_mail(self, title: str):
        return wait_for(
            lambda: next(
                (
                    m["message"]
                    for m in self.stack.smtp.messages
                    if "head@example.go.id" in m["to"] and title in m["message"]["Subject"]
                ),
                None,
            ),
            120,
            f"no approval mail for {title!r} reached the SMTP server",
            self.stack,
        )

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture
def desk(stack, browser):
    desk = Desk(stack, browser)
    yield desk
    desk.close()


def test_an_item_from_step_1_to_live_on_schedule_through_nginx(stack, desk):
    title = "Bupati Resmikan Jembatan Teluk Lancar"
    item_id = desk.write(title)

    def act(who: str, outcome: str, links: str = "") -> None:
        desk.act(item_id, who, outcome, links)

    act("reporter", "done")
    act("editor", "done")

    # Step 3 by e-mail: the worker sends the approval mail over SMTP; its link leads through nginx.
    mail = desk.approval_mail(title)
    token = TOKEN_IN_LINK.search(mail.get_body(("plain",)).get_content()).group(1)
    head = desk("head")
    head.goto(f"{stack.url}/notifikasi/persetujuan/{token}/")
    assert head.is_checked("input[value=approve]")
    head.click("button[type=submit]")
    head.wait_for_selector(".np-done")

    act("reporter", "done")
    act("admin", "done")
    act("editor", "approve")

    # Step 7: scheduled for the next whole minute at least 20 s away, then published.
    admin = desk("admin")
    admin.goto(f"{stack.url}/redaksi/berita/{item_id}/")
    when = (datetime.now(WIB) + timedelta(seconds=80)).replace(second=0, microsecond=0)
    schedule = admin.locator(f"form[action$='/berita/{item_id}/jadwal/']")
    admin.locator("details", has=schedule).locator("summary").click()
    admin.fill("#id_publish_at", when.strftime("%Y-%m-%dT%H:%M"))
    schedule.locator("button[type=submit]").click()
    admin.wait_for_load_state()
    act("admin", "done")

    path = stack.manage(
        "shell",
        "-c",
        "from redaksi.newsroom.models import NewsItem; from redaksi.newsroom.selectors import public_path;"
        f"print(public_path(NewsItem.objects.get(pk={item_id})))",
    ).splitlines()[-1]
    assert path.startswith("/berita/"), path
    assert stack.get(path)[0] == 404, "live before its time"
    live = wait_for(lambda: stack.get(path)[0] == 200 and datetime.now(WIB), 150, f"{path} never went live", stack)
    assert when <= live <= when + timedelta(seconds=45), (when, live)
    status, headers, article = stack.get(path)
    assert title in article and "ETag" in headers  # the rendered file, served by nginx

    act("admin", "done", links="https://www.facebook.com/diskominfotik/posts/1")


def test_redis_smtp_and_the_worker_stopped_mid_work_lose_nothing(stack, desk):
    for name in ("worker", "periodic"):
        stack.stop(name)
    stack.smtp.stop()
    stack.redis.stop()
    try:
        status, _headers, body = stack.get("/readyz")
        assert status == 503 and not json.loads(body)["checks"]["cache"]["ok"]
        # Work goes on: a new login (the throttle counts in the database), an item written and sent on.
        title = "Pasar Murah Jelang Natal di Bengkalis"
        item_id = desk.write(title)
        desk.act(item_id, "reporter", "done")
        desk.act(item_id, "editor", "done")
        desk("head")
    finally:
        stack.redis.start()
        stack.smtp.start()
        stack.start("worker", unit_command("worker"))
        stack.start("periodic", unit_command("periodic"))
    # Everything left behind goes out once the parts are back: the approval mail, and the site says ready.
    token = TOKEN_IN_LINK.search(desk.approval_mail(title).get_body(("plain",)).get_content()).group(1)
    assert token
    wait_for(lambda: stack.get("/readyz")[0] == 200, 180, "/readyz did not recover", stack)


def test_the_public_site_stays_up_while_the_app_is_down(stack):
    stack.stop("web")
    try:
        status, headers, body = stack.get("/redaksi/")
        assert status == 503 and "pemeliharaan" in body.lower() and headers.get("Retry-After") == "60"
        status, _headers, home = stack.get("/")
        assert status == 200 and "<html" in home
    finally:
        stack.start("web", unit_command("web"))
        wait_for(lambda: answers(stack.app_port), 60, "the app did not come back", stack)
    assert wait_for(lambda: stack.get("/healthz")[0] == 200, 60, "/healthz after restart", stack)
