"""The media panel of an item (issue 15, defect 9): one message about a Word document's pictures, a camera
photo as lead over a Word picture, the lead first in the list, and warnings and lists that follow a save."""

import io

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from PIL import Image

from redaksi.media.models import ItemMedia
from redaksi.media.services import item_media_arrange, photo_render, photo_upload
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.tests.test_wordimport import docx_bytes

from .conftest import camera_jpeg

pytestmark = pytest.mark.django_db


def word_picture(width: int = 600, height: int = 400) -> bytes:
    """A picture as Word keeps it: a PNG without any camera data."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()


def upload(staff, item, data: bytes, filename: str) -> ItemMedia:
    result = photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename=filename, size=len(data)
    )
    photo_render(photo_id=result.photo.pk)
    return ItemMedia.objects.get(item=item, photo=result.photo)


def lead_of(item) -> str:
    return ItemMedia.objects.get(item=item, is_lead=True).photo.original_filename


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_largest_camera_photo_is_the_lead_never_the_word_picture(staff, item):
    upload(staff, item, word_picture(), "word-1")
    assert lead_of(item) == "word-1"  # the only photo yet
    upload(staff, item, camera_jpeg(640, 480, seed=1), "DSC_0001.JPG")
    assert lead_of(item) == "DSC_0001.JPG"
    upload(staff, item, camera_jpeg(1200, 800, seed=2), "DSC_0002.JPG")
    upload(staff, item, camera_jpeg(800, 600, seed=3), "DSC_0003.JPG")
    assert lead_of(item) == "DSC_0002.JPG"
    # A Word picture larger than every camera photo still never becomes the lead on its own.
    upload(staff, item, word_picture(2000, 1500), "word-2")
    assert lead_of(item) == "DSC_0002.JPG"


def test_a_lead_a_person_chose_stays_and_a_removed_one_is_replaced_by_the_best(staff, item):
    word = upload(staff, item, word_picture(), "word-1")
    small = upload(staff, item, camera_jpeg(640, 480, seed=1), "DSC_0001.JPG")
    item_media_arrange(actor=staff["reporter"], item_id=item.pk, link_id=word.pk, action="lead")
    upload(staff, item, camera_jpeg(1200, 800, seed=2), "DSC_0002.JPG")
    assert lead_of(item) == "word-1"  # chosen by a person: a new upload does not take its place
    item_media_arrange(actor=staff["reporter"], item_id=item.pk, link_id=small.pk, action="lead")
    assert lead_of(item) == "DSC_0001.JPG"
    item_media_arrange(actor=staff["reporter"], item_id=item.pk, link_id=small.pk, action="remove")
    assert lead_of(item) == "DSC_0002.JPG"


def test_the_panel_lists_the_lead_first_then_in_order(staff, item):
    for n in (1, 2, 3):
        upload(staff, item, camera_jpeg(640 + n * 100, 480, seed=n), f"DSC_000{n}.JPG")
    assert lead_of(item) == "DSC_0003.JPG"
    page = client_for(staff["reporter"]).get(reverse("media:item", args=[item.pk])).content.decode()
    order = [page.index(f">DSC_000{n}.JPG<") for n in (3, 1, 2)]
    assert order == sorted(order)


def test_a_saved_caption_refreshes_the_warnings_and_the_gallery_list(staff, item):
    link = upload(staff, item, camera_jpeg(seed=1), "DSC_0001.JPG")
    c = client_for(staff["reporter"])
    panel = reverse("media:item", args=[item.pk])
    page = c.get(panel).content.decode()
    assert "Photo DSC_0001.JPG has no a caption (Teks foto) and alt text. Fill it in on its card below." in page
    assert "the photo page of the item" not in page  # the panel is that page: never send people to it
    assert 'hx-trigger="media-changed from:body"' in page and "media-uploaded from:body" in page
    answer = c.post(
        reverse("media:photo", args=[item.pk, link.photo_id]),
        {
            f"p{link.photo_id}-caption": "Bupati meninjau jembatan",
            f"p{link.photo_id}-credit": "Humas",
            f"p{link.photo_id}-alt_text": "Bupati berdiri di jembatan",
            f"p{link.photo_id}-focal_x": "0.5",
            f"p{link.photo_id}-focal_y": "0.5",
        },  # fmt: skip
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200 and answer["HX-Trigger"] == "media-changed, media-saved"
    blockers = c.get(panel, {"part": "blockers"}).content.decode()
    assert 'id="media-blockers"' in blockers and "DSC_0001.JPG" not in blockers and "<li>" not in blockers
    chooser = c.get(panel, {"part": "chooser"}).content.decode()
    assert "Bupati meninjau jembatan" in chooser and 'name="photos"' in chooser
    photos = c.get(panel, {"part": "photos"}).content.decode()
    assert 'id="photo-panel"' in photos and f'id="photo-{link.photo_id}"' in photos
    assert c.get(panel, {"part": "../../etc"}).content.decode().count('id="photo-panel"') == 1  # the whole panel


def test_a_word_import_says_once_what_became_of_its_pictures(staff, office):
    c = client_for(staff["reporter"])
    document = io.BytesIO(docx_bytes(picture=True))
    document.name = "berita.docx"
    answer = c.post(reverse("newsroom:item_import"), {"document": document})
    item = NewsItem.objects.get()
    said = [str(m) for m in get_messages(answer.wsgi_request)]
    about_pictures = [m for m in said if "picture" in m.lower() or "gambar" in m.lower()]
    assert len(about_pictures) == 1 and "added to the item's photos" in about_pictures[0], said
    assert ItemMedia.objects.filter(item=item).count() == 1
