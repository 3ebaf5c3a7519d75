"""Fixtures shared by every app's tests."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from redaksi.accounts.models import Office, Role, User
from redaksi.accounts.services import user_create
from redaksi.sop.models import SopVersion
from redaksi.sop.services import sop_load

BENGKALIS = Path(settings.REDAKSI_DEFAULT_SOP_FILE)
FIXTURES = Path(__file__).resolve().parent / "sop" / "tests" / "fixtures"
PASSWORD = "uji-sandi-2026"  # noqa: S105 - test logins


@pytest.fixture
def bengkalis(db) -> SopVersion:
    return sop_load(text=BENGKALIS.read_text(), source_name=BENGKALIS.name).version


@pytest.fixture
def office(bengkalis) -> Office:
    return bengkalis.sop.office


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(*role_codes: str, office: Office | None = None, is_staff: bool = False, **fields) -> User:
        counter["n"] += 1
        office = office or Office.objects.order_by("pk").first()
        roles = Role.objects.filter(office=office, code__in=role_codes)
        assert roles.count() == len(role_codes), f"unknown role in {role_codes}"
        return user_create(
            actor=None,
            office=office,
            username=fields.pop("username", f"user{counter['n']}"),
            full_name=fields.pop("full_name", f"Pegawai Uji {counter['n']}"),
            password=PASSWORD,
            is_staff=is_staff,
            roles=roles,
            email=fields.pop("email", f"user{counter['n']}@example.go.id"),
            **fields,
        )

    return make


@pytest.fixture
def staff(bengkalis, make_user) -> dict[str, User]:
    """One user per Bengkalis role, a second reporter and a system administrator."""
    return {
        "reporter": make_user("staf-pengolah-data", username="reporter", full_name="Rizki Pratama"),
        "reporter2": make_user("staf-pengolah-data", username="reporter2", full_name="Rahmat Hidayat"),
        "editor": make_user("kasubag", username="editor", full_name="Siti Rahmawati"),
        "head": make_user("kabag", username="head", full_name="Hendra Saputra"),
        "admin": make_user("staf-admin", username="webadmin", full_name="Dewi Lestari"),
        "sysadmin": make_user(username="sysadmin", full_name="Andi Firmansyah", is_staff=True),
    }


def chromium_path() -> str | None:
    return shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a browser downloaded by a test tool."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REDAKSI_REQUIRE_BROWSER"):
            pytest.fail("chromium is not installed (make browser installs it)")
        pytest.skip("chromium is not installed: run make browser")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def login(page, live_server):
    def do(user: User, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/akun/masuk/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    return do


@pytest.fixture(scope="session")
def _anchors_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("anchors")


@pytest.fixture(autouse=True)
def _own_anchor_file(settings, _anchors_folder):
    """Each test anchors the record in a file of its own: a flushed database never meets an old anchor."""
    import uuid

    settings.REDAKSI_AUDIT_ANCHOR_FILE = _anchors_folder / f"{uuid.uuid4().hex}.log"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches: throttles and once-per-window records do not leak, and
    flows cached by SOP version id do not outlive a flushed database that reuses the id."""
    from django.core.cache import cache

    from redaksi.newsroom.selectors import _flow_for_version

    cache.clear()
    _flow_for_version.cache_clear()
    yield
    cache.clear()
    _flow_for_version.cache_clear()


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """Each test starts in the settings' language: a request in Indonesian must not leave it active."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
