"""All five protocol servers at once, as an office's accounts reach them: for the end-to-end tests of step 8.

`Networks` starts a fake per API network and says, per network, what an administrator types into the accounts
screen to point an account at it (options, API address, token), and what each fake holds: the posts made there
(one per successful create, whatever was retried), and the requests that broke the network's specification.
"""

from __future__ import annotations

from dataclasses import dataclass

from redaksi.social.tests.fakes.graph import FacebookFake, InstagramFake
from redaksi.social.tests.fakes.server import FakeServer
from redaksi.social.tests.fakes.telegram import TelegramFake
from redaksi.social.tests.fakes.x import XFake
from redaksi.social.tests.fakes.youtube import UNIT, YouTubeFake

API_NETWORKS = ("facebook", "instagram", "x", "youtube", "telegram")
TIMEOUT = "0.5"  # seconds a client waits: shorter than a fake's held-back answer (FakeServer.slow)


@dataclass(frozen=True)
class Account:
    network: str
    name: str
    options: dict[str, str]
    base_url: str
    token: str


class Networks:
    def __init__(self):
        self.facebook, self.instagram, self.x = FacebookFake(), InstagramFake(), XFake()
        self.youtube, self.telegram = YouTubeFake(), TelegramFake()
        # Instagram fetches each photo from its public address. Here the test fetches it once the send is over:
        # inside the send, the live server's test database (shared by its threads) would make it wait on itself.
        self.instagram.fetch_media = False

    def fakes(self) -> dict[str, FakeServer]:
        return {network: getattr(self, network) for network in API_NETWORKS}

    def close(self) -> None:
        for fake in self.fakes().values():
            fake.close()

    def violations(self) -> list[str]:
        return [f"{network}: {v}" for network, fake in self.fakes().items() for v in fake.violations]

    def accounts(self) -> dict[str, Account]:
        """What the administrator sets for each account: options, API address and token of its fake."""
        return {
            "facebook": Account(
                "facebook",
                "Diskominfotik Bengkalis",
                {"page_id": self.facebook.page_id, "timeout": TIMEOUT},
                self.facebook.url,
                self.facebook.token,
            ),
            "instagram": Account(
                "instagram",
                "@diskominfotik.bengkalis",
                {"ig_user_id": self.instagram.user_id, "timeout": TIMEOUT, "poll_interval": "0.05"},
                self.instagram.url,
                self.instagram.token,
            ),
            "x": Account(
                "x", "@diskominfotik", {"timeout": TIMEOUT, "poll_interval": "0.05"}, self.x.url, self.x.token
            ),
            "youtube": Account(
                "youtube",
                "Diskominfotik Bengkalis TV",
                {"timeout": TIMEOUT, "chunk_size": str(UNIT), "backoff": "0", "privacy_status": "unlisted"},
                self.youtube.url,
                self.youtube.token,
            ),
            "telegram": Account(
                "telegram",
                "Kanal Bengkalis",
                {"chat_id": "@" + self.telegram.chat["username"], "timeout": TIMEOUT},
                self.telegram.url,
                self.telegram.token,
            ),
        }

    def posts(self) -> dict[str, int]:
        """The posts each network holds: a retried share that was posted once counts once."""
        return {
            "facebook": len(self.facebook.posts),
            "instagram": len(self.instagram.media),
            "x": len(self.x.tweets),
            "youtube": len(self.youtube.videos),
            "telegram": len(self.telegram.messages),
        }
