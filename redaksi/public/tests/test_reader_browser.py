"""What a reader meets on a phone, in Chromium (issue 15): no dead end in the menu or the sitemap,
search that understands Indonesian word building, and an address that follows the title the editor gave.

The items go through the SOP by its roles (the factories' services); the reader is not logged in.
"""

import re

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.public import emblem
from redaksi.public.models import SiteProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture
def reader(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _published(staff, office, category, title: str, body: str = "<p>Isi berita.</p>", **kw) -> NewsItem:
    item = new_item(staff, office, title=title, body=body, category=category(kw.pop("category", "Pemerintahan")), **kw)
    return advance(item, staff, None)


def test_empty_sections_answer_with_a_page_that_says_so_and_the_sitemap_has_no_dead_address(
    reader, live_server, staff, office, category
):
    """Defect 4: "Pengumuman", "Galeri Foto", "Video", an empty category and a tag answered 404 while empty."""
    category("Olahraga")  # a category nothing is published in
    _published(staff, office, category, "Bupati Resmikan Jembatan Desa", tags=["Bantan"])
    base = live_server.url
    reader.goto(base + "/")
    for address, empty in (
        ("/kategori/pengumuman/", "Belum ada berita"),
        ("/galeri/", "Belum ada galeri"),
        ("/video/", "Belum ada video"),
    ):
        assert reader.locator(f"a[href='{address}']").count() >= 1, f"the site links {address}"
        response = reader.goto(base + address)
        assert response.status == 200, address
        assert reader.locator("h1").count() == 1 and empty in reader.inner_text("main"), address
    assert reader.goto(base + "/kategori/olahraga/").status == 200
    assert "Belum ada berita" in reader.inner_text("main")
    assert reader.goto(base + "/tag/bantan/").status == 200

    # Every address the sitemaps name answers 200 (10 of 29 answered 404 in the demo's).
    site = django_settings.REDAKSI_PUBLIC["BASE_URL"]
    addresses, sitemaps = set(), [site + "/sitemap.xml"]
    while sitemaps:
        for loc in LOC.findall(reader.request.get(sitemaps.pop().replace(site, base)).text()):
            if loc.endswith(".xml"):
                sitemaps.append(loc)
            else:
                addresses.add(loc)
    assert site + "/kategori/pengumuman/" in addresses and site + "/galeri/" in addresses
    dead = [a for a in sorted(addresses) if reader.request.get(a.replace(site, base)).status != 200]
    assert dead == []


def test_search_finds_indonesian_word_families_and_keeps_exact_phrases(reader, live_server, staff, office, category):
    """Defect 15: "meresmikan" found nothing while "resmikan" found the item; "pembangunan" missed "dibangun"."""
    opened = _published(staff, office, category, "Bupati Resmikan Jembatan Desa Teluk Lancar")
    built = _published(
        staff, office, category, "Gedung Sekolah Baru di Bantan", body="<p>Gedung itu dibangun dalam enam bulan.</p>"
    )
    base = live_server.url

    addresses = {public_path(opened): opened.title, public_path(built): built.title}

    def found(query: str) -> set[str]:
        """Tap the masthead's search button, type the words, as a reader on a phone does; see what is listed."""
        reader.goto(base + "/")
        reader.get_by_role("link", name="Cari berita").click()
        reader.wait_for_url("**/cari/")
        field = reader.locator("#q-main")
        expect(field).to_be_focused()  # the keyboard is up: the reader came to type
        field.fill(query)
        field.press("Enter")
        reader.wait_for_url("**/cari/?*")
        return {title for address, title in addresses.items() if reader.locator(f"main a[href='{address}']").count()}

    assert found("meresmikan") == {opened.title}
    assert found("peresmian jembatan") == {opened.title}
    assert found("pembangunan") == {built.title}
    assert found('"dibangun dalam enam bulan"') == {built.title}
    assert found('"dibangun dalam tujuh bulan"') == set()


def test_the_address_follows_the_title_kasubag_gives_before_publication(
    browser, live_server, staff, office, category, login, page, reader
):
    """Defect 5: the web address kept the imported title after the editor changed it."""
    item = advance(new_item(staff, office, title="SCAN_20261202 undangan rapat", category=category()), staff, 2)
    login(staff["editor"])  # Kasubag edits at step 2
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/sunting/")
    page.fill("#id_title", "Bupati Pimpin Rapat Koordinasi Banjir")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{item.pk}/")
    item = advance(item, staff, None)
    address = public_path(item)
    assert address.endswith(f"/{item.pk}-bupati-pimpin-rapat-koordinasi-banjir/")
    assert reader.goto(live_server.url + address).status == 200
    assert reader.inner_text("h1") == "Bupati Pimpin Rapat Koordinasi Banjir"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_masthead_is_compact_on_a_phone_and_its_search_a_button(
    browser, live_server, staff, office, category, width
):
    """On a phone the search form took a row of its own: identity, search and menu came to about 210 px."""
    logo = emblem.shield(emblem.office_initials(office), "#0b3d6e", 256)  # the demo's logo: the widest masthead
    SiteProfile.objects.create(office=office, logo_png=emblem.png(logo), logo_width=logo.width, logo_height=256)
    _published(staff, office, category, "Bupati Resmikan Jembatan Desa")
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 780})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        button = page.get_by_role("link", name="Cari berita")
        form = page.get_by_role("search", name="Cari")
        if width == 360:
            assert page.locator(".masthead").bounding_box()["height"] <= 130
            box = button.bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44  # a target a thumb can hit
            assert page.locator(".identity").bounding_box()["y"] == pytest.approx(box["y"], abs=12)  # one row
            expect(form).to_be_hidden()
        else:
            expect(button).to_be_hidden()
            expect(form).to_be_visible()
            expect(form.get_by_role("searchbox")).to_be_editable()
    finally:
        context.close()
