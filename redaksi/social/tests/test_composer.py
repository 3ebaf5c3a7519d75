"""The text per network: within each network's rules, whatever the title, lead and tags hold."""

import pytest
from twitter_text import parse_tweet

from redaksi.social.base import RULES
from redaksi.social.composer import compose, hashtag, hashtags, measure, problems

LINK = "https://diskominfotik.bengkaliskab.go.id/berita/2026/12/7-bupati-resmikan-jembatan/"
TITLE = 'Bupati & Wakil "Resmikan" Jembatan #1 di Desa Teluk Latak 🌉'
LEAD = "Jembatan sepanjang 120 meter itu menghubungkan dua desa.\nWarga menyambut dengan gembira: “akhirnya!”"
TAGS = ["Jembatan Desa", "Infrastruktur", "bengkalis", "Jembatan desa", "2026", "مرحبا بالعالم"]


@pytest.mark.parametrize("network", sorted(RULES))
def test_every_network_gets_a_text_within_its_rules(network):
    draft = compose(network, title=TITLE, lead=LEAD * 20, link=LINK, tags=TAGS * 10)
    assert problems(network, draft.text, draft.title) == []
    assert measure(network, draft.text) <= RULES[network].limit
    assert "Bupati & Wakil" in draft.text or RULES[network].title_limit


def test_x_counts_the_weighted_length_with_links_as_23():
    draft = compose("x", title=TITLE, lead=LEAD * 10, link=LINK, tags=TAGS)
    assert parse_tweet(draft.text).weightedLength <= 280
    assert LINK in draft.text and "Bupati" in draft.text
    # The long link counts 23, not its own length.
    assert measure("x", LINK) == 23
    assert measure("x", "😀") == 2 and measure("x", "a") == 1


def test_a_long_lead_is_cut_at_a_word_with_an_ellipsis_and_the_link_survives():
    draft = compose("telegram", title="Judul", lead="kata " * 400, link=LINK, tags=[])
    assert LINK in draft.text and "…" in draft.text
    assert len(draft.text) <= 1024
    assert "kat…" not in draft.text  # never in the middle of a word


def test_instagram_says_link_in_bio_and_keeps_at_most_30_hashtags():
    many = [f"topik {n}" for n in range(60)]
    draft = compose("instagram", title=TITLE, lead=LEAD, link=LINK, tags=many)
    assert LINK not in draft.text and "Link in bio" in draft.text
    assert draft.text.count("#Topik") == 30
    assert problems("instagram", draft.text + " #lagi", "") != []


def test_youtube_title_within_100_and_no_angle_brackets():
    title = "<b>Rapat</b> " + "panjang " * 30
    draft = compose("youtube", title=title, lead="a < b > c", link=LINK, tags=["Video"])
    assert len(draft.title) <= 100 and "<" not in draft.title and "<" not in draft.text and ">" not in draft.text
    assert (
        problems("youtube", "ok <", "Judul") and problems("youtube", "ok", "") and problems("youtube", "ok", "x" * 101)
    )
    assert measure("youtube", "é") == 2  # the description's limit is in bytes


def test_hashtags_from_tags():
    assert hashtag("Jembatan Desa") == "#JembatanDesa"
    assert hashtag("2026") == "" and hashtag("&") == ""
    assert hashtags(TAGS) == ["#JembatanDesa", "#Infrastruktur", "#Bengkalis", "#مرحبابالعالم"]


def test_ampersand_quotes_newlines_emoji_and_rtl_come_through_unchanged():
    draft = compose("facebook", title=TITLE, lead=LEAD, link=LINK, tags=TAGS)
    for piece in ["&", '"Resmikan"', "#1", "🌉", "“akhirnya!”", "#مرحبابالعالم"]:
        assert piece in draft.text
    assert "\n" in draft.text and "\r" not in draft.text


def test_problems_name_what_is_wrong():
    assert problems("x", "") == ["The text is empty."]
    too_long = problems("x", "a" * 281)
    assert too_long and "281" in too_long[0] and "280" in too_long[0]
    assert problems("x", "a" * 280) == []
    assert problems("telegram", "😀" * 1024) == []
