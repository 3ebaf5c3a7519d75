"""Indonesian stems: Snowball's, with the first letter a prefix swallowed given back."""

from redaksi.core.stemming import index_text, word_stems


def test_a_swallowed_first_letter_is_restored_on_both_sides():
    assert word_stems("menulis") == ["ulis", "tulis"]
    assert word_stems("peresmian") == ["esmi", "resmi"]
    assert word_stems("terima") == ["ima", "rima", "terima"]
    assert word_stems("diterima") == ["terima"]
    assert index_text("Menerima, lalu diterima!") == "erima terima lalu"
