"""The words of an inbox entry, kept as a message key and its values and worded when it is read.

An entry used to be stored already worded, in the language of whoever caused it (an editor browsing in
English hands an item on, and the Indonesian reporter reads "Your turn"). Now it keeps the key of its
message and the values; the inbox words it in the reader's language. Its `title` and `body` columns keep
the office language's wording, for the mail (sent in that language) and for entries of before.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N  # noqa: N812

from .formatting import moment

MESSAGES = {
    "handoff.title": N("Your turn: %(title)s"),
    "handoff.body": N("Step %(n)s: %(activity)s."),
    "returned.title": N("Returned to you: %(title)s"),
    "returned.body": N("Step %(n)s: %(activity)s. Reason: %(reason)s"),
    "reassigned.title": N("Now yours: %(title)s"),
    "reassigned.body": N("SOP version %(v)s, now in force, gives step %(n)s (%(activity)s) to your role."),
    "approval.title": N("Waiting for your approval: %(title)s"),
    "approval.body": N("Step %(n)s: %(activity)s. The approval link was sent by mail."),
    "reminder.title": N("Reminder: %(title)s is at %(percent)s%% of its time at step %(n)s"),
    "escalation.title": N("Escalation: %(title)s has used %(percent)s%% of the %(minutes)s minutes of step %(n)s"),
    "reminder.body": N(
        "Step %(n)s: %(activity)s, waiting since %(since)s (standard: %(minutes)s minutes of office time)."
    ),
    "attack.account.title": N("Many wrong passwords for the account %(username)s"),
    "attack.account.body": N(
        "%(count)s wrong passwords within %(minutes)s minutes, from several addresses (the last from %(ip)s). "
        "Nobody was locked out. Check with the account's owner, and have the password changed if need be."
    ),
    "attack.address.title": N("Many wrong passwords from the address %(ip)s"),
    "attack.address.body": N(
        "%(count)s wrong passwords within %(minutes)s minutes, for several accounts. Each account is locked "
        "at that address only after its own failures; people elsewhere are not affected."
    ),
    "scan.found.title": N("The website scanner flagged %(count)s things on %(pages)s pages"),
    "scan.found.body": N(
        "Words of online gambling or links to unlisted domains, first on %(path)s. The pages are online as "
        "they are: look at each and mark it checked, or correct the item."
    ),
    "scan.severe.title": N("The website may have been tampered with: %(severe)s serious findings"),
    "scan.severe.body": N(
        "Hidden links, scripts or frames our templates never write, or files the renderer did not write, "
        "first on %(path)s (%(count)s findings on %(pages)s pages). Look now; see docs/operasi.md."
    ),
    "freshness.title": N("The website has had no new news for %(days)s working days"),
    "freshness.body": N(
        "The last publication was on %(when)s. The SOP warns that the website then stops being up to date."
    ),
    "round.due.title": N("Table 7 round due: %(sop)s, semester %(semester)s of %(year)s"),
    "round.due.body": N(
        "The semester's last month has begun. Assess each step of %(sop)s in Table 7 for semester %(semester)s "
        "of %(year)s and sign the round."
    ),
    "round.overdue.title": N("Table 7 round not signed: %(sop)s, semester %(semester)s of %(year)s"),
    "round.overdue.body": N(
        "Semester %(semester)s of %(year)s has ended and its Table 7 round of %(sop)s is not signed yet. "
        "Assess each step and sign the round."
    ),
}
# Values that are moments, kept as ISO 8601 and worded by `moment` in the reader's language.
MOMENTS = ("since", "when")


@dataclass(frozen=True)
class Message:
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.key not in MESSAGES:
            raise KeyError(self.key)
        values = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in self.params.items()}
        object.__setattr__(self, "params", values)

    def render(self) -> str:
        return render(self.key, self.params)


def render(key: str, params: dict[str, Any]) -> str:
    """The message in the active language; "" when the key is unknown or a value is missing."""
    template = MESSAGES.get(key)
    if template is None:
        return ""
    values = dict(params)
    for name in MOMENTS:
        when = parse_datetime(values[name]) if isinstance(values.get(name), str) else None
        if when is not None:
            values[name] = moment(when)
    try:
        return gettext(template) % values
    except (KeyError, TypeError, ValueError):
        return ""


def _pattern(template: str) -> re.Pattern:
    parts = re.split(r"(%\(\w+\)s|%%)", template)
    regex = "".join("%" if p == "%%" else f"(?P<{p[2:-2]}>.+?)" if p.startswith("%(") else re.escape(p) for p in parts)
    return re.compile(regex + r"\Z", re.S)


def recover(text: str, languages: tuple[str, ...]) -> tuple[str, dict[str, str]] | None:
    """The key and values of a message worded in one of `languages` (for entries stored worded); None if
    it is none of ours. Of several that fit ("Step 2: X." also fits a longer step message), the one with
    the most words of its own. A moment comes back as the words it was given in."""
    found = []
    for language in languages:
        with translation.override(language):
            for key, template in MESSAGES.items():
                worded = gettext(template)
                match = _pattern(worded).match(text)
                if match:
                    found.append((len(re.sub(r"%\(\w+\)s", "", worded)), key, match.groupdict()))
        if found:
            _length, key, values = max(found, key=lambda f: f[0])
            return key, values
    return None
