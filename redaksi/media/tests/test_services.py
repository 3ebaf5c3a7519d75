import io
import re

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from redaksi.audit.models import AuditEntry
from redaksi.core.errors import NotPermitted
from redaksi.media import services
from redaksi.media.hooks import publish_blockers
from redaksi.media.models import Gallery, ItemMedia, Photo, Status
from redaksi.media.storage import media_storage
from redaksi.newsroom.services import step_complete
from redaksi.newsroom.tests.factories import advance
from redaksi.sop.engine import Outcome

from .conftest import camera_jpeg

pytestmark = pytest.mark.django_db


def upload(actor, item, data: bytes, name: str = "IMG_0001.JPG"):
    return services.photo_upload(actor=actor, item_id=item.pk, fileobj=io.BytesIO(data), filename=name, size=len(data))


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


def test_upload_keeps_the_original_under_a_uuid_and_makes_renditions(staff, item, run_on_commit):
    result = run_on_commit(lambda: upload(staff["reporter"], item, camera_jpeg(2000, 1500), "DSC 1.jpg"))
    photo = Photo.objects.get(pk=result.photo.pk)
    assert re.fullmatch(r"photos/\d+/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", photo.original.name)
    assert photo.original_filename == "DSC 1.jpg"
    assert (photo.width, photo.height, photo.camera, photo.had_gps) == (2000, 1500, "Canon EOS 90D", True)
    assert photo.status == Status.READY
    variants = sorted(r.variant for r in photo.renditions.all())
    assert "w480.avif" in variants and "w1600.webp" in variants and "card.jpg" in variants and "thumb.webp" in variants
    for rendition in photo.renditions.all():
        assert media_storage().exists(rendition.file.name)
    link = ItemMedia.objects.get(item=item, photo=photo)
    assert link.is_lead and link.position == 1
    assert AuditEntry.objects.filter(action="media.photo.upload", object_id=str(photo.pk)).exists()


def test_same_content_is_the_same_photo(staff, item, office, run_on_commit):
    data = camera_jpeg(seed=3)
    first = run_on_commit(lambda: upload(staff["reporter"], item, data, "a.jpg"))
    again = upload(staff["reporter"], item, data, "copy-of-a.jpg")
    assert again.duplicate and not again.newly_attached and again.photo.pk == first.photo.pk
    from redaksi.newsroom.tests.factories import new_item

    other = new_item(staff, office, title="Berita lain")
    elsewhere = upload(staff["reporter"], other, data, "a.jpg")
    assert elsewhere.duplicate and elsewhere.newly_attached
    assert Photo.objects.count() == 1
    assert len(list(media_storage().listdir(first.photo.original.name.rsplit("/", 1)[0])[1])) == 1


def test_only_the_writer_at_a_writing_or_composing_step_adds_photos(staff, item):
    with pytest.raises(NotPermitted):
        upload(staff["reporter2"], item, camera_jpeg())  # another writer's draft
    with pytest.raises(NotPermitted):
        upload(staff["editor"], item, camera_jpeg())
    item = advance(item, staff, 2)  # the editor's edit step: not a media step
    with pytest.raises(NotPermitted):
        upload(staff["editor"], item, camera_jpeg())
    item = advance(item, staff, 4)  # composing: the reporters' role, any of them
    assert upload(staff["reporter2"], item, camera_jpeg(seed=9)).photo.pk
    assert not Photo.objects.filter(original_filename="").exists()


def test_refusal_leaves_no_file(staff, item):
    with pytest.raises(NotPermitted):
        upload(staff["editor"], item, camera_jpeg())
    with pytest.raises(ValidationError):
        upload(staff["reporter"], item, b"not a photo at all")
    assert not (media_storage().exists("photos"))


def test_caption_credit_alt_and_focal_point(staff, item, run_on_commit):
    photo = run_on_commit(lambda: upload(staff["reporter"], item, camera_jpeg(1600, 900))).photo
    card_before = photo.renditions.get(kind="card").file.name
    run_on_commit(
        lambda: services.photo_update(
            actor=staff["reporter"], item_id=item.pk, photo_id=photo.pk, caption="  Bupati meninjau jembatan. ",
            credit="  Humas   Bengkalis ", alt_text="Bupati berdiri di jembatan", focal_x=0.9, focal_y=0.2,
        )
    )  # fmt: skip
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.focal_x) == ("Bupati meninjau jembatan.", "Humas Bengkalis", 0.9)
    assert photo.renditions.get(kind="card").file.name != card_before  # re-cropped around the new point
    assert not media_storage().exists(card_before)
    with pytest.raises(ValidationError):
        services.photo_update(
            actor=staff["reporter"], item_id=item.pk, photo_id=photo.pk, caption="x\x00", credit="", alt_text=""
        )
    with pytest.raises(ValidationError):
        services.photo_update(
            actor=staff["reporter"], item_id=item.pk, photo_id=photo.pk, caption="", credit="", alt_text="a" * 301
        )


