import json
from urllib.parse import parse_qs, urlsplit

import pytest

from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path
from redaksi.public.render import engine

pytestmark = pytest.mark.django_db

HOSTILE = '"><img src=x onerror=alert(1)>'
SCRIPT = "</script><script>alert(1)</script>"


def test_a_hostile_title_is_escaped_everywhere(publish, public_root, client):
    item = publish(title=f"Bupati {HOSTILE} {SCRIPT} & Co #1", tags=[HOSTILE])
    page = client.get(public_path(item)).content.decode()
    assert "<img src=x" not in page
    assert "<script>alert(1)" not in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    og = page.split('property="og:title" content="')[1].split('"')[0]
    assert "<" not in og and ">" not in og
    ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in ld
    assert HOSTILE in json.loads(ld)["headline"]
    x_share = page.split('class="share__link share__x" href="')[1].split('"')[0].replace("&amp;", "&")
    assert parse_qs(urlsplit(x_share).query)["text"] == [item.title]
    wa = page.split('class="share__link share__wa" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "#" not in wa and " " not in wa and "\n" not in wa
    for feed in ("rss.xml", "atom.xml", "sitemap-news.xml"):
        xml = (public_root / feed).read_text()
        assert "<img" not in xml and "<script>" not in xml, feed
    for listing in ("index.html", "berita/index.html", "kategori/pemerintahan/index.html"):
        assert "<img src=x" not in (public_root / listing).read_text(), listing
    search = client.get("/cari/", {"q": HOSTILE}).content.decode()
    assert "<img src=x" not in search


def test_a_body_of_unmatched_closing_tags_renders(publish, public_root, client):
    item = publish(title="Badan Berita Rusak")
    NewsItem.objects.filter(pk=item.pk).update(
        body="</p>" * 100_000 + "[" * 50_000 + "<" * 100_000 + "<script>alert(1)</script>", lead=""
    )
    engine.render_item(item.pk)
    page = client.get(public_path(item)).content.decode()
    assert "<script>alert(1)" not in page
    assert client.get("/cari/", {"q": "badan"}).status_code == 200
