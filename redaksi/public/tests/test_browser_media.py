"""Photos, Galeri Foto and Video in a real browser: the lead photo loads from the public folder through
<picture>, the pages pass axe-core, and each is photographed at phone and desktop size, with the profile
screen."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw

from redaksi.media.models import Gallery, GalleryPhoto, ItemMedia, Status, Video
from redaksi.media.storage import media_storage
from redaksi.newsroom.selectors import public_path
from redaksi.newsroom.tests.factories import advance
from redaksi.public.logo import clean_logo
from redaksi.public.models import SiteProfile

from .test_browser import ARTIFACTS, TITLES, _axe, _office_identity, _write
from .test_media import add_photo, jpeg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("redaksi.public.tests.staff_urlconf"),
]


@pytest.fixture(autouse=True)
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}
    return settings.MEDIA_ROOT


def _scene(staff, office):
    _office_identity(office)
    logo = io.BytesIO()
    Image.new("RGBA", (200, 200), (0, 0, 0, 0)).save(logo, "PNG")
    art = Image.open(logo).copy()
    ImageDraw.Draw(art).ellipse((10, 10, 190, 190), fill=(184, 134, 11, 255), outline=(255, 255, 255, 255), width=8)
    ImageDraw.Draw(art).rectangle((70, 60, 130, 140), fill=(11, 61, 110, 255))
    out = io.BytesIO()
    art.save(out, "PNG")
    SiteProfile.objects.filter(office=office).update(
        **dict(
            zip(
                ("logo_png", "logo_width", "logo_height"),
                clean_logo(io.BytesIO(out.getvalue()), len(out.getvalue())),
                strict=True,
            )
        )
    )
    items = []
    for n, (title, category, place) in enumerate(TITLES):
        item = _write(staff, office, title, category, place, to_step=1)
        add_photo(
            staff,
            item,
            n + 1,
            lead=True,
            caption=f"{title.split()[0]} {place}: suasana kegiatan yang diliput tim Diskominfotik.",
            credit="Humas Bengkalis",
        )
        if n == 0:
            for extra in range(3):
                add_photo(staff, item, 40 + extra, caption=f"Warga menyaksikan kegiatan, sudut {extra + 1}.")
        items.append(item)
    storage = media_storage()
    poster = storage.save("videos/poster.jpg", io.BytesIO(jpeg(9, 1280, 720)))
    web = storage.save("videos/web.mp4", io.BytesIO(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64))
    for item, fields in (
        (items[3], {"source": "file", "poster": poster, "web": web, "width": 1280, "height": 720}),
        (items[1], {"source": "youtube", "youtube_id": "dQw4w9WgXcQ"}),
    ):
        video = Video.objects.create(
            office=office, uploaded_by=staff["reporter"], status=Status.READY, caption="Cuplikan kegiatan.", **fields
        )
        ItemMedia.objects.create(item=item, video=video, added_by=staff["reporter"], position=9)
    items = [advance(item, staff, None) for item in items]
    photos = [link.photo for link in ItemMedia.objects.filter(item=items[0], photo__isnull=False)]
    for n, title in enumerate(("Festival Pantai Selatbaru 2026", "Pelantikan Pejabat Eselon III")):
        gallery = Gallery.objects.create(
            office=office,
            title=title,
            description="Dokumentasi kegiatan Pemerintah Kabupaten Bengkalis.",
            place="Bengkalis",
            event_date=timezone.localdate() - timedelta(days=n),
            created_by=staff["admin"],
            published_at=timezone.now() - timedelta(hours=n),
        )
        for position, photo in enumerate(photos[n:] + photos[:n]):
            GalleryPhoto.objects.create(gallery=gallery, photo=photo, position=position)
    from redaksi.public.render import engine

    engine.render_due()  # galleries of their own: the catch-up renders them (the media app will call the hook)
    return items


def test_photos_galleries_and_video_in_a_browser(browser, live_server, staff, office, login, page):
    items = _scene(staff, office)
    path = public_path(items[0])
    gallery = Gallery.objects.filter(item__isnull=True).order_by("pk").first()
    pages = {
        "article-photos": path,
        "home-photos": "/",
        "galeri": "/galeri/",
        "galeri-page": f"/galeri/{gallery.pk}-festival-pantai-selatbaru-2026/",
        "video": "/video/",
        "news-photos": "/berita/",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height}, bypass_csp=True)
        tab = context.new_page()
        tab.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(status=204, body=""))
        for name, address in pages.items():
            response = tab.goto(live_server.url + address)
            assert response.status == 200, name
            if name == "article-photos":
                lead = tab.locator("[data-lead-photo] img")
                lead.wait_for()
                tab.wait_for_function("document.querySelector('[data-lead-photo] img').complete")
                loaded = tab.evaluate(
                    "() => { const i = document.querySelector('[data-lead-photo] img');"
                    " return [i.naturalWidth, i.currentSrc, i.getBoundingClientRect().width]; }"
                )
                assert loaded[0] > 0, "the lead photo did not load"
                assert "/media/" in loaded[1] and loaded[1].rsplit(".", 1)[1] in ("avif", "webp"), loaded[1]
                assert loaded[2] <= width
                assert "Foto: Humas Bengkalis" in tab.locator("[data-lead-photo] figcaption").inner_text()
            tab.screenshot(path=str(ARTIFACTS / f"public-{name}-{width}.png"), full_page=True)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
            if width == 390:
                _axe(tab, name)
        context.close()
    # The profile screen, for a system administrator.
    login(staff["sysadmin"])
    for width, height in ((390, 844), (1280, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(live_server.url + "/redaksi/situs/")
        assert page.locator("[data-profile-form]").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"public-profile-screen-{width}.png"), full_page=True)