def test_arrange_lead_order_and_remove(staff, item):
    photos = [upload(staff["reporter"], item, camera_jpeg(seed=n)).photo for n in (1, 2, 3)]
    links = {link.photo_id: link for link in ItemMedia.objects.filter(item=item)}
    actor = staff["reporter"]
    services.item_media_arrange(actor=actor, item_id=item.pk, link_id=links[photos[2].pk].pk, action="up")
    order = list(ItemMedia.objects.filter(item=item).order_by("position").values_list("photo_id", flat=True))
    assert order == [photos[0].pk, photos[2].pk, photos[1].pk]
    services.item_media_arrange(actor=actor, item_id=item.pk, link_id=links[photos[1].pk].pk, action="lead")
    assert ItemMedia.objects.get(item=item, is_lead=True).photo_id == photos[1].pk
    services.item_media_arrange(actor=actor, item_id=item.pk, link_id=links[photos[1].pk].pk, action="remove")
    assert ItemMedia.objects.get(item=item, is_lead=True).photo_id == photos[0].pk
    with pytest.raises(ValidationError):
        services.item_media_arrange(actor=actor, item_id=item.pk, link_id=links[photos[0].pk].pk, action="explode")


def test_gallery_on_an_item_keeps_the_order_given(staff, item):
    photos = [upload(staff["reporter"], item, camera_jpeg(seed=n)).photo for n in (1, 2, 3)]
    gallery = services.gallery_save(
        actor=staff["reporter"], item_id=item.pk, title="Peresmian", photo_ids=[photos[2].pk, photos[0].pk]
    )
    assert list(gallery.entries.values_list("photo_id", flat=True)) == [photos[2].pk, photos[0].pk]
    with pytest.raises(ValidationError):
        services.gallery_save(actor=staff["reporter"], item_id=item.pk, title="X", photo_ids=[10**9])


def test_standalone_gallery_is_published_by_the_publishing_role_with_complete_photos(staff, item, run_on_commit):
    photo = run_on_commit(lambda: upload(staff["reporter"], item, camera_jpeg())).photo
    with pytest.raises(NotPermitted):
        services.gallery_standalone_save(actor=staff["reporter"], title="Galeri", photo_ids=[photo.pk])
    with pytest.raises(ValidationError):
        services.gallery_standalone_save(actor=staff["admin"], title="Galeri", photo_ids=[photo.pk], publish=True)
    Photo.objects.filter(pk=photo.pk).update(caption="Teks", alt_text="Alt")
    gallery = services.gallery_standalone_save(actor=staff["admin"], title="Galeri", photo_ids=[photo.pk], publish=True)
    assert Gallery.objects.get(pk=gallery.pk).published_at is not None


def test_a_photo_without_caption_or_alt_text_blocks_publication(staff, item, run_on_commit):
    photo = run_on_commit(lambda: upload(staff["reporter"], item, camera_jpeg(), "DSC_0042.JPG")).photo
    reasons = publish_blockers(item)
    assert len(reasons) == 1 and "DSC_0042.JPG" in reasons[0]
    item = advance(item, staff, 7)
    with pytest.raises(ValidationError) as exc:
        step_complete(
            actor=staff["admin"], item_id=item.pk, step_number=7, outcome=Outcome.DONE, expected_revision=item.revision
        )
    assert "DSC_0042.JPG" in " ".join(exc.value.messages)
    item.refresh_from_db()
    assert item.published_at is None
    Photo.objects.filter(pk=photo.pk).update(caption="Bupati meresmikan jembatan.", alt_text="Bupati di jembatan")
    assert publish_blockers(item) == []
    step_complete(
        actor=staff["admin"], item_id=item.pk, step_number=7, outcome=Outcome.DONE, expected_revision=item.revision
    )
    item.refresh_from_db()
    assert item.published_at is not None


def test_blocker_messages_are_in_indonesian_by_default(staff, item):
    from django.utils import translation

    upload(staff["reporter"], item, camera_jpeg())
    with translation.override("en"):
        assert "caption" in publish_blockers(item)[0]


def test_a_broken_original_marks_the_photo_failed_not_the_worker(staff, item):
    photo = upload(staff["reporter"], item, camera_jpeg()).photo
    with media_storage().open(photo.original.name, "wb") as f:
        f.write(b"\xff\xd8\xff garbage")
    result = services.photo_render(photo_id=photo.pk)
    assert result.status == Status.FAILED and result.error
    assert services.photo_render(photo_id=10**9) is None


def test_renditions_of_a_png_and_a_small_photo(staff, item, run_on_commit):
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(out, "PNG")
    photo = run_on_commit(lambda: upload(staff["reporter"], item, out.getvalue(), "logo.png")).photo
    photo.refresh_from_db()
    widths = sorted({r.width for r in photo.renditions.filter(kind="w")})
    assert widths == [300]
