import json

import pytest
from django.test import Client

from redaksi.newsroom.selectors import public_path
from redaksi.public import counter, site, tasks
from redaksi.public.models import DailyViews, ItemViews

from .conftest import PASSWORD_FOR_TESTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(publish):
    return publish(title="Festival Pantai Selatbaru", tags=["Bantan"])


@pytest.mark.parametrize(
    "address",
    [
        "/%2e%2e/settings.py",
        "/..%2f..%2fconfig/settings/base.py",
        "/berita/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/berita/..%2f..%2f",
        "/index.html%00.txt",
        "/%00",
        "/berita/%00/",
        "/.render.lock",
        "/aset/..%5c..%5csettings.py",
        "//etc/passwd",
        "/berita/.gone",
    ],
)
def test_addresses_that_leave_the_folder_get_the_friendly_404(item, client, address):
    response = client.get(address)
    assert response.status_code == 404
    assert 'data-status="404"' in response.content.decode() and "masthead" in response.content.decode()
    assert "SECRET" not in response.content.decode()


def test_pages_carry_types_caching_and_security_headers(item, client):
    page = client.get(public_path(item))
    assert page["Content-Type"] == "text/html; charset=utf-8"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert client.get("/rss.xml")["Content-Type"].startswith("application/rss+xml")
    assert client.get("/atom.xml")["Content-Type"].startswith("application/atom+xml")
    assert client.get("/sitemap.xml")["Content-Type"].startswith("application/xml")
    css = page.content.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    asset = client.get(css)
    assert asset["Content-Type"].startswith("text/css") and "immutable" in asset["Cache-Control"]
    again = client.get(public_path(item), HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert "Last-Modified" in page


def test_the_home_page_and_the_item_are_served(item, client):
    home = client.get("/")
    assert home.status_code == 200 and item.title in home.content.decode()
    assert client.head(public_path(item)).status_code == 200


def test_an_address_without_its_slash_is_redirected(item, client):
    response = client.get(public_path(item).rstrip("/") + "?utm=x")
    assert response.status_code == 301
    assert response["Location"] == public_path(item) + "?utm=x"
    assert client.get("/redaksi").status_code == 301
    assert client.get("/tidak-ada").status_code == 404


def test_posting_to_a_page_is_refused(item, client):
    assert client.post(public_path(item)).status_code == 405


def test_no_public_response_sets_a_cookie_even_after_a_logged_in_preview(staff, office, publish, client, public_root):
    from redaksi.newsroom.tests.factories import new_item

    live = publish(title="Berita Umum")
    draft = new_item(staff, office, title="Draf Pratinjau Rahasia")
    staff_client = Client()
    assert staff_client.login(username="reporter", password=PASSWORD_FOR_TESTS)
    preview = staff_client.get(f"/redaksi/berita/{draft.pk}/pratinjau/")
    assert preview.status_code == 200 and "Draf Pratinjau Rahasia" in preview.content.decode()
    for address in ("/", public_path(live), "/cari/?q=Draf", "/rss.xml", "/sitemap.xml", "/tidak-ada/"):
        for who in (staff_client, Client()):
            response = who.get(address)
            assert not response.cookies, address
            assert "Set-Cookie" not in response.headers, address
            assert "Draf Pratinjau Rahasia" not in response.content.decode().replace("q=Draf", ""), address
    anonymous = Client().get(f"/berita/x/{draft.pk}-{draft.slug}/")
    assert anonymous.status_code == 404
    assert all(b"Draf Pratinjau Rahasia" not in p.read_bytes() for p in public_root.rglob("*") if p.is_file())


def test_search_finds_published_news(item, publish, client):
    publish(title="Rapat Koordinasi Banjir Rob")
    page = client.get("/cari/", {"q": "festival pant"})
    assert page.status_code == 200
    assert "Festival Pantai Selatbaru" in page.content.decode()
    assert "Rapat Koordinasi" not in page.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "x" * 100_000,
        '"' * 50_000,
        "(" * 100_000,
        '"' * 150,
        "(" * 150 + ")",
        "AND OR NOT NEAR(",
        "*",
        "a' OR '1'='1",
        "\x00",
    ],
)
def test_hostile_search_input_is_bounded(item, client, query):
    response = client.get("/cari/", {"q": query})
    assert response.status_code in (200, 400)
    if len(query) > 200:
        assert response.status_code == 400
        assert 'data-error="too-long"' in response.content.decode()


