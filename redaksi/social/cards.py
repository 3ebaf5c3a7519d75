"""The pictures made for the networks (a square and a portrait card per item): when they are made, where they are
kept, and which network gets which.

A card is drawn from the item's title, its lead photo around the photo's focal point, and the office's name, colour
and logo. The hash of those inputs is kept on the card: a card whose hash no longer matches (a new title, another
lead photo, a moved focal point, a new logo) is stale and made again, by the task when the item reaches the share
step or its title changes, when the step's screen finds it stale, and by the worker just before it posts.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from PIL import Image

from redaksi.accounts.models import Office
from redaksi.core import links
from redaksi.media import images
from redaksi.media import storage as media_storage
from redaksi.media.models import Photo, Status
from redaksi.media.selectors import lead_photo
from redaksi.newsroom.models import NewsItem

from . import carddraw
from .base import Media
from .models import ShareCard

logger = logging.getLogger(__name__)

VERSION = "1"  # raise it when the drawing changes: every card is then made again when next needed
SHAPES = tuple(ShareCard.Shape.values)
QUALITY = 90
# Which card a network's post carries in place of the item's own photo. Instagram wants a picture on every post
# (4:5 shows at full height in the feed, and its captions carry no link, so the headline on the picture does the
# work); an item without a lead photo then still goes out, as a card of the office's colours. Facebook, X and
# Telegram take text with a link, or the photo's own 1200×630 card, as before; the square is there to download
# and post by hand (WhatsApp, TikTok). YouTube takes videos only.
USE = {"instagram": "portrait", "whatsapp": "square", "tiktok": "portrait"}


@dataclass(frozen=True)
class Look:
    """The office as its cards show it. The public site answers (its profile's colour and logo, and its domain);
    social sits below it and only asks, through `set_office_look`."""

    name: str
    short_name: str = ""
    colour: str = "#0b3d6e"
    logo_png: bytes = b""  # PNG; empty: the name alone
    domain: str = ""


_look: list[Callable[[Office], Look]] = []


def set_office_look(provider: Callable[[Office], Look]) -> None:
    _look[:] = [provider]


def office_look(office: Office) -> Look:
    return _look[0](office) if _look else Look(name=office.name, short_name=office.short_name)


def _photo_of(item: NewsItem) -> Photo | None:
    photo = lead_photo(item)
    return photo if photo is not None and photo.status == Status.READY else None


def digest(item: NewsItem, photo: Photo | None = None, *, look: Look | None = None) -> str:
    """The hash of everything a card of `item` is drawn from."""
    look = look or office_look(item.office)
    facts = {
        "v": VERSION,
        "title": item.title,
        "photo": [photo.sha256, photo.focal_x, photo.focal_y] if photo else None,
        "office": [look.name, look.short_name],
        "colour": look.colour,
        "logo": hashlib.sha256(look.logo_png).hexdigest(),
        "domain": look.domain,
    }
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()


def fresh_cards(item: NewsItem) -> dict[str, ShareCard]:
    """The item's cards by shape, if both are there and drawn from what the item is now; else {}."""
    cards = {card.shape: card for card in ShareCard.objects.filter(item=item)}
    if set(cards) != set(SHAPES):
        return {}
    current = digest(item, _photo_of(item))
    return cards if all(card.digest == current for card in cards.values()) else {}


def _identity(look: Look) -> carddraw.Identity:
    logo = None
    if look.logo_png:
        try:
            logo = Image.open(io.BytesIO(look.logo_png), formats=["PNG"]).convert("RGBA")
        except (OSError, ValueError):
            logo = None
    domain = look.domain.removeprefix("www.")
    return carddraw.Identity(look.name, look.colour, logo, domain, short_name=look.short_name)


def _load_photo(photo: Photo) -> Image.Image:
    longest = max(max(size) for size in carddraw.SHAPES.values())
    with media_storage.media_storage().open(photo.original.name, "rb") as source:
        data = io.BytesIO(source.read())
    return images.load_for_rendering(data, photo.format, longest)


def cards_make(item_id: int, *, force: bool = False) -> dict[str, ShareCard]:
    """Draw the item's cards if they are missing or stale (every one with `force`) and keep them in the media
    storage. Returns them by shape. Safe to run twice at once: the later one replaces the earlier's files."""
    item = NewsItem.objects.select_related("office").filter(pk=item_id).first()
    if item is None:
        return {}
    look = office_look(item.office)
    photo = _photo_of(item)
    current = digest(item, photo, look=look)
    old = {card.shape: card for card in ShareCard.objects.filter(item=item)}
    if not force and set(old) == set(SHAPES) and all(c.digest == current for c in old.values()):
        return old
    picture = None
    if photo is not None:
        try:
            picture = _load_photo(photo)
        except Exception:  # noqa: BLE001 - a photo that cannot be read: a card of colours still goes out
            logger.exception("item %s: lead photo %s unreadable for its cards", item.pk, photo.pk)
    who = _identity(look)
    made = {}
    for shape in SHAPES:
        focal = (photo.focal_x, photo.focal_y) if photo else (0.5, 0.5)
        drawn = carddraw.draw_card(shape, item.title, who, picture, focal)
        made[shape] = _keep(item, shape, drawn, current, with_photo=picture is not None, old=old.get(shape))
    return made


def _keep(item: NewsItem, shape: str, drawn: carddraw.Drawn, current: str, *, with_photo: bool, old) -> ShareCard:
    data = _jpeg(drawn.image)
    name = media_storage.save(media_storage.new_name(f"cards/{item.office_id}", "jpg"), ContentFile(data))
    fields = {
        "file": name,
        "width": drawn.image.width,
        "height": drawn.image.height,
        "size_bytes": len(data),
        "with_photo": with_photo,
        "digest": current,
        "key": uuid.uuid4(),  # a new address: no cache keeps showing the old picture
    }
    try:
        with transaction.atomic():
            card, _created = ShareCard.objects.update_or_create(item=item, shape=shape, defaults=fields)
    except IntegrityError:  # another worker made it at the same moment: theirs stands, our file goes
        media_storage.delete(name)
        return ShareCard.objects.get(item=item, shape=shape)
    if old is not None and old.file.name != name:
        media_storage.delete(old.file.name)
    return card


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=True, subsampling="4:4:4")
    return out.getvalue()


