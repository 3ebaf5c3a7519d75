import io
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from redaksi.core.clock import WIB
from redaksi.media import images

from .conftest import camera_jpeg, png_bytes


def test_sniff_names_formats_by_their_first_bytes():
    assert images.sniff(camera_jpeg()) == "jpeg"
    assert images.sniff(png_bytes()) == "png"
    assert images.sniff(b"GIF89a....") == "gif"
    assert images.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "webp"
    assert images.sniff(b"\x00\x00\x00\x1cftypavif") == "avif"
    assert images.sniff(b"\x00\x00\x00\x18ftypheic") == "heic"
    assert images.sniff(b"<svg xmlns=...") is None
    assert images.sniff(b"MZ\x90\x00") is None


def test_inspect_reads_time_camera_gps_and_turns_the_size_by_orientation():
    facts = images.inspect(io.BytesIO(camera_jpeg(640, 480, orientation=6)))
    assert (facts.format, facts.width, facts.height, facts.orientation) == ("jpeg", 480, 640, 6)
    assert facts.camera == "Canon EOS 90D"
    assert facts.had_gps is True
    assert facts.captured_at == datetime(2026, 11, 20, 9, 15, 30, tzinfo=WIB)


def test_inspect_without_exif():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "JPEG")
    facts = images.inspect(out)
    assert (facts.camera, facts.captured_at, facts.had_gps, facts.orientation) == ("", None, False, 1)


def test_truncated_jpeg_is_refused_as_damaged():
    data = camera_jpeg(800, 600)
    with pytest.raises(ValidationError) as exc:
        images.inspect(io.BytesIO(data[: len(data) // 2]))
    assert exc.value.code == "damaged"


@pytest.mark.parametrize(
    ("size", "ratio", "focal", "box"),
    [
        ((4000, 3000), 1200 / 630, (0.5, 0.5), (0, 450, 4000, 2550)),
        ((4000, 3000), 1200 / 630, (0.5, 0.0), (0, 0, 4000, 2100)),
        ((4000, 3000), 1.0, (1.0, 0.5), (1000, 0, 4000, 3000)),
        ((4000, 3000), 1.0, (0.1, 0.5), (0, 0, 3000, 3000)),
        ((3000, 4000), 1200 / 630, (0.5, 0.9), (0, 2425, 3000, 4000)),
        ((3000, 4000), 1200 / 630, (0.5, 0.6), (0, 1612, 3000, 3187)),
    ],
)
def test_crop_box_keeps_the_focal_point_in_view(size, ratio, focal, box):
    assert images.crop_box(*size, ratio, *focal) == box


def test_render_all_makes_every_size_and_format_upright_without_metadata(settings):
    settings.REDAKSI_MEDIA = {"RENDITION_WIDTHS": (480, 960, 1600)}
    data = camera_jpeg(2000, 1500, orientation=6)
    encoded = images.render_all(io.BytesIO(data), "jpeg", focal=(0.5, 0.5))
    kinds = sorted((e.kind, e.format, e.width) for e in encoded)
    assert ("w", "avif", 480) in kinds and ("w", "webp", 960) in kinds and ("w", "jpeg", 1500) in kinds
    assert ("w", "jpeg", 1600) not in kinds  # never wider than the photo (1500 after turning)
    assert ("card", "jpeg", 1200) in kinds and ("thumb", "webp", 320) in kinds
    for e in encoded:
        with Image.open(io.BytesIO(e.data)) as im:
            assert im.size == (e.width, e.height)
            assert not im.getexif(), f"{e.kind} {e.format} kept EXIF"
            assert "exif" not in im.info and "xmp" not in im.info
            assert e.data.find(b"Canon") == -1
        if e.kind == "w":
            assert e.height > e.width  # the orientation was applied
    card = next(e for e in encoded if e.kind == "card")
    assert (card.width, card.height) == (1200, 630)


def test_red_corner_ends_top_right_after_a_quarter_turn():
    data = camera_jpeg(400, 300, orientation=6)  # 6: turn 90° clockwise to view
    base = images.load_for_rendering(io.BytesIO(data), "jpeg", 1000)
    assert base.size == (300, 400)
    r, g, b = base.getpixel((base.width - 5, 5))
    assert r > 200 and g < 60


def test_watermark_changes_the_public_files(settings):
    data = camera_jpeg(1000, 700)
    plain = images.render_all(io.BytesIO(data), "jpeg", focal=(0.5, 0.5))
    settings.REDAKSI_MEDIA = {"WATERMARK_TEXT": "Diskominfo Bengkalis"}
    marked = images.render_all(io.BytesIO(data), "jpeg", focal=(0.5, 0.5))
    p = next(e for e in plain if e.kind == "w" and e.format == "jpeg" and e.width == 960)
    m = next(e for e in marked if e.kind == "w" and e.format == "jpeg" and e.width == 960)
    assert p.data != m.data
    thumbs = [e.data for e in plain + marked if e.kind == "thumb" and e.format == "webp"]
    assert thumbs[0] == thumbs[1]  # thumbnails stay clean


def test_transparent_png_gets_a_white_background():
    im = images.load_for_rendering(io.BytesIO(png_bytes(20, 20, "RGBA")), "png", 100)
    assert im.mode == "RGB"