def test_a_read_is_counted_in_the_cache_then_flushed(item, client):
    url = f"/api/dibaca/{item.pk}/"
    browser = "Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile"
    for _ in range(3):
        response = client.post(url, HTTP_USER_AGENT=browser)
        assert response.status_code == 200
    assert json.loads(response.content) == {"views": 3}
    assert not ItemViews.objects.filter(item_id=item.pk, total__gt=0).exists()  # nothing written per read
    client.post(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.post(url, HTTP_USER_AGENT="")
    assert counter.pending(item.pk) == 3
    assert counter.flush() == 3
    assert ItemViews.objects.get(item_id=item.pk).total == 3
    assert DailyViews.objects.get(item_id=item.pk).count == 3
    assert counter.flush() == 0
    assert json.loads(client.post(url, HTTP_USER_AGENT=browser).content) == {"views": 4}
    assert client.get(url).status_code == 405


def test_reads_of_unknown_or_hidden_items_are_refused(client, unpublished):
    hidden = unpublished()
    for item in hidden.values():
        assert client.post(f"/api/dibaca/{item.pk}/", HTTP_USER_AGENT="Mozilla/5.0").status_code == 404
    assert client.post("/api/dibaca/999999/", HTTP_USER_AGENT="Mozilla/5.0").status_code == 404


def test_terpopuler_is_recomputed_and_the_home_page_redrawn(item, publish, client, public_root):
    other = publish(title="Pengumuman Adminduk Keliling", category_name="Pengumuman")
    for _ in range(5):
        client.post(f"/api/dibaca/{other.pk}/", HTTP_USER_AGENT="Mozilla/5.0")
    client.post(f"/api/dibaca/{item.pk}/", HTTP_USER_AGENT="Mozilla/5.0")
    counter.flush()
    assert tasks.recompute_popular(site.site_office())
    home = (public_root / "index.html").read_text()
    ranked = home.split('class="ranked"')[1].split("</ol>")[0]
    assert ranked.index("Pengumuman Adminduk") < ranked.index("Festival Pantai")
    assert not tasks.recompute_popular(site.site_office())  # unchanged: the home page is left alone
    article = client.get(public_path(other)).content.decode()
    assert "Dibaca <span data-count>0</span> kali" in article  # counts on pages come from render time


def test_the_menu_marks_the_section_of_each_page(item, publish, client):
    notice = publish(title="Pengumuman Adminduk Keliling", category_name="Pengumuman")
    marked = {
        "/": ('href="/" aria-current="page"', 1),
        "/berita/": ('href="/berita/" aria-current="page"', 1),
        public_path(item): ('href="/berita/" aria-current="true"', 1),
        public_path(notice): ('href="/berita/" aria-current="true"', 1),
        "/kategori/pengumuman/": ('href="/kategori/pengumuman/" aria-current="page"', 1),
        "/kategori/": ('href="/kategori/" aria-current="page"', 1),
        "/arsip/": ('href="/arsip/" aria-current="page"', 1),
        "/profil/": ('href="/profil/" aria-current="page"', 1),
        "/galeri/": ('href="/galeri/" aria-current="page"', 1),
        "/tidak-ada/": ("", 0),
        "/cari/?q=jembatan": ("", 0),
    }
    for address, (mark, count) in marked.items():
        page = client.get(address).content.decode()
        assert page.count("aria-current") == count, address
        assert mark in page, address
