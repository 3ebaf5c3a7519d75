"""The demo's public site in Chromium, as a newcomer meets it after `make run`: photos, gallery and video load.

The pages are photographed at phone and desktop size into test-artifacts/ (demo-*.png).
"""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from redaksi.demo.media import VIDEO_ITEM
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import public_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
BROKEN_IMAGES = "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"


def test_the_demo_site_shows_its_photos_gallery_and_video(browser, live_server, bengkalis, settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {**getattr(settings, "REDAKSI_MEDIA", {}), "RENDITION_FORMATS": ("webp", "jpeg")}
    call_command("demo_data", stdout=StringIO())
    call_command("public_rebuild", "--quiet-progress", stdout=StringIO())
    pages = {
        "home": ("/", 5),
        "article": (public_path(NewsItem.objects.get(title=VIDEO_ITEM)), 3),
        "galleries": ("/galeri/", 1),
        "announcements": ("/kategori/pengumuman/", 2),
        "videos": ("/video/", 0),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((360, 780), (1280, 900)):
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
        page = context.new_page()
        for name, (address, photos) in pages.items():
            assert page.goto(live_server.url + address).status == 200, name
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images load
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / f"demo-{name}-{width}.png"), full_page=True)
            assert page.evaluate("document.images.length") >= photos, name
            assert page.evaluate(BROKEN_IMAGES) == [], name
            # A long photo credit wraps: no page scrolls sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
        if not NewsItem.objects.filter(title=VIDEO_ITEM, media_links__video__isnull=False).exists():
            context.close()
            continue
        page.goto(live_server.url + "/video/")
        poster = page.locator("video").first.get_attribute("poster")
        assert page.request.get(live_server.url + poster).headers["content-type"] == "image/jpeg"
        context.close()
