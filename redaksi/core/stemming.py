"""Indonesian word stems for searching (the public search, the board's titles), the same for text and query.

The stems come from the Snowball Indonesian stemmer, the algorithm behind PostgreSQL's `indonesian`
text search configuration, so both databases find the same items. Snowball removes a nasal prefix
without restoring the consonant it swallowed (menulis -> "ulis", but ditulis -> "tulis") and reads
the r of a root after per-/ber-/ter- as part of the prefix (peresmian -> "esmi", meresmikan -> "resmi").
A word whose stem lost such a letter also gets the stems the lost letter would give, on both sides,
so that two forms of one root meet in at least one stem.

Known misses of the algorithm, left as they are: a root ending in a possessive-like syllable
(bertemu -> "berte", read as ber-te + -mu "your"), and some stacked prefixes (kependudukan -> "nduduk").
"""

import re
import threading

import snowballstemmer

_WORDS = re.compile(r"\w+")
_VOWELS = frozenset("aeiou")
# Prefix as written, and the first letter of the root it may have swallowed; longest prefix first.
_SWALLOWED = (("meng", "k"), ("peng", "k"), ("men", "t"), ("pen", "t"), ("per", "r"), ("ber", "r"), ("ter", "r"))
_local = threading.local()  # a Snowball stemmer keeps state between calls: one per thread


def _stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("indonesian")
    return stemmer.stemWord(word)


def word_stems(word: str) -> list[str]:
    """The stems one word stands for: Snowball's, then any with a swallowed letter restored."""
    word = word.lower()
    stem = _stem(word)
    found = [stem]
    if stem and stem[0] in _VOWELS:
        for prefix, letter in _SWALLOWED:
            if word.startswith(prefix) and len(word) > len(prefix) + 1:
                found.append(letter + stem)
                if prefix == "ter":  # ter- may be the root's own first syllable: terima, terang
                    found.append(prefix + stem)
                break
    return found


def index_text(text: str) -> str:
    """Every stem of every word of `text`, once each, for the stem column of the search index."""
    seen: dict[str, None] = {}
    for word in _WORDS.findall(text.lower()):
        for stem in word_stems(word.replace("_", "")):
            if stem:
                seen.setdefault(stem, None)
    return " ".join(seen)
