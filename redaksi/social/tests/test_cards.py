"""The pictures made for the networks: drawn around the focal point with the headline, kept, made again on change,
served, shown on step 8, and carried by Instagram's post."""

import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from redaksi.core import events
from redaksi.media.models import Photo
from redaksi.media.storage import media_storage
from redaksi.newsroom.events import TextChanged
from redaksi.newsroom.models import NewsItem
from redaksi.social import carddraw, cards, sending, services
from redaksi.social.models import ShareCard, SocialAccount
from redaksi.social.networks import memory
from redaksi.social.selectors import item_shares

WHO = carddraw.Identity("Diskominfotik Kabupaten Bengkalis", "#0b3d6e", None, "bengkaliskab.go.id")
LONG = (
    "Pemerintah Kabupaten Bengkalis Menggelar Rapat Koordinasi Percepatan Penurunan Stunting Bersama Seluruh "
    "Kepala Desa, Camat, Puskesmas dan Organisasi Perangkat Daerah Terkait di Aula Kantor Bupati pada Hari Senin "
    "Pagi Sebelum Musim Hujan Tiba dan Jalan-Jalan Desa Tergenang"
)
RED = (230, 20, 20)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def grey_photo(width=1600, height=800, marker=None, size=60) -> Image.Image:
    """A plain grey photo, with a red square centred on `marker` (relative x, y) if given."""
    im = Image.new("RGB", (width, height), (120, 124, 128))
    if marker:
        x, y = round(marker[0] * width), round(marker[1] * height)
        im.paste(RED, (x - size // 2, y - size // 2, x + size // 2, y + size // 2))
    return im


def red_pixels(im: Image.Image) -> list[tuple[int, int]]:
    small = im.resize((im.width // 4, im.height // 4), Image.Resampling.NEAREST)
    return [
        (x * 4, y * 4)
        for y in range(small.height)
        for x in range(small.width)
        if (p := small.getpixel((x, y)))[0] > 180 and p[1] < 80 and p[2] < 80
    ]


# Drawing ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape,size", [("square", (1080, 1080)), ("portrait", (1080, 1350))])
def test_cards_have_the_networks_exact_sizes_with_or_without_a_photo(shape, size):
    assert carddraw.draw_card(shape, "Judul", WHO, grey_photo(), (0.5, 0.5)).image.size == size
    assert carddraw.draw_card(shape, "Judul", WHO).image.size == size
    assert carddraw.draw_card(shape, "Judul", WHO).image.mode == "RGB"


@pytest.mark.parametrize("shape", ["square", "portrait"])
def test_the_photo_is_cut_around_its_focal_point(shape):
    """A wide photo with a marker near its right edge: the card keeps the marker where the focal point says."""
    focal = (0.85, 0.3)
    photo = grey_photo(marker=focal)
    assert red_pixels(carddraw.draw_card(shape, "", WHO, photo, (0.5, 0.5)).image) == []  # a centred cut loses it
    card = carddraw.draw_card(shape, "", WHO, photo, focal).image
    found = red_pixels(card)
    assert found, "the marker at the focal point is on the card"
    # Where it should be: the box is the photo's full height, pushed against the right edge.
    w, h = card.size
    box_w = round(800 * w / h)
    left = min(max(round(0.85 * 1600 - box_w / 2), 0), 1600 - box_w)
    expected = ((0.85 * 1600 - left) * w / box_w, 0.3 * h)
    xs, ys = [x for x, _ in found], [y for _, y in found]
    assert min(xs) - 8 <= expected[0] <= max(xs) + 8 and min(ys) - 8 <= expected[1] <= max(ys) + 8


def test_the_headline_is_written_in_white_over_the_darkened_photo():
    photo = grey_photo()
    with_title = carddraw.draw_card("square", "Bupati Resmikan Jembatan Desa", WHO, photo)
    without = carddraw.draw_card("square", "", WHO, photo)
    region = with_title.headline_box

    def white(im):
        crop = im.crop(region).convert("L")
        return sum(crop.histogram()[236:]) / (crop.width * crop.height)

    assert with_title.lines == ("Bupati Resmikan", "Jembatan Desa") or len(with_title.lines) <= 3
    assert white(with_title.image) > 0.08 and white(without.image) == 0
    # Readable: the scrim darkens what lies under the text well below the photo's own grey.
    below = with_title.image.crop((0, region[3] + 4, 40, region[3] + 30)).convert("L")
    assert below.getextrema()[1] < 70


@pytest.mark.parametrize("shape", ["square", "portrait"])
def test_a_long_title_shrinks_then_is_cut_with_an_ellipsis(shape):
    layout = carddraw.LAYOUTS[(shape, True)]
    drawn = carddraw.draw_card(shape, LONG, WHO, grey_photo())
    assert len(drawn.lines) == layout.max_lines and drawn.lines[-1].endswith("…")
    assert drawn.lines[-1].split()[-1].removesuffix("…") not in carddraw.LEADING_WORDS  # never "… Terkait di…"
    assert drawn.font_size == layout.sizes[1]
    face = carddraw.font(carddraw.BOLD, drawn.font_size)
    assert all(face.getlength(line) <= 1080 - 2 * layout.margin for line in drawn.lines)
    assert drawn.headline_box[2] <= 1080 - layout.margin and drawn.headline_box[1] > 150  # below the logo plate
    short = carddraw.draw_card(shape, "Rapat Stunting", WHO, grey_photo())
    assert short.font_size == layout.sizes[0] and short.lines == ("Rapat Stunting",)


def test_a_word_wider_than_the_card_is_broken_not_spilled():
    drawn = carddraw.draw_card("square", "Lihat https://" + "bengkaliskab" * 12 + ".go.id/berita", WHO)
    face = carddraw.font(carddraw.BOLD, drawn.font_size)
    assert len(drawn.lines) > 2 and all(face.getlength(line) <= 1080 - 2 * 84 for line in drawn.lines)


def test_without_a_photo_the_card_is_the_offices_colours():
    drawn = carddraw.draw_card("portrait", "Pengumuman Libur Nasional", WHO)
    r, g, b = drawn.image.getpixel((10, 400))
    assert b > r and b > g  # the office's blue, not a grey photo
    assert drawn.lines == ("Pengumuman Libur", "Nasional") or drawn.lines == ("Pengumuman", "Libur Nasional")


# Keeping and making again ----------------------------------------------------------------------------------


def stored_size(card: ShareCard) -> tuple[int, int]:
    with media_storage().open(card.file.name, "rb") as f:
        return Image.open(io.BytesIO(f.read())).size


def test_an_item_without_a_photo_gets_both_cards_in_the_media_storage(at_share):
    made = cards.cards_make(at_share.pk)
    assert {s: stored_size(c) for s, c in made.items()} == {"square": (1080, 1080), "portrait": (1080, 1350)}
    assert not any(c.with_photo for c in made.values())
    assert cards.fresh_cards(at_share) == made
    again = cards.cards_make(at_share.pk)  # nothing changed: nothing drawn
    assert {s: c.key for s, c in again.items()} == {s: c.key for s, c in made.items()}


def test_a_new_title_or_focal_point_makes_the_cards_again_and_drops_the_old_files(at_share_with_photo):
    item = at_share_with_photo
    first = cards.cards_make(item.pk)
    assert all(c.with_photo for c in first.values())
    NewsItem.objects.filter(pk=item.pk).update(title="Jembatan Teluk Latak Dibuka untuk Umum")
    item.refresh_from_db()
    assert cards.fresh_cards(item) == {}  # stale: the screen and the worker will make them again
    second = cards.cards_make(item.pk)
    assert all(second[s].key != first[s].key and second[s].digest != first[s].digest for s in second)
    assert not any(media_storage().exists(c.file.name) for c in first.values())
    assert all(media_storage().exists(c.file.name) for c in second.values())
    Photo.objects.filter(item_links__item=item).update(focal_x=0.1)
    assert cards.fresh_cards(item) == {}
    assert cards.cards_make(item.pk)["portrait"].key != second["portrait"].key


def test_a_title_change_asks_the_worker_for_new_cards(at_share, staff, django_capture_on_commit_callbacks):
    cards.cards_make(at_share.pk)
    NewsItem.objects.filter(pk=at_share.pk).update(title="Judul Baru Setelah Koreksi")
    at_share.refresh_from_db()
    before = set(ShareCard.objects.values_list("key", flat=True))
    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend runs the task
        events.dispatch(TextChanged(item=at_share, actor=staff["admin"], revision=2, reopened_approval=False))
    assert set(ShareCard.objects.values_list("key", flat=True)).isdisjoint(before)
    assert cards.fresh_cards(at_share)


def test_reaching_the_share_step_draws_the_cards(staff, office, django_capture_on_commit_callbacks):
    from redaksi.newsroom.tests.factories import advance, new_item

    without = new_item(staff, office, title="Rapat Internal Tanpa Akun Media Sosial")
    with django_capture_on_commit_callbacks(execute=True):
        advance(without, staff, 8)
    assert not ShareCard.objects.filter(item=without).exists()  # no accounts: links are pasted, no pictures
    account(office, "instagram")
    item = new_item(staff, office, title="Pelantikan Kepala Desa Serentak")
    with django_capture_on_commit_callbacks(execute=True):
        advance(item, staff, 8)
    assert set(ShareCard.objects.filter(item=item).values_list("shape", flat=True)) == {"square", "portrait"}


# Sending ---------------------------------------------------------------------------------------------------


def account(office, network) -> SocialAccount:
    return SocialAccount.objects.create(
        office=office, network=network, name=network, backend="memory", options={"account": network}
    )


def send(staff, item, *accounts):
    shares = {s.account_id: s for s in item_shares(item)}
    texts = {a.pk: (shares[a.pk].text, "") for a in accounts}
    sent = services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[a.pk for a in accounts])
    return [sending.share_deliver(share.pk) for share in sent.queued]


def test_instagram_posts_the_portrait_card_and_facebook_the_photo(at_share_with_photo, staff, office):
    item = at_share_with_photo
    ig, fb = account(office, "instagram"), account(office, "facebook")
    assert send(staff, item, ig, fb) == ["posted", "posted"]
    posts = {kept.account: kept.post for kept in memory.POSTS}
    (picture,) = posts["instagram"].photos
    card = ShareCard.objects.get(item=item, shape="portrait")
    assert (picture.width, picture.height) == (1080, 1350) and picture.url.endswith(f"/kartu/{card.key}.jpg")
    assert picture.alt == "Jembatan beton di atas sungai"
    with picture.open() as f:
        assert Image.open(f).size == (1080, 1350)
    (photo,) = posts["facebook"].photos
    assert (photo.width, photo.height) == (1200, 630) and photo.url.endswith("/card.jpg")


def test_instagram_without_a_photo_posts_the_colour_card_instead_of_failing(at_share, staff, office):
    assert send(staff, at_share, account(office, "instagram")) == ["posted"]
    (picture,) = memory.POSTS[0].post.photos
    assert (picture.width, picture.height) == (1080, 1350) and picture.alt == at_share.title
    assert not ShareCard.objects.get(item=at_share, shape="portrait").with_photo


# Serving and showing ---------------------------------------------------------------------------------------


def test_a_card_is_served_to_staff_before_publication_and_to_anyone_after(client, at_share, staff):
    card = cards.cards_make(at_share.pk)["square"]
    url = reverse("social:card", args=[card.key])
    NewsItem.objects.filter(pk=at_share.pk).update(published_at=None)
    assert client.get(url).status_code == 404  # a draft's picture is nobody's business
    client.force_login(staff["admin"])
    response = client.get(url + "?unduh")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == f'attachment; filename="{at_share.slug}-square.jpg"'
    assert response["Cache-Control"].startswith("private")
    client.logout()
    NewsItem.objects.filter(pk=at_share.pk).update(published_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1080, 1080)
    assert client.get(reverse("social:card", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/redaksi/sosial/kartu/bukan-kunci.jpg").status_code == 404


def test_step_8_shows_the_cards_and_which_networks_carry_them(
    client, at_share, staff, office, django_capture_on_commit_callbacks
):
    ig, wa = account(office, "instagram"), account(office, "whatsapp")
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    # None yet: the screen asked the worker (the test's immediate backend made them at once, after the page).
    assert "data-cards-pending" in page
    assert ShareCard.objects.filter(item=at_share).count() == 2
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    made = cards.fresh_cards(at_share)
    assert 'data-shape="portrait"' in page and 'data-shape="square"' in page
    for card in made.values():
        assert reverse("social:card", args=[card.key]) in page
    portrait = page.split('data-shape="portrait"')[1].split("</figure>")[0]
    assert "Instagram" in portrait and "1080×1350" in portrait
    square = page.split('data-shape="square"')[1].split("</figure>")[0]
    assert "WhatsApp" in square or "Saluran WhatsApp" in square
    assert ig.pk and wa.pk
