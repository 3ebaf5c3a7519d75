"""The plain emblem: a shield in a given colour with an office's initials."""

import io

from PIL import Image

from redaksi.public import emblem


def test_initials_skip_the_small_words_and_stop_at_three():
    assert emblem.initials("Diskominfotik Bengkalis") == "DB"
    assert emblem.initials("DINAS KOMUNIKASI, INFORMATIKA DAN STATISTIK KABUPATEN BENGKALIS") == "DKI"
    assert emblem.initials("Bagian Humas dan Protokol", most=3) == "BHP"
    assert emblem.initials("  ") == "?"


def test_the_shield_is_the_colour_asked_for_with_white_letters_and_a_transparent_corner():
    image = emblem.shield("DB", "#7a1f2b", 256)
    assert image.size == (220, 256) and image.mode == "RGBA"
    assert image.getpixel((0, 255))[3] == 0
    assert image.getpixel((110, 40))[:3] == (0x7A, 0x1F, 0x2B)
    letters = image.crop((40, 60, 180, 150)).convert("RGB").getcolors(220 * 256)
    assert max(letters)[1] in ((255, 255, 255), (0x7A, 0x1F, 0x2B))
    assert any(c == (255, 255, 255) for _n, c in letters)
    with Image.open(io.BytesIO(emblem.png(image))) as again:
        assert again.format == "PNG" and again.size == (220, 256)
