"""`manage.py media_migrate`: the library copied from the filesystem to S3 (moto_server), checked, resumable."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from redaksi.media.migrate import stored_names

from .conftest import camera_jpeg, make_video, needs_ffmpeg
from .s3 import BUCKET, bucket, keys, moto_server

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_server():
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(s3_server, settings):
    """The bucket defined in the env file, media still on the filesystem: the state before a switch."""
    with bucket(s3_server, settings, switch=False) as client:
        yield client


@pytest.fixture
def library(staff, item, django_capture_on_commit_callbacks):
    from redaksi.media.services import photo_upload

    photos = []
    for n in range(2):
        data = camera_jpeg(800, 600, color=(40 * n, 120, 200))
        with django_capture_on_commit_callbacks(execute=True):
            photos.append(
                photo_upload(
                    actor=staff["reporter"],
                    item_id=item.pk,
                    fileobj=io.BytesIO(data),
                    filename=f"{n}.jpg",
                    size=len(data),
                ).photo  # fmt: skip
            )
    return photos


def snapshot(root: Path) -> dict[str, str]:
    files = (p for p in root.rglob("*") if p.is_file())
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def migrate(*args: str) -> str:
    out = io.StringIO()
    call_command("media_migrate", "--to", "s3", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_every_file_reaches_the_bucket_and_a_second_run_copies_nothing(
    s3, library, media_root, settings, client, staff, item, django_capture_on_commit_callbacks
):
    before = snapshot(media_root)
    names = list(stored_names())
    assert len(names) == len(before) >= 2 * 10  # each original and its renditions
    out = migrate()
    assert f"files={len(names)} copied={len(names)} present=0 missing=0 failed=0" in out
    assert keys(s3) == sorted(names)
    for name in names:
        body = s3.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == before[name]
    assert snapshot(media_root) == before  # the source is only read

    assert f"copied=0 present={len(names)} missing=0 failed=0" in migrate()

    # The switch: the app now serves the same files from the bucket.
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "STORAGE": "s3"}
    client.force_login(staff["reporter"])
    response = client.get(reverse("media:file", args=[library[0].key, "w480.jpg"]))
    assert response.status_code == 200
    rendition = library[0].renditions.get(kind="w", width=480, format="jpeg")
    assert b"".join(response.streaming_content) == (media_root / rendition.file.name).read_bytes()

    # A photo uploaded after the switch lives in the bucket only; the catch-up run copies nothing and is calm.
    from redaksi.media.services import photo_upload

    data = camera_jpeg(640, 480, color=(200, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        new = photo_upload(actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="n.jpg",
                           size=len(data)).photo  # fmt: skip
    made = 1 + new.renditions.count()
    out = migrate("--from", "default")
    assert f"copied=0 present={len(names)} missing=0 failed=0 target_only={made}" in out
    assert snapshot(media_root) == before


def test_an_interrupted_run_resumes_and_a_bad_copy_is_replaced_never_the_source(s3, library, media_root):
    before = snapshot(media_root)
    names = sorted(stored_names())
    migrate()
    # As if the first run died: one object never arrived, one was cut short, one holds other bytes.
    s3.delete_object(Bucket=BUCKET, Key=names[0])
    s3.put_object(Bucket=BUCKET, Key=names[1], Body=(media_root / names[1]).read_bytes()[:100])
    size = (media_root / names[2]).stat().st_size
    s3.put_object(Bucket=BUCKET, Key=names[2], Body=b"x" * size)
    out = migrate()
    assert f"copied=3 present={len(names) - 3} missing=0 failed=0" in out
    for name in names[:3]:
        body = s3.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == before[name]
    assert snapshot(media_root) == before


def test_a_file_lost_at_the_source_is_reported_and_the_rest_still_copied(s3, library, media_root):
    lost = library[1].original.name
    (media_root / lost).unlink()
    err = io.StringIO()
    out = io.StringIO()
    call_command("media_migrate", "--to", "s3", stdout=out, stderr=err)
    total = len(list(stored_names()))
    assert f"copied={total - 1} present=0 missing=1 failed=0" in out.getvalue()
    assert f"missing at the source: {lost}" in err.getvalue()
    assert lost not in keys(s3) and len(keys(s3)) == total - 1


@needs_ffmpeg
def test_videos_and_posters_are_copied_too(s3, staff, item, tmp_path, django_capture_on_commit_callbacks):
    from redaksi.media.models import Status, Video
    from redaksi.media.services import video_upload_begin, video_upload_chunk, video_upload_finish

    data = make_video(tmp_path / "clip.mp4").read_bytes()
    upload = video_upload_begin(actor=staff["reporter"], item_id=item.pk, filename="clip.mp4", size=len(data))
    video_upload_chunk(actor=staff["reporter"], key=upload.key, offset=0, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        video_upload_finish(actor=staff["reporter"], key=upload.key)
    video = Video.objects.get()
    assert video.status == Status.READY, video.error
    assert "copied=3 present=0" in migrate()
    assert keys(s3) == sorted([video.original.name, video.poster.name, video.web.name])
    assert s3.get_object(Bucket=BUCKET, Key=video.original.name)["Body"].read() == data


def test_wrong_aliases_are_refused(settings):
    with pytest.raises(CommandError, match="No storage 'nowhere'"):
        call_command("media_migrate", "--to", "nowhere")
    with pytest.raises(CommandError, match="already in 'default'"):
        call_command("media_migrate", "--to", "default")
