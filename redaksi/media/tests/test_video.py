"""Video: the chunked upload, processing with ffmpeg, case 23, and YouTube links."""

import json
import struct
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from redaksi.media import video as ff
from redaksi.media.hooks import publish_blockers
from redaksi.media.models import ChunkedUpload, Status, Video
from redaksi.media.services import temp_path
from redaksi.media.storage import media_storage

from .conftest import make_video, needs_ffmpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client, staff):
    client.force_login(staff["reporter"])
    return client


def send(client, item, data: bytes, *, name: str = "MVI_0001.MP4", chunk: int = 64 * 1024, on_commit=None):
    """The browser's protocol: begin, chunks at offsets, finish."""
    begin = client.post(reverse("media:video_begin", args=[item.pk]), {"name": name, "size": len(data)})
    assert begin.status_code == 201, begin.content
    upload = begin.json()
    offset = 0
    while offset < len(data):
        piece = data[offset : offset + chunk]
        response = client.generic("PUT", upload["url"], piece, HTTP_X_UPLOAD_OFFSET=str(offset))
        assert response.status_code == 200, response.content
        offset = response.json()["offset"]
    if on_commit is None:
        return upload, client.post(upload["finish"])
    with on_commit(execute=True):
        return upload, client.post(upload["finish"])


def test_chunks_resume_from_the_offset_the_server_has(writer, item):
    data = b"\x00\x00\x00\x20ftypisom" + b"\x00" * 1000
    upload = writer.post(reverse("media:video_begin", args=[item.pk]), {"name": "a.mp4", "size": len(data)}).json()
    assert writer.generic("PUT", upload["url"], data[:500], HTTP_X_UPLOAD_OFFSET="0").json()["offset"] == 500
    # The answer was lost; the browser sends the same chunk again and is told where to go on.
    again = writer.generic("PUT", upload["url"], data[:500], HTTP_X_UPLOAD_OFFSET="0")
    assert again.status_code == 409 and again.json()["offset"] == 500
    assert writer.get(upload["url"]).json()["offset"] == 500
    early = writer.post(upload["finish"])
    assert early.status_code == 400  # not complete yet, and the upload stays resumable
    assert writer.generic("PUT", upload["url"], data[500:], HTTP_X_UPLOAD_OFFSET="500").json()["offset"] == len(data)
    assert temp_path(ChunkedUpload.objects.get().key).read_bytes() == data


def test_someone_elses_upload_is_404(client, writer, staff, item):
    upload = writer.post(reverse("media:video_begin", args=[item.pk]), {"name": "a.mp4", "size": 10}).json()
    client.force_login(staff["reporter2"])
    assert client.generic("PUT", upload["url"], b"x" * 10, HTTP_X_UPLOAD_OFFSET="0").status_code == 404
    assert client.post(upload["finish"]).status_code == 404


def test_abort_removes_the_temporary_file(writer, item):
    upload = writer.post(reverse("media:video_begin", args=[item.pk]), {"name": "a.mp4", "size": 10}).json()
    key = ChunkedUpload.objects.get().key
    assert writer.post(upload["abort"]).status_code == 200
    assert not temp_path(key).exists() and not ChunkedUpload.objects.exists()


@needs_ffmpeg
def test_a_video_is_probed_given_a_poster_and_a_720p_web_rendition(
    writer, item, tmp_path, django_capture_on_commit_callbacks
):
    data = make_video(tmp_path / "clip.mp4", seconds=2, size="1920x1080").read_bytes()
    upload, finish = send(writer, item, data, on_commit=django_capture_on_commit_callbacks)
    assert finish.status_code == 201, finish.content
    video = Video.objects.get()
    assert video.status == Status.READY, video.error
    assert (video.width, video.height, round(video.duration)) == (1920, 1080, 2)
    assert video.progress == 100
    assert media_storage().exists(video.poster.name) and media_storage().exists(video.original.name)
    web = media_storage().path(video.web.name)
    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", web],
            capture_output=True, check=True,
        ).stdout
    )  # fmt: skip
    codecs = {s["codec_type"]: s for s in probe["streams"]}
    assert codecs["video"]["codec_name"] == "h264" and codecs["video"]["height"] == 720
    assert codecs["audio"]["codec_name"] == "aac"
    assert "location" not in json.dumps(probe["format"].get("tags", {}))
    raw = Path(web).read_bytes()
    assert raw.find(b"moov") < raw.find(b"mdat")  # fast start
    assert not ChunkedUpload.objects.filter(key=upload["upload"]).exists()
    assert not list((tmp_path / "uploads").glob("*.part"))
    page = writer.get(reverse("media:item", args=[item.pk])).content.decode()
    assert "<video" in page and "web.mp4" in page and "poster.jpg" in page
    assert writer.get(reverse("media:file", args=[video.key, "web.mp4"]))["Content-Type"] == "video/mp4"
    assert publish_blockers(item) == []


