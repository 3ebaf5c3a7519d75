"""Cases 15 to 26 of shared/security/bad-inputs.md, against the real upload and file endpoints."""

import io
import re
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from uuid import UUID

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from redaksi.media.models import ChunkedUpload, Photo
from redaksi.media.services import temp_path

from .conftest import camera_jpeg, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(client, staff):
    client.force_login(staff["reporter"])
    return client


def post_photo(client, item, data: bytes, name: str = "photo.jpg"):
    return client.post(reverse("media:photo_upload", args=[item.pk]), {"file": SimpleUploadedFile(name, data)})


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# 15 ---------------------------------------------------------------------------------------------------------
SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
    b"<script>alert(1)</script></body></foreignObject></svg>",
    b'<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/x.png"/></svg>',
    b"\xef\xbb\xbf  \n<!DOCTYPE svg><svg/>",
]


@pytest.mark.parametrize("svg", SVGS)
@pytest.mark.parametrize("name", ["drawing.svg", "photo.jpg", "photo.png"])
def test_15_svg_is_refused_under_any_name(writer, item, media_root, svg, name):
    response = post_photo(writer, item, svg, name)
    assert response.status_code == 400
    assert "SVG" in response.json()["error"]
    assert stored_files(media_root) == [] and not Photo.objects.exists()


# 16 ---------------------------------------------------------------------------------------------------------
def test_16_png_html_polyglot_is_re_encoded_and_served_as_png_with_nosniff(
    writer, item, django_capture_on_commit_callbacks
):
    polyglot = png_bytes(200, 100, "RGB") + b"<html><script>alert(1)</script></html>"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(writer, item, polyglot, "image.png")
    assert response.status_code == 201
    photo = Photo.objects.get()
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as f:
            assert b"<script" not in f.read()
    original = writer.get(reverse("media:file", args=[photo.key, "original"]))
    assert original["Content-Type"] == "image/png" and original["X-Content-Type-Options"] == "nosniff"
    assert original["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in original["Content-Security-Policy"]


def test_16_png_signature_then_html_is_refused(writer, item):
    response = post_photo(writer, item, b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", "x.png")
    assert response.status_code == 400


# 17 ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"<!doctype html><html><body><script>alert(1)</script></body></html>",
        b"<html><head></head></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"%PDF-1.7\n" + b"x" * 100,
    ],
)
def test_17_other_files_named_jpg_are_refused_on_content(writer, item, media_root, data):
    response = post_photo(writer, item, data, "photo.jpg")
    assert response.status_code == 400
    message = response.json()["error"]
    assert "JPEG" in message  # says what to upload instead
    assert stored_files(media_root) == []


# 18 and 19 --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("photo.jpg.php", "photo.jpg.php"),
        ("photo.php\x00.jpg", "photo.php.jpg"),
        ("PHOTO.JPG ", "PHOTO.JPG"),
        ("../../../etc/passwd", "passwd"),
        ("..\\..\\win.ini", "win.ini"),
        ("/abs/x.jpg", "x.jpg"),
        ("CON.jpg", "CON.jpg"),
        ("a" * 300 + ".jpg", ("a" * 300 + ".jpg")[-200:]),
        ("\u202egpj.exe", "gpj.exe"),
    ],
)
def test_18_19_stored_name_is_a_uuid_inside_media_root(staff, item, media_root, name, shown):
    from redaksi.media.services import photo_upload

    data = camera_jpeg(seed=len(name))
    photo = photo_upload(actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename=name,
                         size=len(data)).photo  # fmt: skip
    assert re.fullmatch(r"photos/\d+/[0-9a-f]{2}/[0-9a-f]{32}\.jpg", photo.original.name)
    path = Path(photo.original.path).resolve()
    assert path.is_relative_to(Path(media_root).resolve()) and path.exists()
    assert photo.original_filename == shown
    assert "\u202e" not in photo.original_filename and "\x00" not in photo.original_filename


def test_18_names_through_the_http_endpoint(writer, item, media_root):
    response = post_photo(writer, item, camera_jpeg(), "photo.jpg.php")
    assert response.status_code == 201
    files = stored_files(media_root)
    assert len(files) == 1 and re.fullmatch(r"[0-9a-f]{32}\.jpg", files[0].name)


# 20 ---------------------------------------------------------------------------------------------------------
def png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 100_000, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def gif_claiming(width: int, height: int) -> bytes:
    header = b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff"
    image = b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00" + b"\x02\x02\x44\x01\x00"
    return header + image + b"\x3b"


