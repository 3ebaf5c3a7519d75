"""An item's web address: it follows the title until publication, and an address the site has left
answers 301 to the page's address now, in one hop, while the sitemaps name only the new one."""

import pytest

from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.services import ItemText, item_save
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.public.fastpath import PublicFiles
from redaksi.public.render import engine, files

from .test_fastpath import Inner, call

pytestmark = pytest.mark.django_db

SITE = "https://diskominfotik.bengkaliskab.go.id"


def sitemaps(root) -> str:
    return "".join(p.read_text() for p in root.glob("sitemap*.xml"))


def test_the_address_follows_a_title_changed_before_publication(staff, office, category, on_commit, public_root):
    item = new_item(staff, office, title="SCAN_20261202 undangan rapat", category=category())
    assert item.slug == "scan_20261202-undangan-rapat"
    item = advance(item, staff, 2)
    title = "Bupati Pimpin Rapat Koordinasi Banjir"
    text = ItemText(title=title, lead=item.lead, body=item.body, category=item.category)
    item_save(actor=staff["editor"], item_id=item.pk, base_revision=item.revision, text=text)
    item.refresh_from_db()
    assert item.slug == "bupati-pimpin-rapat-koordinasi-banjir"
    with on_commit():
        item = advance(item, staff, None)
    assert public_path(item).endswith(f"/{item.pk}-bupati-pimpin-rapat-koordinasi-banjir/")
    assert (public_root / files.file_for(public_path(item))).is_file()
    assert "scan_20261202" not in sitemaps(public_root)


def test_a_moved_page_answers_301_in_one_hop_and_the_sitemap_names_the_new_address(publish, public_root, client):
    item = publish(title="Pasar Murah Digelar")
    first = public_path(item)
    for slug in ("pasar-murah-digelar-di-bengkalis", "pasar-murah-ramadan-digelar"):
        NewsItem.objects.filter(pk=item.pk).update(slug=slug)
        engine.render_item(item.pk)
    item.refresh_from_db()
    second, now = first.replace("pasar-murah-digelar", "pasar-murah-digelar-di-bengkalis"), public_path(item)
    assert now.endswith("-pasar-murah-ramadan-digelar/")
    for old in (first, second):
        answer = client.get(old + "?utm_source=wa")
        assert answer.status_code == 301, old
        assert answer["Location"] == now + "?utm_source=wa"  # straight to the newest, the query kept
        assert not (public_root / files.file_for(old)).exists()
    assert client.get(now).status_code == 200
    # Served without nginx, the old address is left to the app, which answers the redirect.
    inner = Inner()
    assert call(PublicFiles(inner), first)["status"] == 299 and inner.paths == [first]
    listed = sitemaps(public_root)
    assert SITE + now in listed and SITE + first not in listed and SITE + second not in listed


def test_a_page_that_comes_back_to_an_old_address_is_served_there(publish, public_root, client):
    item = publish(title="Lomba Perahu Layar")
    first = public_path(item)
    NewsItem.objects.filter(pk=item.pk).update(slug="lomba-perahu-layar-tradisional")
    engine.render_item(item.pk)
    NewsItem.objects.filter(pk=item.pk).update(slug="lomba-perahu-layar")
    engine.render_item(item.pk)
    assert client.get(first).status_code == 200
    assert client.get(first.replace("layar/", "layar-tradisional/"))["Location"] == first


def test_a_moved_marker_never_sends_readers_off_the_site(publish, public_root, client):
    item = publish(title="Berita Lama")
    folder = public_root / files.file_for("/berita/2020/01/9-lama/")
    folder.parent.mkdir(parents=True)
    for target in ("https://evil.example/", "//evil.example/", "/../../etc/", "/berita/tidak-ada/"):
        (folder.parent / files.MOVED).write_text(target)
        assert client.get("/berita/2020/01/9-lama/").status_code == 404, target
    assert client.get(public_path(item)).status_code == 200
