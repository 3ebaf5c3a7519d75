"""The production storage for real: django-storages against moto's S3 server on 127.0.0.1."""

import io
from pathlib import Path

import pytest
from django.urls import reverse

from .conftest import camera_jpeg, make_video, needs_ffmpeg
from .s3 import BUCKET, bucket, keys, moto_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(s3_server, settings):
    """The bucket as the env file configures it (REDAKSI_MEDIA_S3_*), media switched to it."""
    with bucket(s3_server, settings) as client:
        yield client


def test_photo_and_renditions_live_in_the_bucket_and_go_out_through_the_app(
    s3, staff, item, client, media_root, django_capture_on_commit_callbacks
):
    from redaksi.media.services import photo_upload

    data = camera_jpeg(1200, 800)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_upload(actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="a.jpg",
                             size=len(data)).photo  # fmt: skip
    photo.refresh_from_db()
    stored = keys(s3)
    assert photo.original.name in stored
    assert all(r.file.name in stored for r in photo.renditions.all()) and photo.renditions.count() >= 9
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.jpg"))
    body = s3.get_object(Bucket=BUCKET, Key=photo.original.name)["Body"].read()
    assert body == data
    client.force_login(staff["reporter"])
    response = client.get(reverse("media:file", args=[photo.key, "w480.webp"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    client.logout()
    assert client.get(reverse("media:file", args=[photo.key, "w480.webp"])).status_code == 404


@needs_ffmpeg
def test_video_is_processed_from_the_bucket(s3, staff, item, tmp_path, django_capture_on_commit_callbacks):
    from redaksi.media.models import Status, Video
    from redaksi.media.services import video_upload_begin, video_upload_chunk, video_upload_finish

    data = make_video(tmp_path / "clip.mp4").read_bytes()
    upload = video_upload_begin(actor=staff["reporter"], item_id=item.pk, filename="clip.mp4", size=len(data))
    video_upload_chunk(actor=staff["reporter"], key=upload.key, offset=0, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        video_upload_finish(actor=staff["reporter"], key=upload.key)
    video = Video.objects.get()
    assert video.status == Status.READY, video.error
    stored = keys(s3)
    assert {video.original.name, video.poster.name, video.web.name} <= set(stored)
