"""The office's main colour: only colours that white text can stand on, and the shades drawn from it."""

import pytest
from django.core.exceptions import ValidationError

from redaksi.public import colour


def test_contrast_follows_wcag():
    assert colour.contrast("#ffffff", "#000000") == pytest.approx(21)
    assert colour.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert colour.contrast("#0b3d6e", "#ffffff") >= colour.MIN_CONTRAST


@pytest.mark.parametrize(("given", "kept"), [("#0B3D6E", "#0b3d6e"), (" #8b1a1a ", "#8b1a1a"), ("#036", "#003366")])
def test_a_dark_colour_is_kept_in_lower_case(given, kept):
    assert colour.clean(given) == kept


@pytest.mark.parametrize("given", ["red", "#12345g", "0b3d6e", "#0b3d6e0", "rgb(0,0,0)", ""])
def test_anything_but_a_hex_colour_is_refused(given):
    with pytest.raises(ValidationError) as caught:
        colour.clean(given)
    assert caught.value.code == "format"


@pytest.mark.parametrize("given", ["#ffcc00", "#8ab4f8", "#ffffff", "#2e9e4f"])
def test_a_colour_too_light_for_white_text_is_refused(given):
    with pytest.raises(ValidationError) as caught:
        colour.clean(given)
    assert caught.value.code == "contrast"


def test_the_stylesheet_darkens_and_tints_the_colour():
    css = colour.stylesheet("#8b1a1a")
    assert css.startswith(":root{--brand:#8b1a1a;")
    strong = css.split("--brand-strong:")[1][:7]
    soft = css.split("--brand-soft:")[1][:7]
    assert colour.contrast(strong, "#ffffff") > colour.contrast("#8b1a1a", "#ffffff")
    # Text in the darker shade on the tint stays readable (AA) for the lightest colour allowed.
    lightest = "#767676"
    light_css = colour.stylesheet(lightest)
    assert colour.contrast(light_css.split("--brand-strong:")[1][:7], light_css.split("--brand-soft:")[1][:7]) >= 4.5
    assert colour.contrast(strong, soft) >= 4.5
