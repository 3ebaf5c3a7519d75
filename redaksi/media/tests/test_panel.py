"""The media panel of an item (issue 15, defect 9): a camera photo as lead over a Word picture."""

import io

import pytest
from PIL import Image

from redaksi.media.models import ItemMedia
from redaksi.media.services import item_media_arrange, photo_render, photo_upload

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