def cards_enqueue(item_id: int) -> None:
    """Ask the worker for the item's cards after this transaction commits (nothing is lost if the queue is down:
    the step's screen and the worker make them when they find them missing)."""

    def go() -> None:
        try:
            import_string("redaksi.social.tasks.cards_make_task").enqueue(item_id)
        except Exception:  # noqa: BLE001 - a queue that is down must not break the request
            logger.exception("could not enqueue the cards of item %s", item_id)

    transaction.on_commit(go)


# Which card goes where ---------------------------------------------------------------------------------------


def card_url(card: ShareCard) -> str:
    return reverse("social:card", args=[card.key])


def shape_for(network: str, *, has_video: bool, has_photo: bool = True) -> str | None:
    """The card a network's post carries, or None when it goes with the item's own photo or video (or nothing)."""
    if network == "instagram" and has_video and not has_photo:
        return None  # a reel: a card would push the video aside
    return USE.get(network)


def card_media(item: NewsItem, network: str, *, has_photo: bool, has_video: bool) -> Media | None:
    """The card a network's post should carry, made now if missing or stale (the worker calls this), or None."""
    shape = shape_for(network, has_photo=has_photo, has_video=has_video)
    if shape is None:
        return None
    try:
        card = (fresh_cards(item) or cards_make(item.pk)).get(shape)
    except Exception:  # noqa: BLE001 - no card: the post goes as it would have without one
        logger.exception("item %s: its cards could not be made", item.pk)
        return None
    if card is None:
        return None
    photo = _photo_of(item)
    return Media(
        name=f"{item.slug or item.pk}-{shape}.jpg",
        content_type="image/jpeg",
        size=card.size_bytes,
        open=lambda: media_storage.media_storage().open(card.file.name, "rb"),
        url=links.base_url() + card_url(card),
        width=card.width,
        height=card.height,
        alt=(photo.alt_text if photo else "") or item.title[:300],
    )
