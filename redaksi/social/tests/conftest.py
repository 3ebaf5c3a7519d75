import io

import pytest

from redaksi.media.models import ItemMedia
from redaksi.media.services import photo_render
from redaksi.media.services import photos as photo_services
from redaksi.media.services import videos as video_services
from redaksi.media.tests.conftest import camera_jpeg, make_video
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.social.models import SocialAccount
from redaksi.social.networks import memory


@pytest.fixture(autouse=True)
def memory_client():
    memory.reset()
    yield memory
    memory.reset()


@pytest.fixture
def at_share(staff, office):
    """A published item waiting at step 8 (share) for the Staf Admin."""
    item = new_item(staff, office, title="Bupati Resmikan Jembatan & Jalan Desa", lead="Warga menyambut gembira.")
    return advance(item, staff, 8)


@pytest.fixture
def accounts(office):
    def make(network: str, name: str, *, required: bool = True, handle: str = "") -> SocialAccount:
        return SocialAccount.objects.create(
            office=office,
            network=network,
            name=name,
            backend="memory",
            options={"account": handle or network, "handle": handle or network},
            required=required,
        )

    return {
        "facebook": make("facebook", "Diskominfotik Bengkalis"),
        "x": make("x", "@diskominfotik"),
        "whatsapp": make("whatsapp", "Saluran Bengkalis"),
    }


@pytest.fixture
def published_with_media(staff, office, settings, tmp_path):
    """make(video=False, photo=True): a published item at step 8 with a rendered lead photo and/or an uploaded,
    processed video (processing runs when the upload commits: a transactional test).

    Media go through the media app's own services, so each network gets the renditions a real item has."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REDAKSI_MEDIA = {"UPLOAD_TEMP_DIR": str(tmp_path / "uploads")}

    def make(*, video: bool = False, photo: bool = True):
        item = new_item(
            staff, office, title="Bupati Resmikan Jembatan & Jalan Desa Teluk Latak",
            lead="Jembatan sepanjang 120 meter itu menghubungkan dua desa dan memangkas waktu tempuh warga.",
        )  # fmt: skip
        if photo:
            _upload_photo(staff["reporter"], item)
        if video:
            _upload_video(staff["reporter"], item, make_video(tmp_path / "jembatan.mp4", seconds=1).read_bytes())
        return advance(item, staff, 8)

    return make


def _upload_photo(actor, item) -> None:
    """The lead photo, rendered (its social card too), with a caption and an alt text."""
    data = camera_jpeg(1200, 800, seed=3)
    result = photo_services.photo_upload(
        actor=actor, item_id=item.pk, fileobj=io.BytesIO(data), filename="jembatan.jpg", size=len(data)
    )
    photo_render(photo_id=result.photo.pk)
    result.photo.refresh_from_db()
    result.photo.caption, result.photo.alt_text = "Jembatan Teluk Latak", "Jembatan beton di atas sungai"
    result.photo.save(update_fields=["caption", "alt_text"])
    ItemMedia.objects.filter(item=item, photo=result.photo).update(is_lead=True)


def _upload_video(actor, item, data: bytes) -> None:
    """The browser's chunked upload, through the services; processing runs when the upload commits."""
    upload = video_services.video_upload_begin(actor=actor, item_id=item.pk, filename="jembatan.mp4", size=len(data))
    video_services.video_upload_chunk(actor=actor, key=upload.key, offset=0, data=data)
    video = video_services.video_upload_finish(actor=actor, key=upload.key)
    video.refresh_from_db()
    assert video.status == "ready" and video.web, video.error


@pytest.fixture
def at_share_with_photo(published_with_media):
    return published_with_media()
