"""Password rules (ASVS 2.1, BSSN 4/2021): long enough, not common, not made of the user's own data.

Settings name them in AUTH_PASSWORD_VALIDATORS. They run wherever Django validates a password: a user's own
change, a link by e-mail, an administrator's form and `admin_create`. `set_password` skips them, as it
should: the demo accounts and test fixtures set theirs directly (the production profile refuses the demo
password at start-up, `redaksi/demo/startup.py`).
"""

from __future__ import annotations

import gzip
import re
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SUPPLEMENT = Path(__file__).resolve().parent / "data" / "common-passwords-id.txt"
DJANGO_LIST = Path(CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH)
LEET = str.maketrans("01345789@$!|", "oieastbgasil")
SHORTEST_DERIVED = 4  # a variant shorter than this says nothing (Django's list holds "a" and "123")
SHORTEST_WORD = 3  # the shortest supplement word that may make up a run of words
NAME_PART = 4  # parts of a name, username or office this long count; longer ones must not be inside the password
SIMILARITY = 0.7  # as Django's UserAttributeSimilarityValidator
NIP_RUN = 6  # this many consecutive digits of the NIP (a birth date, a month of appointment) are too many
# Words in an office's name that every office shares; they are refused by the common list where alone.
OFFICE_GENERIC = frozenset(
    ["pemerintah", "kabupaten", "kota", "provinsi", "dinas", "bagian", "badan", "kantor", "sekretariat"]
    + ["daerah", "dan", "serta", "republik", "indonesia"]
)


def _read(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        lines = (line.strip().lower() for line in f)
        return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    return frozenset(_read(DJANGO_LIST)) | supplement()


@lru_cache(maxsize=1)
def supplement() -> frozenset[str]:
    return frozenset(_read(SUPPLEMENT))


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], int]:
    words = frozenset(w for w in supplement() if w.isalpha() and len(w) >= SHORTEST_WORD)
    return words, max(len(w) for w in words)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text)


# A guessable password is short; the checks read at most this much of one (and never backtrack on more).
MAX_CHECKED = 128


def variants(password: str) -> set[str]:
    """What a guesser tries first: the password lower case, without leetspeak, without the digits and
    signs around it or anywhere in it (Bengkalis1 -> bengkalis, R3daks1-2026 -> redaksi)."""
    lower = password[:MAX_CHECKED].strip().lower()
    found = {lower}
    for text in (lower, lower.translate(LEET)):
        stripped = re.sub(r"^[^a-z]+|[^a-z]+$", "", text)
        found.update({text, stripped, _letters(text)})
    # Leetspeak only inside the word: "R3daks1-2026" drops its year, then reads 3 and 1 as letters.
    # (One sign, then digits and signs to the end: the same as "(signs+ digits*)+$", without its nested
    # repetition, which backtracks exponentially on a long run of signs.)
    core = re.sub(r"[^a-z0-9@$!|][^a-z@$!|]*$", "", lower)
    found.add(_letters(core.translate(LEET)))
    return {v for v in found if v == lower or len(v) >= SHORTEST_DERIVED}


def only_common_words(text: str) -> bool:
    """True when `text` (letters only) is nothing but a run of the supplement's words."""
    words, longest = _words()
    if not text:
        return False
    ends = [True] + [False] * len(text)
    for i in range(len(text)):
        if not ends[i]:
            continue
        for j in range(i + SHORTEST_WORD, min(len(text), i + longest) + 1):
            if text[i:j] in words:
                ends[j] = True
    return ends[len(text)]


class CommonPasswordsValidator:
    """Django's 20,000 common passwords and our Indonesian supplement, seen through `variants()`."""

    def validate(self, password: str, user: Any = None) -> None:
        common = common_passwords()
        for variant in variants(password):
            if variant in common or only_common_words(_letters(variant)):
                raise ValidationError(
                    _("This password is too common: it is on the list of passwords that are guessed first."),
                    code="password_too_common",
                )

    def get_help_text(self) -> str:
        return _("It must not be a common password, nor a place or office name with a number added.")


def _parts(text: str, *, skip: frozenset[str] = frozenset()) -> set[str]:
    return {p for p in re.split(r"[^a-z0-9]+", text.lower()) if len(p) >= NAME_PART and p not in skip}


def _similar(part: str, password: str) -> bool:
    """A name part is in the password: as a whole word of it, inside it (parts of 5 letters or more; a short
    name like "andi" is also inside "sandi"), or the password is little more than the part (Django's ratio)."""
    found = set()
    for text in (password, password.translate(LEET)):
        found.update({text, _letters(text)})
        tokens = set(re.split(r"[^a-z]+", text))
        if part in tokens or (len(part) > NAME_PART and any(part in t for t in found)):
            return True
    return any(SequenceMatcher(a=t, b=part).ratio() >= SIMILARITY for t in found)


class PersonalDataValidator:
    """The password must not hold the user's username, name, e-mail, NIP, nor their office's name."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        lower = password.lower()
        seen = {lower, lower.translate(LEET), _letters(lower), _letters(lower.translate(LEET))}
        email = (getattr(user, "email", "") or "").split("@")[0]
        names = _parts(" ".join([user.get_username() or "", getattr(user, "full_name", "") or "", email]))
        if any(_similar(part, lower) for part in names):
            raise ValidationError(_("The password must not contain your name or username."), code="password_personal")
        if self._holds_nip(lower, getattr(user, "nip", "") or ""):
            raise ValidationError(_("The password must not contain your NIP or part of it."), code="password_nip")
        office = self._office_words(user)
        if any(part in v for part in office for v in seen):
            raise ValidationError(
                _("The password must not contain the name of your office or regency."), code="password_office"
            )

    @staticmethod
    def _holds_nip(password: str, nip: str) -> bool:
        digits = re.sub(r"[^0-9]", "", nip)
        runs = re.findall(rf"[0-9]{{{NIP_RUN},}}", password)
        if len(digits) < NIP_RUN or not runs:
            return False
        # The birth date is also written day first: 11041968 for 19680411.
        shapes = [digits]
        if len(digits) >= 8:
            shapes.append(digits[6:8] + digits[4:6] + digits[0:4])
        return any(
            shape[i : i + NIP_RUN] in run for shape in shapes for i in range(len(shape) - NIP_RUN + 1) for run in runs
        )

    @staticmethod
    def _office_words(user: Any) -> set[str]:
        office = getattr(user, "office", None) if getattr(user, "office_id", None) else None
        if office is None:
            return set()
        text = " ".join([office.name, office.short_name, office.slug, office.government])
        return _parts(text, skip=OFFICE_GENERIC)

    def get_help_text(self) -> str:
        return _("It must not contain your name, username, NIP or the name of your office.")
