"""The demo's photos, gallery, video and announcements: real media, on the public site after a rebuild.

Each run of the demo with its media takes half a minute, so the checks share two runs.
"""

import io
import shutil
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.audit.services import audit_breaks
from redaksi.core import clock
from redaksi.demo import pictures
from redaksi.demo.items import DEMO_ITEMS, _write
from redaksi.demo.media import GALLERY_PHOTOS, GALLERY_TITLE, ITEM_PHOTOS, VIDEO_ITEM, _video_add
from redaksi.demo.staff import create_demo_staff
from redaksi.media import images
from redaksi.media.models import Gallery, ItemMedia, Photo, Status, Video
from redaksi.newsroom.models import Category, NewsItem, StepRun
from redaksi.newsroom.selectors import public_path, published_items

pytestmark = pytest.mark.django_db
HAS_FFMPEG = shutil.which("ffmpeg") is not None


@pytest.fixture
def site(bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    # One format is enough to see the renditions made; the others only add time.
    settings.REDAKSI_MEDIA = {**getattr(settings, "REDAKSI_MEDIA", {}), "RENDITION_FORMATS": ("jpeg",)}
    out = StringIO()
    call_command("demo_data", stdout=out)
    call_command("public_rebuild", "--quiet-progress", stdout=StringIO())
    return SimpleNamespace(root=tmp_path / "site", output=out.getvalue())


def _page(site, path: str) -> str:
    return (site.root / path.strip("/") / "index.html").read_text()


def test_the_public_site_shows_photos_a_gallery_a_video_and_announcements(site):
    # Every photo is a camera's JPEG, described, and rendered by the media task.
    photos = list(Photo.objects.all())
    assert len(photos) == sum(len(s) for s in ITEM_PHOTOS.values()) + len(GALLERY_PHOTOS)
    for photo in photos:
        assert photo.status == Status.READY and photo.renditions.exists(), photo.error
        assert max(photo.width, photo.height) >= 1500 and photo.format == "jpeg"
        assert photo.caption and photo.alt_text and photo.credit and photo.camera
        assert photo.captured_at is not None and photo.captured_at < photo.uploaded_at
        with photo.original.open("rb") as f:
            assert images.inspect(io.BytesIO(f.read())).captured_at == photo.captured_at
    # Each item has its photos, the first the lead; some have several.
    for plan in DEMO_ITEMS:
        links = ItemMedia.objects.filter(item__title=plan.title, photo__isnull=False).order_by("position")
        leads = [link.is_lead for link in links]
        assert len(leads) == len(ITEM_PHOTOS.get(plan.title, ())), plan.title
        assert leads == ([True] + [False] * (len(leads) - 1) if leads else []), plan.title
    assert max(len(s) for s in ITEM_PHOTOS.values()) >= 3
    # The site: photos on the home page and on an article, the gallery, the announcements.
    home = _page(site, "/")
    assert home.count("<img") >= 4 and "/media/" in home
    bridge = NewsItem.objects.get(title=VIDEO_ITEM)
    article = _page(site, public_path(bridge))
    lead = ItemMedia.objects.get(item=bridge, is_lead=True).photo
    assert f"/media/{lead.key.hex}/" in article and lead.caption[:40] in article
    gallery = Gallery.objects.get(title=GALLERY_TITLE, item__isnull=True)
    assert gallery.published_at < timezone.now() - timezone.timedelta(days=1)
    assert gallery.entries.count() == len(GALLERY_PHOTOS)
    galleries = _page(site, "/galeri/")
    assert GALLERY_TITLE in galleries and "<img" in galleries
    assert published_items().filter(category__slug="pengumuman").count() == 2
    assert _page(site, "/kategori/pengumuman/").count("<img") >= 2
    # The video, when ffmpeg is there to make it.
    if not HAS_FFMPEG:
        assert not Video.objects.exists() and "ffmpeg is not installed" in site.output
        return
    video = Video.objects.get()
    assert video.status == Status.READY, video.error
    assert 3 <= video.duration <= 6 and video.web and video.poster and video.caption
    assert "<video" in article
    assert f"/media/{video.key.hex}/web.mp4" in _page(site, "/video/")


def test_running_again_changes_nothing_and_the_record_holds(site):
    def counts():
        return [m.objects.count() for m in (NewsItem, StepRun, Photo, Video, Gallery, ItemMedia)]

    before = counts()
    call_command("demo_data", stdout=StringIO())
    assert counts() == before
    assert list(audit_breaks()) == []
    # Adding the media did not move the items off their planned times.
    cal, now = clock.office_calendar_from_settings(), timezone.now()
    for plan in DEMO_ITEMS:
        if plan.waits_at is not None:
            item = NewsItem.objects.get(title=plan.title)
            run = StepRun.objects.get(item=item, finished_at__isnull=True)
            standard = item.sop_version.definition["steps"][plan.waits_at - 1]["minutes"] * 60
            assert clock.working_seconds(cal, run.available_at, now) / standard == pytest.approx(plan.wait, abs=0.05)


@pytest.fixture
def draft(bengkalis):
    """The bridge item just written, at step 1, and its writer: where the demo adds the video."""
    office = bengkalis.sop.office
    create_demo_staff(office)
    plan = next(p for p in DEMO_ITEMS if p.title == VIDEO_ITEM)
    users = {u.username: u for u in User.objects.filter(office=office)}
    category = Category.objects.create(office=office, slug="pembangunan", name="Pembangunan")
    return _write(office, plan, users, {plan.category: category}), users["pengolah"]


@pytest.mark.skipif(not HAS_FFMPEG, reason="ffmpeg is not installed (make media-tools)")
def test_a_video_that_fails_is_taken_off_so_the_item_can_go_on(draft, settings, tmp_path):

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"FFPROBE": str(tmp_path / "no-ffprobe")}
    item, writer = draft
    said = []
    assert _video_add(item, actor=writer, say=said.append) == 0
    assert not ItemMedia.objects.filter(item=item).exists()
    assert "could not be processed" in said[0]


def test_without_ffmpeg_the_demo_says_so_and_has_no_video(draft, monkeypatch):

    monkeypatch.setattr(pictures.shutil, "which", lambda name: None)
    item, writer = draft
    said = []
    assert _video_add(item, actor=writer, say=said.append) == 0
    assert not Video.objects.exists() and "ffmpeg is not installed" in said[0]
