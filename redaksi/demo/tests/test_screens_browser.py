"""Every staff and public page type, as the role that uses it, photographed at 360 and 1280 px.

One demo data set (`demo_data`: items at every SOP step, photos, a gallery, a video, announcements) is
built once, and one Chromium visits every page. Each page must answer with its expected status, have an
`h1`, not scroll sideways, show no broken image and log no console error, and a public page (and the
staff preview of one) must have no axe-core violation of any impact, with the demo's real photos, gallery
and video; the full-page PNGs go to $REDAKSI_SCREENSHOTS_DIR (default: artifacts/screenshots/ in the
clone), named like staff-desk-kasubag-360.png and public-home-1280.png, for people to look at.
"""

import functools
import os
import time
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from redaksi.accounts.models import Role, User
from redaksi.demo.staff import DEMO_PASSWORD
from redaksi.media.models import Gallery
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.services import ItemText, item_save, item_takedown
from redaksi.notify.tests.conftest import tokens_in
from redaksi.public.render.layout import gallery_url
from redaksi.sop.models import Sop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 1280)
AXE = Path(settings.BASE_DIR) / "redaksi" / "public" / "tests" / "fixtures" / "axe.min.js"
ANONYMOUS = ""
BROKEN_IMAGES = "[...document.images].filter(i => i.complete && i.naturalWidth === 0 && i.src).map(i => i.src)"
EAGER_IMAGES = "document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
# Every image loaded and no htmx request (a panel filled after the load) still out.
SETTLED = "[...document.images].every(i => i.complete) && !document.querySelector('.htmx-request')"


def screenshots_dir() -> Path:
    folder = os.environ.get("REDAKSI_SCREENSHOTS_DIR")
    return Path(folder) if folder else Path(settings.BASE_DIR) / "artifacts" / "screenshots"


@dataclass(frozen=True)
class Screen:
    side: str  # "staff" | "public"
    name: str
    address: str
    login: str = ANONYMOUS  # a demo username; empty: not logged in
    status: int = 200
    links: str = ""  # an address the page must link to (a search result)
    axe: bool = False  # checked by axe-core like a public page (the staff preview shows the public article)

    def file_name(self, width: int) -> str:
        return "-".join(part for part in (self.side, self.name, self.login, str(width)) if part) + ".png"


def _item_at(step: int | None) -> NewsItem:
    items = NewsItem.objects.filter(current_step=step, taken_down_at__isnull=True).order_by("pk")
    if step is None:
        items = items.filter(published_at__isnull=False)
    return items.first()


def _approval_token() -> str:
    """The link in the approval mail the demo sends for an item now waiting at step 3."""
    found = [token for message in mail.outbox for token in tokens_in(message.body)]
    assert found, "the demo sends an approval mail with a link"
    return found[-1]


def _demo_site() -> dict:
    """The demo with media, its public site rendered, and one published item taken down (the 410 page)."""
    call_command("demo_data", stdout=StringIO())
    gone = _item_at(None)
    item_takedown(actor=User.objects.get(username="adminweb"), item_id=gone.pk, reason="Data dalam berita keliru.")
    call_command("public_rebuild", "--quiet-progress", stdout=StringIO())
    (Path(settings.REDAKSI_PUBLIC_ROOT) / "wp-login.php").write_text("<?php // planted")
    call_command("site_scan", "--now", stdout=StringIO())  # the scanner's screen shows a finding
    return {
        "steps": {n: _item_at(n) for n in range(1, 9)},
        "done": _item_at(None),
        "gone": gone,
        "compared": _edited(_item_at(2)),
        "token": _approval_token(),
        "gallery": Gallery.objects.filter(item__isnull=True, published_at__isnull=False).get(),
        "sop": Sop.objects.order_by("pk").first(),
        "role": Role.objects.get(code="kasubag"),
        "reporter": User.objects.get(username="pengolah"),
    }


def _edited(item: NewsItem) -> NewsItem:
    """Kasubag's edit at step 2, so that the item has two revisions to compare."""
    text = ItemText(
        title=item.title, lead=item.lead, body=item.body + "<p>Kegiatan ditutup dengan doa bersama.</p>",
        category=item.category, tags=[t.name for t in item.tags.all()], byline=item.byline, place=item.place,
        event_date=item.event_date,
    )  # fmt: skip
    item_save(actor=User.objects.get(username="kasubag"), item_id=item.pk, base_revision=item.revision, text=text)
    return item


# Who does each SOP step in the demo (steps 1 and 4 are the writer's; the draft at step 1 is pengolah2's).
STEP_LOGIN = {1: "pengolah2", 2: "kasubag", 3: "kabag", 4: "pengolah", 5: "adminweb", 6: "kasubag", 7: "adminweb"}
STEP_LOGIN[8] = "adminweb"


