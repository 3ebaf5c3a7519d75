"""The desk's "Pratinjau di website": the item as its public page will look, photos, gallery and video
included, drawn by the public site's article template, and never a file of it in the public folder."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from redaksi.media.models import Gallery, GalleryPhoto, ItemMedia, Status, Video
from redaksi.media.storage import media_storage
from redaksi.newsroom.tests.factories import new_item

from .test_media import add_photo, jpeg

pytestmark = pytest.mark.django_db

ASSET_SRC = re.compile(r'(?:src|srcset|poster)="([^"]+)"')


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


@pytest.fixture
def draft(staff, office, category):
    """An unpublished item with a lead photo, another photo, a gallery, a video file and a YouTube video."""
    item = new_item(staff, office, title="Bupati Tinjau Jembatan Baru", category=category(), place="Bengkalis")
    lead = add_photo(staff, item, 1, lead=True, caption="Bupati meninjau jembatan")
    other = add_photo(staff, item, 2, caption="Warga menyeberang")
    gallery = Gallery.objects.create(office=office, item=item, title="Suasana Peninjauan", created_by=staff["admin"])
    GalleryPhoto.objects.create(gallery=gallery, photo=add_photo(staff, item, 3, caption="Tiang jembatan"))
    storage = media_storage()
    poster = storage.save("videos/p.jpg", io.BytesIO(jpeg(4, 320, 180)))
    web = storage.save("videos/w.mp4", io.BytesIO(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 100))
    for n, fields in enumerate(
        [
            {"source": "file", "poster": poster, "web": web, "width": 1280, "height": 720},
            {"source": "youtube", "youtube_id": "dQw4w9WgXcQ"},
        ]  # fmt: skip
    ):
        video = Video.objects.create(office=office, uploaded_by=staff["reporter"], status=Status.READY, **fields)
        ItemMedia.objects.create(item=item, video=video, added_by=staff["reporter"], position=10 + n)
    return item, lead, other


def test_the_preview_is_the_public_article_with_its_photos_gallery_and_video(draft, staff, public_root):
    item, lead, other = draft
    response = client_for(staff["reporter"]).get(reverse("newsroom:preview", args=[item.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    page = response.content.decode()
    # The public site's article template, marked as a preview that search engines must not keep.
    assert 'class="article"' in page and "data-preview" in page and 'content="noindex, nofollow"' in page
    assert "Bupati Tinjau Jembatan Baru" in page and reverse("newsroom:item", args=[item.pk]) in page
    assert "data-lead-photo" in page and "Bupati meninjau jembatan" in page
    assert 'id="foto"' in page and "Warga menyeberang" in page
    assert "Galeri Foto: Suasana Peninjauan" in page and "Tiang jembatan" in page
    assert '<video class="video__player"' in page and "youtube-nocookie.com/embed/dQw4w9WgXcQ" in page


def test_the_preview_serves_media_through_the_staff_file_view_only(draft, staff, public_root):
    item, lead, other = draft
    staff_client = client_for(staff["reporter"])
    page = staff_client.get(reverse("newsroom:preview", args=[item.pk])).content.decode()
    urls = {u.split(" ")[0] for found in ASSET_SRC.findall(page) for u in found.split(", ")}
    media_urls = {u for u in urls if "/berkas/" in u}
    prefix = reverse("media:file", args=[lead.key, "original"]).split(str(lead.key))[0]
    assert any(str(lead.key) in u for u in media_urls) and any(str(other.key) in u for u in media_urls)
    assert not any(u.startswith("/media/") for u in urls)  # nothing points at the public copies
    for url in sorted(media_urls)[:6]:
        assert url.startswith(prefix)
        assert staff_client.get(url).status_code == 200, url
        assert Client().get(url).status_code == 404, url  # a reader gets nothing of an unpublished item
    # Drawing the preview copied nothing to the site's folder.
    assert not (public_root / "media").exists() or not any((public_root / "media").iterdir())


def test_the_preview_is_for_those_who_may_open_the_item(draft, staff, office):
    item, _lead, _other = draft
    assert client_for(staff["reporter2"]).get(reverse("newsroom:preview", args=[item.pk])).status_code == 404
    assert Client().get(reverse("newsroom:preview", args=[item.pk])).status_code == 302  # to the login