def ico_claiming() -> bytes:
    # One entry saying 0 (= 256) and a PNG inside claiming 50 000 × 50 000.
    inner = png_claiming(50_000, 50_000)
    return b"\x00\x00\x01\x00\x01\x00" + struct.pack("<BBBBHHII", 0, 0, 0, 0, 1, 32, len(inner), 22) + inner


@pytest.mark.parametrize(
    "data",
    [png_claiming(50_000, 50_000), png_claiming(12_000, 12_000), gif_claiming(65_535, 65_535), ico_claiming()],
    ids=["png-50k", "png-144mp", "gif-bomb", "ico"],
)
def test_20_pixel_floods_are_refused_with_little_memory(writer, item, data):
    # How fast: bench/media/bench_bad_inputs.py (timings belong in bench/, not in the suite).
    assert len(data) < 10_000
    tracemalloc.start()
    response = post_photo(writer, item, data, "small.png")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 400
    assert peak < 20 * 1024 * 1024, f"peak {peak} bytes"
    error = response.json()["error"]
    assert "too large" in error or "not a photo" in error  # the ICO is not a photo type at all


def test_20_the_limit_itself_is_a_setting(writer, item, settings):
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "PHOTO_MAX_PIXELS": 1000}
    response = post_photo(writer, item, camera_jpeg(100, 100))
    assert response.status_code == 400 and "too large" in response.json()["error"]


# 21 ---------------------------------------------------------------------------------------------------------
def test_21_photo_over_the_size_limit_is_413_before_reading(writer, item):
    url = reverse("media:photo_upload", args=[item.pk])
    response = writer.generic(
        "POST", url, b"x" * 100, content_type="multipart/form-data; boundary=zz", CONTENT_LENGTH=str(2 * 1024**3)
    )
    assert response.status_code == 413 and "MB" in response.json()["error"]


def test_21_photo_limit_from_the_file_size(writer, item, settings):
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "PHOTO_MAX_BYTES": 1000}
    response = post_photo(writer, item, camera_jpeg(200, 200))
    assert response.status_code == 413


def begin_video(client, item, size: int, name: str = "clip.mp4"):
    return client.post(reverse("media:video_begin", args=[item.pk]), {"name": name, "size": size})


def test_21_video_over_the_limit_is_413_at_the_start(writer, item):
    response = begin_video(writer, item, 2 * 1024**3 + 1)
    assert response.status_code == 413 and "GB" in response.json()["error"]
    assert not ChunkedUpload.objects.exists()


def test_21_chunk_without_length_or_with_a_lying_length(writer, item):
    upload = begin_video(writer, item, 1000).json()
    key = upload["upload"]
    url = upload["url"]
    response = writer.generic("PUT", url, b"", HTTP_X_UPLOAD_OFFSET="0", CONTENT_LENGTH="")
    assert response.status_code == 411
    # Says 500 bytes, sends 100: the chunk is refused and nothing is appended.
    # (the body stream stands in for a socket that closes early)
    lying = {"wsgi.input": io.BytesIO(b"a" * 100), "CONTENT_LENGTH": "500"}
    response = writer.generic("PUT", url, b"", HTTP_X_UPLOAD_OFFSET="0", **lying)
    assert response.status_code == 400
    assert ChunkedUpload.objects.get(key=key).offset == 0
    assert temp_path(ChunkedUpload.objects.get(key=key).key).stat().st_size == 0


def test_21_more_bytes_than_announced_stop_the_upload_and_remove_the_file(writer, item):
    upload = begin_video(writer, item, 100).json()
    row = ChunkedUpload.objects.get(key=upload["upload"])
    assert temp_path(row.key).exists()
    response = writer.generic("PUT", upload["url"], b"a" * 200, HTTP_X_UPLOAD_OFFSET="0")
    assert response.status_code == 413
    assert not temp_path(row.key).exists() and not ChunkedUpload.objects.exists()


def test_21_chunk_over_the_chunk_limit_is_413(writer, item, settings):
    settings.REDAKSI_MEDIA = {**settings.REDAKSI_MEDIA, "VIDEO_CHUNK_BYTES": 1024}
    upload = begin_video(writer, item, 10_000).json()
    response = writer.generic("PUT", upload["url"], b"a" * 2048, HTTP_X_UPLOAD_OFFSET="0")
    assert response.status_code == 413