def staff_screens(data: dict) -> list[Screen]:
    steps, done = data["steps"], data["done"]
    item = "/redaksi/berita/{}/".format
    screens = [
        Screen("staff", "login", "/akun/masuk/"),
        Screen("staff", "password-forgotten", "/akun/sandi/lupa/"),
        Screen("staff", "approval-link", f"/notifikasi/persetujuan/{data['token']}/"),
        Screen("staff", "softcopy-verify", "/notifikasi/verifikasi/"),
        Screen("staff", "not-found", "/redaksi/berita/999999/", "kasubag", 404),
        *(Screen("staff", "desk", "/redaksi/", who) for who in ("pengolah", "kasubag", "kabag", "adminweb")),
        Screen("staff", "board", "/redaksi/papan/", "kasubag"),
        Screen("staff", "board", "/redaksi/papan/", "kabag"),
        Screen("staff", "item-new", "/redaksi/berita/baru/", "pengolah"),
        *(Screen("staff", f"item-step{n}", item(steps[n].pk), STEP_LOGIN[n]) for n in range(1, 9)),
        Screen("staff", "item-done", item(done.pk), "kasubag"),
        Screen("staff", "edit-step1", item(steps[1].pk) + "sunting/", "pengolah2"),
        Screen("staff", "edit-step2", item(steps[2].pk) + "sunting/", "kasubag"),
        Screen("staff", "edit-step6", item(steps[6].pk) + "sunting/", "kasubag"),
        Screen("staff", "compare", _compare_address(data["compared"]), "kasubag"),
        Screen("staff", "preview", item(steps[7].pk) + "pratinjau/", "adminweb", axe=True),
        Screen("staff", "media-step4", f"/redaksi/media/berita/{steps[4].pk}/", "pengolah"),
        Screen("staff", "media-step5", f"/redaksi/media/berita/{steps[5].pk}/", "adminweb"),
        Screen("staff", "galleries", "/redaksi/media/galeri/", "adminweb"),
        Screen("staff", "gallery-new", "/redaksi/media/galeri/baru/", "adminweb"),
        Screen("staff", "gallery-edit", f"/redaksi/media/galeri/{data['gallery'].pk}/", "adminweb"),
        Screen("staff", "notifications", "/notifikasi/", "kabag"),
        Screen("staff", "notifications", "/notifikasi/", "pengolah"),
        Screen("staff", "notification-settings", "/notifikasi/pengaturan/", "kasubag"),
        Screen("staff", "sop-list", "/sop/", "kasubag"),
        Screen("staff", "sop-document", f"/sop/{data['sop'].pk}/", "kasubag"),
        Screen("staff", "password-change", "/akun/sandi/", "pengolah"),
        Screen("staff", "monitoring", "/pemantauan/", "kabag"),
        Screen("staff", "monitoring-tabel7", "/pemantauan/tabel-7/", "kabag"),
        Screen("staff", "monitoring-evaluation", "/pemantauan/evaluasi/", "kabag"),
    ]
    return screens + _admin_screens(data)


def _compare_address(item: NewsItem) -> str:
    numbers = sorted(item.revisions.values_list("number", flat=True))
    return f"/redaksi/berita/{item.pk}/bandingkan/?a={numbers[0]}&b={numbers[-1]}"


def _admin_screens(data: dict) -> list[Screen]:
    admin = "sysadmin"
    return [
        Screen("staff", "desk", "/redaksi/", admin),
        Screen("staff", "users", "/akun/pengguna/", admin),
        Screen("staff", "user-new", "/akun/pengguna/baru/", admin),
        Screen("staff", "user-edit", f"/akun/pengguna/{data['reporter'].pk}/", admin),
        Screen("staff", "roles", "/akun/peran/", admin),
        Screen("staff", "role-edit", f"/akun/peran/{data['role'].pk}/", admin),
        Screen("staff", "acting", "/akun/plt-plh/", admin),
        Screen("staff", "acting-new", "/akun/plt-plh/baru/", admin),
        Screen("staff", "record", "/catatan/", admin),
        Screen("staff", "site-profile", "/redaksi/situs/", admin),
        Screen("staff", "site-scan", "/redaksi/situs/pemindaian/", admin),
        Screen("staff", "social-accounts", "/redaksi/sosial/akun/", admin),
        Screen("staff", "social-account-new", "/redaksi/sosial/akun/baru/", admin),
    ]


