"""The public site in a real browser: a publish on the desk appears everywhere, a takedown answers 410,
and every page type passes axe-core and is photographed at phone and desktop size."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import slugify
from playwright.sync_api import expect

from redaksi.demo.items import PARAGRAPHS
from redaksi.newsroom.models import Category
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.services import ItemText, item_create, item_takedown
from redaksi.newsroom.tests.factories import advance
from redaksi.public.models import SiteProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "fixtures" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TITLES = [
    ("Bupati Bengkalis Resmikan Jembatan Penghubung Desa Teluk Lancar", "Pembangunan", "Bantan"),
    ("Diskominfotik Gelar Pelatihan Pengelolaan Website bagi Admin OPD", "Teknologi Informasi", "Bengkalis"),
    ("Bengkalis Raih Predikat Informatif pada Anugerah Keterbukaan Informasi Riau", "Pemerintahan", "Pekanbaru"),
    ("Festival Pantai Selatbaru Tarik Ribuan Pengunjung", "Ekonomi", "Bantan"),
    ("Pengumuman Jadwal Pelayanan Adminduk Keliling Bulan Desember", "Pengumuman", "Bengkalis"),
    ("Wakil Bupati Tinjau Pelaksanaan Imunisasi di Puskesmas Duri", "Kesehatan", "Duri"),
]


def _office_identity(office):
    office.address = "Jl. Pertanian No. 1, Bengkalis, Riau 28711"
    office.phone = "(0766) 21010"
    office.email = "diskominfotik@bengkaliskab.go.id"
    office.website = "diskominfotik.bengkaliskab.go.id"
    office.save()
    SiteProfile.objects.create(
        office=office,
        tagline="Melayani informasi publik yang cepat, tepat dan terpercaya.",
        ppid_url="https://ppid.bengkaliskab.go.id/",
    )


def _write(staff, office, title, category, place, to_step=None):
    cat = Category.objects.get_or_create(office=office, slug=slugify(category), defaults={"name": category})[0]
    text = ItemText(
        title=title,
        lead=f"Pemerintah Kabupaten Bengkalis menyampaikan informasi: {title.lower()}.",
        body="".join(f"<p>{p}</p>" for p in PARAGRAPHS),
        category=cat,
        tags=[place, category],
        byline="Muhammad Rizki Pratama",
        place=place,
    )
    return advance(item_create(actor=staff["reporter"], office=office, text=text), staff, to_step)


def _axe(page, name):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert not bad, f"{name}: {bad}"


def test_publish_on_the_desk_then_take_down(page, live_server, login, staff, office):
    _office_identity(office)
    for title, category, place in TITLES[:4]:
        _write(staff, office, title, category, place)
    item = _write(staff, office, "Pasar Murah Jelang Natal Digelar di Enam Kecamatan", "Ekonomi", "Bengkalis", 7)
    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    page.click("button[name=outcome][value=done]")
    page.wait_for_load_state()
    item.refresh_from_db()
    assert item.published_at is not None
    path = public_path(item)
    for address in ("/", "/kategori/ekonomi/", path[:16], "/berita/"):
        page.goto(live_server.url + address)
        assert page.locator(f"a[href='{path}']").count() >= 1, address
    # Headless Chrome names itself in its User-Agent, and the counter ignores it like a bot: be a phone.
    page.set_extra_http_headers({"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"})
    page.goto(live_server.url + path)
    assert page.locator("h1").inner_text() == item.title
    expect(page.locator("[data-count]")).to_have_text("1")  # the read beacon answered with the live count
    assert not page.locator("[data-copy]").is_hidden()
    absolute = settings.REDAKSI_PUBLIC["BASE_URL"] + path
    assert absolute in page.request.get(f"{live_server.url}/rss.xml").text()
    month = path[8:15].replace("/", "-")
    assert absolute in page.request.get(f"{live_server.url}/sitemap-berita-{month}.xml").text()
    assert f"sitemap-berita-{month}.xml" in page.request.get(f"{live_server.url}/sitemap.xml").text()

    # The desk has no takedown button yet (the newsroom's templates): the service is what it would call.
    item_takedown(actor=staff["admin"], item_id=item.pk, reason="Harga yang dimuat keliru.")
    response = page.goto(live_server.url + path)
    assert response.status == 410
    assert page.locator("[data-status='410'] h1").count() == 1
    page.goto(live_server.url + "/")
    assert page.locator(f"a[href='{path}']").count() == 0


def test_every_page_type_is_accessible_and_photographed(browser, live_server, staff, office):
    _office_identity(office)
    Category.objects.create(office=office, name="Olahraga", slug="olahraga")  # nothing will be published in it
    items = [_write(staff, office, *row) for row in TITLES]
    first = items[0]
    path = public_path(first)
    pages = {
        "home": "/",
        "article": path,
        "category": "/kategori/pembangunan/",
        "empty-category": "/kategori/olahraga/",
        "announcements": "/kategori/pengumuman/",
        "galleries": "/galeri/",
        "videos": "/video/",
        "tag": "/tag/bantan/",
        "news": "/berita/",
        "newest-page": "/berita/halaman/2/",
        "archive": "/arsip/",
        "month": path[:16],
        "year": path[:13],
        "search": "/cari/?q=bengkalis",
        "search-too-long": "/cari/?q=" + "x" * 300,
        "profile": "/profil/",
        "categories": "/kategori/",
        "not-found": "/tidak-ada/",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((360, 780), (1280, 900)):
        # axe is injected inline, which the site's CSP rightly forbids: this context alone may bypass it.
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        for name, address in pages.items():
            response = page.goto(live_server.url + address)
            assert response.status in (200, 400, 404), name
            page.screenshot(path=str(ARTIFACTS / f"public-{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
            _axe(page, f"{name} at {width} px")
        context.close()
    item_takedown(actor=staff["admin"], item_id=items[1].pk, reason="Ditarik untuk uji.")
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 780}, bypass_csp=True)
    page = context.new_page()
    assert page.goto(live_server.url + public_path(items[1])).status == 410
    page.screenshot(path=str(ARTIFACTS / "public-gone-360.png"), full_page=True)
    _axe(page, "gone")
    context.close()


TABLE_BODY = (
    "<p>BENGKALIS – Bupati meninjau jembatan yang menghubungkan dua desa di Kecamatan Bantan.</p>"
    "<table><tr><th>Kecamatan</th><th>Pembangunan</th><th>Anggaran</th><th>Keterangan</th></tr>"
    "<tr><td>Bantan</td><td>Jembatan penghubung</td><td>Rp1.250.000.000</td><td>Diselesaikan</td></tr>"
    "<tr><td>Bengkalis</td><td>Pelabuhan rakyat</td><td>Rp3.400.000.000</td><td>Dikerjakan</td></tr></table>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
)


def _words_broken(page, selector):
    """Cells whose words the browser broke over two lines (a word's text ranges span more than one line)."""
    return page.evaluate(
        """sel => [...document.querySelectorAll(sel)].flatMap(cell => {
            const text = cell.firstChild; if (!text || !text.data) return [];
            const broken = []; let at = 0;
            for (const word of text.data.split(' ')) {
                const range = document.createRange(); range.setStart(text, at); range.setEnd(text, at + word.length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) broken.push(word);
                at += word.length + 1;
            }
            return broken;
        })""",
        selector,
    )


def test_an_article_with_a_table_reads_well_on_a_phone(browser, live_server, staff, office):
    cat = Category.objects.get_or_create(office=office, slug="pembangunan", defaults={"name": "Pembangunan"})[0]
    text = ItemText(
        title="Bupati Tinjau Jembatan Penghubung Desa di Bantan",
        lead="Jembatan sepanjang 120 meter itu ditargetkan selesai akhir tahun.",
        body=TABLE_BODY,
        category=cat,
        place="Bengkalis",
    )
    item = advance(item_create(actor=staff["reporter"], office=office, text=text), staff, None)
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((360, 780), (1280, 900)):
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.goto(live_server.url + public_path(item))
        page.screenshot(path=str(ARTIFACTS / f"public-article-table-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
        assert _words_broken(page, ".article__body td, .article__body th") == []
        assert page.locator("article").inner_text().upper().count("BENGKALIS –") == 1  # one dateline
        context.close()
