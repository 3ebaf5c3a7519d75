"""Photos and video on the public site: srcset, captions, social cards, Galeri Foto, Video, and never a file
of anything unpublished in the public folder."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from redaksi.media.models import Gallery, GalleryPhoto, ItemMedia, Photo, Status, Video
from redaksi.media.services import photo_render, photo_upload
from redaksi.media.storage import media_storage
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.public.render import engine
from redaksi.public.views import CONTENT_SECURITY_POLICY

from .conftest import site_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


def jpeg(seed: int, width: int = 1000, height: int = 700) -> bytes:
    im = Image.new("RGB", (width, height), (seed * 40 % 256, 120, 200))
    im.paste((255, seed * 17 % 256, 0), (0, 0, width // 3, height // 3))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=85)
    return out.getvalue()


def add_photo(staff, item, seed: int, *, lead: bool = False, caption: str = "", credit: str = "Humas") -> Photo:
    data = jpeg(seed)
    result = photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename=f"f{seed}.jpg", size=len(data)
    )
    photo = photo_render(photo_id=result.photo.pk)
    assert photo.status == Status.READY
    Photo.objects.filter(pk=photo.pk).update(
        caption=caption or f"Keterangan foto nomor {seed}", credit=credit, alt_text=f"Gambar nomor {seed}"
    )
    if lead:
        ItemMedia.objects.filter(item=item, photo=photo).update(is_lead=True)
    photo.refresh_from_db()
    return photo


@pytest.fixture
def photographed(staff, office, category, on_commit):
    """Publish an item with a lead photo and one more; returns (item, lead, other)."""

    def make(title: str = "Bupati Tinjau Jembatan Baru", *, publish: bool = True):
        item = new_item(staff, office, title=title, category=category())
        lead = add_photo(staff, item, len(title), lead=True, caption="Bupati <b>meninjau</b> jembatan")
        other = add_photo(staff, item, len(title) + 100)
        if publish:
            with on_commit():
                item = advance(item, staff, None)
        return item, lead, other

    return make


def folder_of(root, photo) -> list[str]:
    path = root / "media" / photo.key.hex
    return sorted(p.name for p in path.iterdir()) if path.is_dir() else []


def article_html(root, item) -> str:
    return (root / public_path(item).lstrip("/") / "index.html").read_text()


def test_the_news_page_shows_the_lead_photo_through_srcset_with_caption_and_credit(photographed, public_root):
    item, lead, other = photographed()
    html = article_html(public_root, item)
    figure = html[html.index("data-lead-photo") : html.index("</figure>", html.index("data-lead-photo"))]
    for fmt in ("image/avif", "image/webp"):
        assert f'type="{fmt}"' in figure
    assert re.search(rf'srcset="/media/{lead.key.hex}/w480\.avif 480w, /media/{lead.key.hex}/w960\.avif 960w', figure)
    assert 'sizes="(min-width: 48rem) 44rem, calc(100vw - 2rem)"' in figure
    assert 'loading="eager"' in figure and 'loading="lazy"' not in figure
    assert 'alt="Gambar nomor' in figure
    assert "Teks foto" in figure and "Bupati &lt;b&gt;meninjau&lt;/b&gt; jembatan" in figure
    assert "<b>meninjau" not in html
    assert "Foto: Humas" in figure
    # The other photo is the item's gallery, lazy.
    rest = html[html.index('id="foto"') :]
    assert f"/media/{other.key.hex}/w480.jpg" in rest and 'loading="lazy"' in rest
    # The files are beside the pages, and the app serves them.
    assert {"card.jpg", "thumb.jpg", "thumb.webp", "w480.avif", "w480.webp", "w480.jpg"} <= set(
        folder_of(public_root, lead)
    )
    assert "original" not in " ".join(folder_of(public_root, lead))


def test_social_cards_and_json_ld_use_the_1200x630_rendition(photographed, public_root):
    item, lead, _other = photographed()
    html = article_html(public_root, item)
    card = f"https://diskominfotik.bengkaliskab.go.id/media/{lead.key.hex}/card.jpg"
    assert f'<meta property="og:image" content="{card}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert f'<meta name="twitter:image" content="{card}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert ld["image"] == {"@type": "ImageObject", "url": card, "width": 1200, "height": 630}


def test_listing_cards_and_the_headline_get_thumbnails(photographed, public_root):
    _item, lead, _other = photographed()
    for rel in ("berita/index.html", "kategori/pemerintahan/index.html"):
        text = (public_root / rel).read_text()
        assert f"/media/{lead.key.hex}/thumb.jpg" in text, rel
        assert f"/media/{lead.key.hex}/thumb.webp" in text, rel
        # Wider screens show the card's photo whole (16:9) from the width renditions instead of the square.
        assert f'<source media="(min-width: 48rem)" srcset="/media/{lead.key.hex}/w480.jpg 480w' in text, rel
    home = (public_root / "index.html").read_text()
    assert f"/media/{lead.key.hex}/w480.jpg 480w" in home


def test_search_results_show_the_lead_photo(photographed, client):
    _item, lead, _other = photographed()
    page = client.get("/cari/", {"q": "jembatan"}).content.decode()
    assert 'data-results="1"' in page
    assert f'<img src="/media/{lead.key.hex}/thumb.jpg"' in page


def test_photo_files_are_served_by_the_app_with_their_type(photographed, client):
    _item, lead, _other = photographed()
    response = client.get(f"/media/{lead.key.hex}/w480.avif")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/avif"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/media/{lead.key.hex}/original").status_code == 404


def test_media_of_unpublished_items_never_reach_the_public_folder(
    photographed, takedown, public_root, staff, office, category
):
    draft, draft_lead, draft_other = photographed("Draf Dengan Foto Rahasia", publish=False)
    waiting = new_item(staff, office, title="Menunggu Di Langkah Tujuh", category=category())
    waiting_photo = add_photo(staff, waiting, 77, lead=True)
    advance(waiting, staff, 7)
    engine.render_item(waiting.pk)
    engine.render_item(draft.pk)
    live, live_lead, live_other = photographed("Berita Tayang Dengan Foto")
    hidden = [draft_lead, draft_other, waiting_photo]

    def assert_hidden(photos):
        names = "\n".join(site_files(public_root))
        text = "\n".join(p.read_text(errors="replace") for p in public_root.rglob("*.html"))
        for photo in photos:
            assert photo.key.hex not in names
            assert photo.key.hex not in text

    assert folder_of(public_root, live_lead)
    assert_hidden(hidden)
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    assert_hidden(hidden)
    assert folder_of(public_root, live_lead)
    takedown(live)
    assert_hidden([*hidden, live_lead, live_other])
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    assert_hidden([*hidden, live_lead, live_other])


def test_a_rebuild_removes_media_files_nothing_public_shows(photographed, public_root):
    _item, lead, _other = photographed()
    stray = public_root / "media" / ("0" * 32) / "w480.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"x")
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    assert not stray.exists()
    assert folder_of(public_root, lead)


def _gallery(staff, office, title: str, photos: list[Photo], *, published=True, days_ago: int = 0) -> Gallery:
    gallery = Gallery.objects.create(
        office=office,
        title=title,
        description="Kegiatan <script>alert(1)</script> di Bengkalis.",
        created_by=staff["admin"],
        published_at=timezone.now() - timedelta(days=days_ago) if published else None,
    )
    for n, photo in enumerate(photos):
        GalleryPhoto.objects.create(gallery=gallery, photo=photo, position=n)
    return gallery


def test_galeri_foto_lists_standalone_galleries_and_item_galleries(photographed, staff, office, public_root, client):
    item, lead, other = photographed()
    draft, d_lead, _d = photographed("Draf Berita Galeri", publish=False)
    own = _gallery(staff, office, "Festival Pantai Selatbaru", [lead, other])
    on_item = Gallery.objects.create(office=office, item=item, title="Suasana Peresmian", created_by=staff["admin"])
    GalleryPhoto.objects.create(gallery=on_item, photo=other)
    on_draft = Gallery.objects.create(office=office, item=draft, title="Galeri Draf", created_by=staff["admin"])
    GalleryPhoto.objects.create(gallery=on_draft, photo=d_lead)
    hidden = _gallery(staff, office, "Galeri Belum Terbit", [d_lead], published=False)
    engine.render_item(item.pk)
    engine.render_gallery(own.pk)
    engine.render_gallery(hidden.pk)
    page = client.get("/galeri/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Festival Pantai Selatbaru" in text and "Suasana Peresmian" in text
    assert "Galeri Belum Terbit" not in text and "Galeri Draf" not in text
    assert f"{public_path(item)}#galeri-{on_item.pk}" in text
    assert f"/media/{lead.key.hex}/thumb.jpg" in text
    gallery_page = client.get(f"/galeri/{own.pk}-festival-pantai-selatbaru/").content.decode()
    assert "srcset=" in gallery_page and "&lt;script&gt;" in gallery_page and "<script>alert" not in gallery_page
    assert d_lead.key.hex not in "\n".join(site_files(public_root))
    article = article_html(public_root, item)
    assert f'id="galeri-{on_item.pk}"' in article
    # Taken off: 410, and the photo only this gallery showed would go (here the item still shows both).
    Gallery.objects.filter(pk=own.pk).update(published_at=None)
    engine.render_gallery(own.pk)
    assert client.get(f"/galeri/{own.pk}-festival-pantai-selatbaru/").status_code == 410
    assert "Festival Pantai Selatbaru" not in client.get("/galeri/").content.decode()
    assert folder_of(public_root, lead)


def test_a_photo_only_an_unpublished_gallery_showed_leaves_the_site(photographed, staff, office, public_root):
    _item, _lead, _other = photographed()
    draft, d_lead, _d = photographed("Draf Untuk Galeri Sendiri", publish=False)
    own = _gallery(staff, office, "Galeri Sendiri", [d_lead])
    engine.render_gallery(own.pk)
    assert folder_of(public_root, d_lead)  # public through the gallery
    Gallery.objects.filter(pk=own.pk).update(published_at=None)
    engine.render_due()  # public_sync's catch-up notices the gallery went off
    assert not folder_of(public_root, d_lead)


def test_galleries_are_paged_from_the_oldest(photographed, staff, office, public_root, client):
    _item, lead, other = photographed()
    galleries = [_gallery(staff, office, f"Galeri Nomor {n}", [lead], days_ago=10 - n) for n in range(4)]
    for g in galleries:
        engine.render_gallery(g.pk)
    first = client.get("/galeri/halaman/1/").content.decode()
    assert "Galeri Nomor 0" in first and "Galeri Nomor 2" in first and "Galeri Nomor 3" not in first
    assert "Galeri Nomor 3" in client.get("/galeri/halaman/2/").content.decode()
    front = client.get("/galeri/").content.decode()
    assert "Galeri Nomor 3" in front and 'href="/galeri/halaman/1/"' in front
    home = client.get("/").content.decode()
    assert "Galeri Nomor 3" in home and 'href="/galeri/"' in home


def _video(staff, office, item, **fields) -> Video:
    video = Video.objects.create(office=office, uploaded_by=staff["reporter"], status=Status.READY, **fields)
    ItemMedia.objects.create(item=item, video=video, added_by=staff["reporter"], position=9)
    return video


def test_video_page_plays_files_with_a_poster_and_youtube_without_cookies(
    staff, office, category, on_commit, public_root, client
):
    storage = media_storage()
    poster = storage.save("videos/p.jpg", io.BytesIO(jpeg(3, 320, 180)))
    web = storage.save("videos/w.mp4", io.BytesIO(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100))
    with_file = new_item(staff, office, title="Video Banjir Rob", category=category())
    v_file = _video(staff, office, with_file, source="file", poster=poster, web=web, width=1280, height=720)
    with_yt = new_item(staff, office, title="Video Festival Dari YouTube", category=category())
    _video(staff, office, with_yt, source="youtube", youtube_id="dQw4w9WgXcQ", caption="Festival")
    draft = new_item(staff, office, title="Video Draf Rahasia", category=category())
    v_draft = _video(staff, office, draft, source="file", poster=poster, web=web)
    with on_commit():
        advance(with_file, staff, None)
        advance(with_yt, staff, None)
    text = client.get("/video/").content.decode()
    assert "Video Banjir Rob" in text and "Video Festival Dari YouTube" in text and "Rahasia" not in text
    assert f'poster="/media/{v_file.key.hex}/poster.jpg"' in text
    assert f'src="/media/{v_file.key.hex}/web.mp4"' in text and 'preload="none"' in text
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in text
    assert (public_root / "media" / v_file.key.hex / "web.mp4").is_file()
    assert not (public_root / "media" / v_draft.key.hex).exists()
    assert client.get(f"/media/{v_file.key.hex}/web.mp4")["Content-Type"] == "video/mp4"
    assert "frame-src https://www.youtube-nocookie.com;" in CONTENT_SECURITY_POLICY
    assert "frame-src" in client.get("/video/")["Content-Security-Policy"]
    frames = re.findall(r"frame-src ([^;]*);", CONTENT_SECURITY_POLICY)
    assert frames == ["https://www.youtube-nocookie.com"]
    home = client.get("/").content.decode()
    assert "Video Banjir Rob" in home and 'href="/video/"' in home
    article = client.get(public_path(with_file)).content.decode()
    assert "<video" in article