def test_21_abandoned_uploads_are_removed(writer, item):
    import time_machine
    from django.utils import timezone

    upload = begin_video(writer, item, 100).json()
    row = ChunkedUpload.objects.get(key=upload["upload"])
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=25)):
        from redaksi.media.services import uploads_expire

        assert uploads_expire() == 1
    assert not temp_path(row.key).exists()


# 22 ---------------------------------------------------------------------------------------------------------
def multipart(parts: list[tuple[str, str | None, bytes, dict]], boundary: str = "BOUNDARY") -> bytes:
    out = []
    for name, filename, data, headers in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        lines = [f"--{boundary}", f"Content-Disposition: {disposition}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        out.append(("\r\n".join(lines) + "\r\n\r\n").encode() + data + b"\r\n")
    return b"".join(out) + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    "parts",
    [
        [("f", f"{n}.jpg", b"x", {"Content-Type": "image/jpeg"}) for n in range(101)],
        [(f"field{n}", None, b"v", {}) for n in range(1001)],
        [(f"p{n}", None, b"", {}) for n in range(10_000)],
    ],
    ids=["101-files", "1001-fields", "10000-parts"],
)
def test_22_multipart_floods_are_400(writer, item, parts):
    # How fast: bench/media/bench_bad_inputs.py.
    body = multipart(parts)
    response = writer.generic(
        "POST",
        reverse("media:photo_upload", args=[item.pk]),
        body,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
    assert response.status_code == 400
    assert not Photo.objects.exists()


def test_22_whitespace_stuffed_base64_is_400_without_a_memory_spike(writer, item):
    # How fast: bench/media/bench_bad_inputs.py.
    import base64

    encoded = base64.b64encode(b"\x00" * 30_000)
    stuffed = b"".join(encoded[i : i + 4] + b" " * 400 for i in range(0, len(encoded), 4))  # ~3 MB
    body = multipart([("file", "a.jpg", stuffed, {"Content-Transfer-Encoding": "base64"})])
    tracemalloc.start()
    response = writer.generic(
        "POST",
        reverse("media:photo_upload", args=[item.pk]),
        body,
        content_type="multipart/form-data; boundary=BOUNDARY",
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 400
    assert peak < 64 * 1024 * 1024


# 24 ---------------------------------------------------------------------------------------------------------
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd"><!ENTITY r SYSTEM "http://127.0.0.1:9/">]>'


def docx_with_xxe() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", XXE + b"<Types>&e;&r;</Types>")
        z.writestr("word/document.xml", XXE + b"<w:document>&e;</w:document>")
    return out.getvalue()


def wav_with_xxe() -> bytes:
    payload = XXE + b"<x>&e;</x>"
    return b"RIFF" + struct.pack("<I", 36 + len(payload)) + b"WAVEiXML" + struct.pack("<I", len(payload)) + payload


@pytest.mark.parametrize("data", [docx_with_xxe(), wav_with_xxe(), XXE + b"<svg>&e;</svg>"], ids=["docx", "wav", "svg"])
@pytest.mark.parametrize("name", ["file.jpg", "file.mp4"])
def test_24_external_entities_are_never_parsed(writer, item, media_root, monkeypatch, data, name):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("an outbound connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    if name.endswith(".jpg"):
        response = post_photo(writer, item, data, name)
        assert response.status_code == 400
    else:
        upload = begin_video(writer, item, len(data), name).json()
        writer.generic("PUT", upload["url"], data, HTTP_X_UPLOAD_OFFSET="0")
        response = writer.post(upload["finish"])
        assert response.status_code == 400
        assert "root:" not in response.content.decode()
        assert not temp_path(UUID(upload["upload"])).exists()
    assert "root:" not in response.content.decode()
    assert not Photo.objects.exists() and stored_files(media_root) == []


# 25 ---------------------------------------------------------------------------------------------------------
def hostile_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        link = zipfile.ZipInfo("DCIM/link.jpg")
        link.external_attr = 0o120777 << 16
        z.writestr(link, "/etc/passwd")
        z.writestr("../../escape.jpg", camera_jpeg())
        for n in range(50):
            z.writestr(f"DCIM/{n}.jpg", b"\x00" * 1000)
    return out.getvalue()


@pytest.mark.parametrize("name", ["card.zip", "card.jpg"])
def test_25_archives_are_never_unpacked(writer, item, media_root, tmp_path, name):
    response = post_photo(writer, item, hostile_zip(), name)
    assert response.status_code == 400
    assert stored_files(media_root) == []
    assert not (tmp_path / "escape.jpg").exists() and not (media_root.parent / "escape.jpg").exists()


# 26 ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def published_photo(staff, item, django_capture_on_commit_callbacks):
    from redaksi.media.services import photo_update, photo_upload

    data = camera_jpeg(1000, 800)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_upload(actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="a.jpg",
                             size=len(data)).photo  # fmt: skip
    photo_update(actor=staff["reporter"], item_id=item.pk, photo_id=photo.pk, caption="c", credit="", alt_text="a")
    return photo


@pytest.mark.parametrize(
    "path",
    [
        "/media/%2e%2e/settings.py",
        "/media/..%2f..%2fconfig/settings/base.py",
        "/media/../config/settings/base.py",
        "/redaksi/media/berkas/%2e%2e/settings.py",
        "/redaksi/media/berkas/..%2f..%2fsettings.py",
        "/redaksi/media/berkas/00000000-0000-0000-0000-000000000000/..%2f..%2fsecret_key",
        "/redaksi/media/berkas/00000000-0000-0000-0000-000000000000/w480.jpg",
    ],
)
def test_26_traversal_is_404(client, staff, path):
    assert client.get(path).status_code == 404
    client.force_login(staff["reporter"])
    assert client.get(path).status_code == 404


def test_26_unpublished_media_is_private_also_with_etags(client, staff, item, published_photo):
    photo = published_photo
    url = reverse("media:file", args=[photo.key, "w480.webp"])
    staff_client = Client()
    staff_client.force_login(staff["reporter"])
    ok = staff_client.get(url)
    assert ok.status_code == 200 and ok["Content-Type"] == "image/webp" and ok["X-Content-Type-Options"] == "nosniff"
    assert ok["Cache-Control"].startswith("private")
    assert staff_client.get(url, HTTP_IF_NONE_MATCH=ok["ETag"]).status_code == 304
    assert client.get(url).status_code == 404
    assert client.get(url, HTTP_IF_NONE_MATCH=ok["ETag"]).status_code == 404
    assert client.get(reverse("media:file", args=[photo.key, "original"])).status_code == 404
    outsider = Client()
    outsider.force_login(staff["reporter2"])  # same office, but the draft is another writer's
    assert outsider.get(url).status_code == 404


def test_26_published_renditions_are_public_originals_never(client, staff, item, published_photo):
    from redaksi.newsroom.services import item_takedown
    from redaksi.newsroom.tests.factories import advance

    photo = published_photo
    advance(item, staff, None)
    item.refresh_from_db()
    assert item.published_at is not None
    response = client.get(reverse("media:file", args=[photo.key, "card.jpg"]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"].startswith("public")
    assert client.get(reverse("media:file", args=[photo.key, "original"])).status_code == 404
    item_takedown(actor=staff["admin"], item_id=item.pk, reason="Salah data")
    assert client.get(reverse("media:file", args=[photo.key, "card.jpg"])).status_code == 404


def test_renditions_hold_no_gps_exif_or_camera_data(client, staff, published_photo):
    c = Client()
    c.force_login(staff["reporter"])
    for rendition in published_photo.renditions.all():
        data = b"".join(c.get(reverse("media:file", args=[published_photo.key, rendition.variant])).streaming_content)
        with Image.open(io.BytesIO(data)) as im:
            assert not im.getexif()
        assert b"Canon" not in data and b"GPS" not in data


def test_a_polyglot_original_is_kept_only_behind_a_download_that_never_renders(
    writer, item, media_root, django_capture_on_commit_callbacks
):
    """Issue 13, finding 6: the original keeps its bytes (with their EXIF) for staff, but under our own name, and
    it leaves only as an attachment, sandboxed and unsniffable; the public and web copies are re-encoded."""
    polyglot = png_bytes(320, 240) + b"<html><script>alert(document.cookie)</script><?php system($_GET['c']); ?>"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(writer, item, polyglot, "photo.jpg.php")
    assert response.status_code in (200, 201), response.content
    photo = Photo.objects.get()
    assert re.fullmatch(r".+/[0-9a-f-]{32,36}\.png", photo.original.name), photo.original.name
    assert not [p for p in stored_files(media_root) if ".php" in p.name or "photo" in p.name]
    original = writer.get(reverse("media:file", args=[photo.key, "original"]))
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment;")
    assert original["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert original["X-Content-Type-Options"] == "nosniff" and original["Content-Type"] == "image/png"
    assert photo.renditions.count() >= 2
    for rendition in photo.renditions.all():
        data = b"".join(writer.get(reverse("media:file", args=[photo.key, rendition.variant])).streaming_content)
        assert b"<script>" not in data and b"<?php" not in data
