"""The production storage for real: django-storages against moto's S3 server on 127.0.0.1."""

import io
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from .conftest import camera_jpeg, make_video, needs_ffmpeg

moto = pytest.importorskip("moto", reason="moto[server] is not installed (pip install -r requirements-dev.txt)")
boto3 = pytest.importorskip("boto3", reason="boto3 is not installed")
pytest.importorskip("storages", reason="django-storages is not installed")

pytestmark = pytest.mark.django_db
BUCKET = "redaksi-media"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    command = shutil.which("moto_server") or str(Path(sys.executable).with_name("moto_server"))
    if not Path(command).exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    process = subprocess.Popen(
        [command, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("moto_server did not start")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3(s3_server, settings):
    client = boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test", region_name="us-east-1"
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "STORAGE": "media"}
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


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
