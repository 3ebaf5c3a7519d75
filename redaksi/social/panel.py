"""What the step's screen shows of each share: the card, its counter's rules, its preview, its status."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from redaksi.media.models import Rendition, Status
from redaksi.media.selectors import item_videos, lead_photo
from redaksi.newsroom.models import NewsItem

from .base import MANUAL_NETWORKS, RULES
from .cards import card_url, cards_enqueue, fresh_cards, shape_for
from .composer import measure, network_label
from .followups import OPEN, item_followups, may_follow_up
from .models import Followup, Share
from .selectors import item_link, item_shares, may_paste

S = Share.Status
IN_FLIGHT = {S.QUEUED, S.SENDING, S.RETRYING}
EDITABLE = {S.DRAFT, S.REFUSED, S.NEEDS_PERSON, S.TOKEN_DEAD}

# What the person should do, per status: the status alone is not enough to act on.
ADVICE = {
    S.DRAFT: _("Check the text, then press Send."),
    S.QUEUED: _("Nothing to do: the worker will post it in a moment."),
    S.SENDING: _("Nothing to do: it is being posted."),
    S.RETRYING: _(
        "Nothing to do: the network did not answer; it will be tried again by itself, without posting twice."
    ),
    S.POSTED: _("Done. The post's address is the proof."),
    S.NEEDS_PERSON: _("A person must fix what the network says below, then press Send again."),
    S.TOKEN_DEAD: _(
        "The account's token no longer works. The system administrator was told; "
        "once it is reconnected, press Send again."
    ),
    S.REFUSED: _("The network refused this post. Change the text as it says below, then press Send again."),
    S.MANUAL_DONE: _("Done. The pasted address is the proof."),
}
MANUAL_DRAFT = _("Copy the text, post it with the picture on the network, then paste the post's address here.")
OPEN_URL = {"whatsapp": "https://web.whatsapp.com/", "tiktok": "https://www.tiktok.com/upload"}


def _photo(item: NewsItem) -> dict | None:
    photo = lead_photo(item)
    if photo is None:
        return None
    card = photo.renditions.filter(kind=Rendition.Kind.CARD, format="jpeg").first()
    return {"photo": photo, "variant": card.variant if card else None}


def card_of(share: Share) -> dict:
    network = share.account.network
    rules = RULES[network]
    status = S(share.status)
    return {
        "share": share,
        "account": share.account,
        "id": share.account_id,
        "network": network,
        "label": network_label(network),
        "rules": rules,
        "manual": network in MANUAL_NETWORKS,
        "may_paste": network not in MANUAL_NETWORKS and share.pk is not None and may_paste(share),
        "length": measure(network, share.text),
        "editable": status in EDITABLE,
        "in_flight": status in IN_FLIGHT,
        "advice": MANUAL_DRAFT if status == S.DRAFT and network in MANUAL_NETWORKS else ADVICE[status],
        "open_url": OPEN_URL.get(network, ""),
    }


def made_cards(item: NewsItem, cards: list[dict], photo: dict | None, *, make: bool) -> list[dict]:
    """The pictures made for the networks, each with the accounts whose posts carry it; asks the worker for them
    (`make`) when they are missing or stale. Each share's card gets the address of the picture it will carry."""
    made = fresh_cards(item)
    if not made:
        if make:
            cards_enqueue(item.pk)
        return []
    has_photo = bool(photo and photo["variant"])
    has_video = any(v.status == Status.READY and v.web for v in item_videos(item))
    shown = []
    for shape, card in sorted(made.items(), key=lambda pair: pair[0] != "portrait"):
        url = card_url(card)
        users = [c for c in cards if shape_for(c["network"], has_photo=has_photo, has_video=has_video) == shape]
        for c in users:
            c["picture"] = url
        shown.append({"card": card, "url": url, "label": card.get_shape_display(), "accounts": users})
    return shown


def panel_context(request: HttpRequest, item: NewsItem, *, can_share: bool) -> dict:
    cards = [card_of(share) for share in item_shares(item)]
    photo = _photo(item)
    made = made_cards(item, cards, photo, make=can_share) if cards else []
    return {
        "request": request,
        "item": item,
        "cards": cards,
        "can_share": can_share,
        "in_flight": any(card["in_flight"] for card in cards),
        "link": item_link(item),
        "photo": photo,
        "made_cards": made,
        "cards_pending": can_share and bool(cards) and not made,
        "posts": [c for c in cards if c["share"].has_proof],
    }


# After a correction or a takedown (followups.py) -----------------------------------------------------------

F, A = Followup.Status, Followup.Action
FOLLOWUP_OPEN = frozenset(OPEN)
FOLLOWUP_WAITING = {
    A.UPDATE: _("The post still shows the old text. Check the corrected text, then update the post."),
    A.REPLY: _(
        "%(network)s cannot change a post's text through its API. Send the correction under the post, or delete "
        "the post on the network and confirm it here."
    ),
    A.DELETE: _("The item is off the website, but this post is still up. Delete it."),
    A.MANUAL: _("Redaksi cannot reach this post. Do it on the network yourself, then confirm it here with a note."),
}
FOLLOWUP_DONE = {
    A.UPDATE: _("Done: the post shows the corrected text."),
    A.REPLY: _("Done: the correction is under the post."),
    A.DELETE: _("Done: the post was deleted."),
    A.MANUAL: _("Done by hand."),
}
FOLLOWUP_ADVICE = {
    F.QUEUED: _("Nothing to do: the worker will do it in a moment."),
    F.WORKING: _("Nothing to do: it is being done."),
    F.RETRYING: _(
        "Nothing to do: the network did not answer; it will be tried again by itself, without doing it twice."
    ),
    F.BY_HAND: _("Done by hand."),
    F.SKIPPED: _("Left as it is."),
    F.NEEDS_PERSON: _("A person must act on what the network said: try again, or do it by hand and confirm it."),
    F.TOKEN_DEAD: _("The account's token no longer works. Once it is reconnected, try again."),
    F.REFUSED: _("The network refused. Do it on the network yourself, then confirm it here with a note."),
}
FOLLOWUP_BUTTON = {
    A.UPDATE: _("Update the post"),
    A.REPLY: _("Send the correction"),
    A.DELETE: _("Delete the post"),
}


def followup_card(followup: Followup) -> dict:
    network = followup.share.account.network
    status = F(followup.status)
    if status == F.OFFERED:
        advice = FOLLOWUP_WAITING[followup.action] % {"network": network_label(network)}
    elif status == F.DONE:
        advice = FOLLOWUP_DONE[followup.action]
    else:
        advice = FOLLOWUP_ADVICE[status]
    return {
        "f": followup,
        "share": followup.share,
        "account": followup.share.account,
        "label": network_label(network),
        "advice": advice,
        "open": status in FOLLOWUP_OPEN,
        "button": FOLLOWUP_BUTTON.get(followup.action, ""),
        "edits_text": followup.action in (A.UPDATE, A.REPLY),
        "rules": RULES[network],
        "network": network,
        "tone": "ok"
        if status in (F.DONE, F.BY_HAND)
        else "bad"
        if status in FOLLOWUP_OPEN - {F.OFFERED}
        else "warn"
        if status == F.RETRYING
        else "",
    }


def followup_context(request: HttpRequest, item: NewsItem) -> dict:
    return {
        "followups": [followup_card(f) for f in item_followups(item)],
        "may_follow_up": may_follow_up(request.user, item),
    }