def public_screens(data: dict) -> list[Screen]:
    article = public_path(data["done"])
    return [
        Screen("public", "home", "/"),
        Screen("public", "article", article),
        Screen("public", "news", "/berita/"),
        Screen("public", "year", article[:13]),
        Screen("public", "month", article[:16]),
        Screen("public", "archive", "/arsip/"),
        Screen("public", "categories", "/kategori/"),
        Screen("public", "category", f"/kategori/{data['done'].category.slug}/"),
        Screen("public", "tag", f"/tag/{data['done'].tags.order_by('pk').first().slug}/"),
        Screen("public", "announcements", "/kategori/pengumuman/"),
        Screen("public", "galleries", "/galeri/"),
        Screen("public", "gallery", gallery_url(data["gallery"])),
        Screen("public", "videos", "/video/"),
        Screen("public", "search", "/cari/?q=informasi", links=article),
        Screen("public", "search-empty", "/cari/?q=zzkatatakadazz"),
        Screen("public", "profile", "/profil/"),
        Screen("public", "not-found", "/tidak-ada-halaman-ini/", status=404),
        Screen("public", "gone", public_path(data["gone"]), status=410),
    ]


def test_every_page_type_as_its_role_at_both_widths(browser, live_server, bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {**getattr(settings, "REDAKSI_MEDIA", {}), "RENDITION_FORMATS": ("webp", "jpeg")}
    data = _demo_site()
    screens = staff_screens(data) + public_screens(data)
    folder = screenshots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("staff-*.png"), *folder.glob("public-*.png")]:
        old.unlink()  # a page type no longer visited leaves no picture behind
    problems = []
    for login in dict.fromkeys(screen.login for screen in screens):
        mine = [screen for screen in screens if screen.login == login]
        problems += _visit_as(browser, live_server.url, login, mine, folder)
    names = {screen.file_name(width) for screen in screens for width in WIDTHS}
    assert len(names) == len(screens) * len(WIDTHS), "every screenshot has a name of its own"
    assert not problems, "\n".join(problems)


def _visit_as(browser, base: str, login: str, screens: list[Screen], folder: Path) -> list[str]:
    """Log in once as `login` and visit its pages at each width."""
    context = browser.new_context(locale="id-ID", viewport={"width": WIDTHS[0], "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(_console_error(message)) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    problems = []
    try:
        if login:
            page.goto(f"{base}/akun/masuk/")
            page.fill("#id_username", login)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(lambda url: "/akun/masuk/" not in url)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            for screen in screens:
                errors.clear()
                problems += [
                    f"{screen.file_name(width)} {screen.address}: {p}"
                    for p in _shoot(page, base, screen, width, folder, errors)
                ]
    finally:
        context.close()
    return problems


def _console_error(message) -> str:
    """What a console error says, with the address it is about; empty for what no page can change."""
    where = message.location.get("url", "")
    if where.split("?")[0].endswith("jodit.min.js") and "Content Security Policy" in message.text:
        return ""  # the vendored editor's own templates carry style="display: none;", which the CSP drops
    if message.text.startswith("Failed to load resource"):
        return f"{where} failed:{message.text.removeprefix('Failed to load resource:')}"
    return f"{message.text} ({where})"


def _settle(page, seconds: float = 5.0) -> None:
    """Wait until the page is still (polled from here: the pages' CSP forbids a string evaluated inside them)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(SETTLED) and time.monotonic() < deadline:
        page.wait_for_timeout(50)


def _shoot(page, base: str, screen: Screen, width: int, folder: Path, errors: list[str]) -> list[str]:
    """Open one page, photograph it whole, and say what is wrong with it."""
    response = page.goto(base + screen.address)
    page.evaluate(EAGER_IMAGES)
    _settle(page)
    page.screenshot(path=str(folder / screen.file_name(width)), full_page=True)
    found = []
    if response is None or response.status != screen.status:
        found.append(f"status {response and response.status}, expected {screen.status}")
    if screen.links and page.locator(f"main a[href='{screen.links}']").count() == 0:
        found.append(f"no link to {screen.links}")
    if page.locator("h1").count() == 0:
        found.append("no h1")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        found.append(f"scrolls sideways: {scroll_width} px wide in a {width} px window")
    broken = page.evaluate(BROKEN_IMAGES)
    if broken:
        found.append(f"broken images {broken}")
    expected = f"{base}{screen.address} failed: the server responded with a status of {screen.status}"
    found += [f"console: {e}" for e in errors if e and not e.startswith(expected)]
    if screen.side == "public" or screen.axe:
        found += [f"axe: {v}" for v in _axe_violations(page)]
    return found


@functools.cache
def _axe_source() -> str:
    return AXE.read_text()


def _axe_violations(page) -> list:
    """axe-core's violations of any impact. Evaluated from here, it needs no exception from the pages' CSP."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
