"""The office's Telegram bot, as notify uses it: approval notices to approvers who linked their account.

The bot is the office's Telegram account of step 8 (`social.SocialAccount`, network telegram, its token
sealed). Social sits above notify (docs/architecture.md), so notify cannot read that row: social fills
this slot in its `ready()` (`social/approval_bot.py`), as the newsroom's slots are filled from above.
Without social, or for an office without a Telegram account, there is no bot and nothing goes by Telegram.

The token goes in the path (/bot<token>/<method>): no address is ever logged here.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from django.core.cache import cache

from redaksi.accounts.models import Office
from redaksi.core.backends import Outcome, Result
from redaksi.core.outbox import one_line

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org"
TIMEOUT = 10.0


@dataclass(frozen=True)
class Bot:
    token: str
    base_url: str = DEFAULT_BASE_URL
    timeout: float = TIMEOUT

    @property
    def id(self) -> str:
        """The bot's number, the part of the token before the colon: names the bot without its secret."""
        return self.token.partition(":")[0]


class BotError(Exception):
    """A Bot API call that did not succeed; `result` says what the outbox should do about it."""

    def __init__(self, result: Result, *, code: int = 0):
        super().__init__(result.detail)
        self.result, self.code = result, code


_source: Callable[[Office], Bot | None] | None = None


def set_bot_source(source: Callable[[Office], Bot | None]) -> None:
    """Called by the app that keeps the office's bot (social) in its ready()."""
    global _source
    _source = source


def bot_for(office: Office | None) -> Bot | None:
    if office is None or _source is None:
        return None
    return _source(office)


def call(bot: Bot, method: str, **fields: Any) -> Any:
    """One Bot API method; its `result`, or BotError saying sent-later, needs-person or refused."""
    session = requests.Session()
    url = f"{bot.base_url.rstrip('/')}/bot{bot.token}/{method}"
    try:
        response = session.post(url, data={k: v for k, v in fields.items() if v is not None}, timeout=bot.timeout)
    except requests.RequestException as exc:
        raise BotError(Result(Outcome.RETRY, detail=f"Telegram unreachable ({type(exc).__name__})")) from exc
    finally:
        session.close()
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    if answer.get("ok") is True:
        return answer.get("result")
    raise BotError(_failure(response.status_code, answer), code=int(answer.get("error_code") or response.status_code))


def _failure(status: int, answer: dict) -> Result:
    code = int(answer.get("error_code") or status or 0)
    said = one_line(str(answer.get("description") or ""), 200)
    parameters = answer.get("parameters") or {}
    if code == 429 or parameters.get("retry_after") is not None:
        wait = parameters.get("retry_after")
        return Result(
            Outcome.RETRY,
            detail=f"Telegram asks to wait ({said or code})",
            retry_after=timedelta(seconds=float(wait)) if wait is not None else None,
        )
    if status >= 500 or code >= 500 or not answer:
        return Result(Outcome.RETRY, detail=f"Telegram is having trouble (HTTP {status})")
    if code == 401:
        return Result(Outcome.REFUSED, detail=f"The office's Telegram bot token is not valid ({said})")
    if code == 403:
        return Result(Outcome.REFUSED, detail=f"The recipient blocked the bot or never started it ({said})")
    return Result(Outcome.REFUSED, detail=f"Telegram refused the message ({said or code})")


def bot_username(bot: Bot) -> str:
    """The bot's @name for t.me links, from getMe (kept an hour). Raises BotError when Telegram cannot say."""
    key = f"notify-telegram-username:{bot.id}:{bot.base_url}"
    name = cache.get(key)
    if not name:
        me = call(bot, "getMe") or {}
        name = str(me.get("username") or "")
        if not name:
            raise BotError(Result(Outcome.REFUSED, detail="The office's Telegram bot has no username"))
        cache.set(key, name, 3600)
    return name