# 23 ---------------------------------------------------------------------------------------------------------
def test_23_empty_video_is_refused_at_the_start(writer, item):
    response = writer.post(reverse("media:video_begin", args=[item.pk]), {"name": "a.mp4", "size": 0})
    assert response.status_code == 400 and response.json()["error"]


@needs_ffmpeg
def test_23_matroska_named_mp4_is_refused_and_removed(writer, item, tmp_path):
    data = make_video(tmp_path / "clip.mkv", fmt="matroska").read_bytes()
    _, finish = send(writer, item, data, name="clip.mp4")
    assert finish.status_code == 400 and "Matroska" in finish.json()["error"]
    assert not Video.objects.exists() and not ChunkedUpload.objects.exists()
    assert not list((tmp_path / "uploads").glob("*.part"))


@needs_ffmpeg
@pytest.mark.parametrize("damage", ["truncated", "huge-duration", "no-moov"])
def test_23_broken_videos_fail_cleanly_in_the_worker(
    writer, item, tmp_path, damage, django_capture_on_commit_callbacks
):
    data = bytearray(make_video(tmp_path / "clip.mp4", seconds=1).read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "huge-duration":
        for box in (b"mvhd", b"mdhd"):
            i = data.find(box)
            while i != -1:
                struct.pack_into(">II", data, i + 16, 1, 0xFFFFFFF0)
                i = data.find(box, i + 4)
    else:
        data = data[:32] + b"\x00" * 2000
    _, finish = send(writer, item, bytes(data), on_commit=django_capture_on_commit_callbacks)
    assert finish.status_code == 201  # the first bytes are those of an MP4
    video = Video.objects.get()
    assert video.status == Status.FAILED and video.error
    assert not video.web and not video.poster and not video.original  # nothing bad is kept
    assert not list((tmp_path / "uploads").glob("*.part"))
    reasons = publish_blockers(item)
    assert len(reasons) == 1 and video.error in reasons[0]
    page = writer.get(reverse("media:item", args=[item.pk])).content.decode()
    assert 'role="alert"' in page


def test_23_impossible_probe_values_are_refused():
    good = {"streams": [{"codec_type": "video", "width": 1920, "height": 1080}], "format": {"duration": "10"}}
    assert ff.check_probe(good).duration == 10
    for streams, duration in [
        ([{"codec_type": "video", "width": 100_000, "height": 1080}], "10"),
        ([{"codec_type": "video", "width": 0, "height": 0}], "10"),
        ([{"codec_type": "video", "width": 640, "height": 480}], "0"),
        ([{"codec_type": "video", "width": 640, "height": 480}], "99999999"),
        ([{"codec_type": "video", "width": 640, "height": 480}], "nan-ish"),
        ([{"codec_type": "audio"}], "10"),
    ]:
        with pytest.raises(ValidationError):
            ff.check_probe({"streams": streams, "format": {"duration": duration}})


def test_container_sniffing():
    assert ff.sniff(b"\x00\x00\x00\x20ftypisom\x00\x00") == "mp4"
    assert ff.sniff(b"\x00\x00\x00\x14ftypqt  \x00\x00") == "mp4"
    assert ff.sniff(b"\x1a\x45\xdf\xa3\x01\x00") == "matroska"
    assert ff.sniff(b"RIFF\x00\x00\x00\x00AVI ") == "riff"
    assert ff.sniff(b"") is None


@pytest.mark.parametrize(
    ("url", "video_id"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "dQw4w9WgXcQ"),
        ("youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
    ],
)
def test_youtube_addresses(url, video_id):
    assert ff.youtube_id(url) == video_id


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com:8080/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
        'https://www.youtube.com/watch?v=dQw4w9WgXc"',
        "https://www.youtube.com/watch?v=short",
        "http://127.0.0.1:8000/admin",
        "file:///etc/passwd",
        "https://youtu.be/" + "a" * 600,
    ],
)
def test_youtube_refuses_everything_else(url):
    with pytest.raises(ValidationError):
        ff.youtube_id(url)


def test_ffmpeg_missing_fails_the_video_not_the_worker(writer, item, settings, django_capture_on_commit_callbacks):
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "FFPROBE": "/nonexistent/ffprobe"}
    _, finish = send(writer, item, b"\x00\x00\x00\x20ftypisom" + b"\x00" * 100,
                     on_commit=django_capture_on_commit_callbacks)  # fmt: skip
    assert finish.status_code == 201
    video = Video.objects.get()
    assert video.status == Status.FAILED and video.error
