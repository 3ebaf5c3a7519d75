"""Writes of photos: upload, captions, their place on an item, galleries (renditions: renditions.py)."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office, User
from redaksi.accounts.selectors import Capacity, person_of
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted
from redaksi.newsroom import policy
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import news_sop_version
from redaksi.sop.engine import Flow

from .. import images, storage
from ..conf import setting
from ..models import Gallery, GalleryPhoto, ItemMedia, Photo, Status
from .common import TooLarge, clean_text, composer_capacity


@dataclass(frozen=True)
class UploadResult:
    photo: Photo
    duplicate: bool = False
    newly_attached: bool = True


def _sha256(fileobj: IO[bytes]) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    while block := fileobj.read(1024 * 1024):
        digest.update(block)
    fileobj.seek(0)
    return digest.hexdigest()


def size_message(limit: int) -> str:
    return _("The file is too large: photos may be at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}


def _next_position(item: NewsItem) -> int:
    return (ItemMedia.objects.filter(item=item).aggregate(n=Max("position"))["n"] or 0) + 1


# The newsroom names the pictures it takes from a Word document "word-1", "word-2", ... (newsroom.views.text).
WORD_PICTURE_PREFIX = "word-"


def is_word_picture(photo: Photo) -> bool:
    return photo.original_filename.startswith(WORD_PICTURE_PREFIX)


def _lead_rank(link: ItemMedia) -> tuple:
    """Which photo makes the best lead when nobody chose one: a camera photo before a picture from a Word
    document (often a small illustration), the largest first, then the earliest on the item."""
    photo = link.photo
    camera = bool(photo.camera) or photo.captured_at is not None
    return (not is_word_picture(photo), camera, photo.width * photo.height, -link.position, -link.pk)


def _choose_lead(item: NewsItem) -> None:
    """Keep a lead a person chose; otherwise make the best-ranked photo the lead."""
    links = list(ItemMedia.objects.filter(item=item, photo__isnull=False).select_related("photo"))
    if not links or any(link.is_lead and link.lead_chosen for link in links):
        return
    best = max(links, key=_lead_rank)
    if not best.is_lead:
        ItemMedia.objects.filter(item=item, is_lead=True).update(is_lead=False)
        ItemMedia.objects.filter(pk=best.pk).update(is_lead=True)


def _attach_photo(item: NewsItem, photo: Photo, actor: User) -> bool:
    if ItemMedia.objects.filter(item=item, photo=photo).exists():
        return False
    ItemMedia.objects.create(item=item, photo=photo, position=_next_position(item), added_by=actor)
    _choose_lead(item)
    return True


def _enqueue_render(photo_id: int) -> None:
    from ..tasks import render_photo

    transaction.on_commit(lambda: render_photo.enqueue(photo_id))


# What the place of a new photo (an item, a gallery) gives the upload inside its transaction, once it has locked
# itself and checked the actor again: the capacity to record, what names it in the audit entry, how to attach.
Placed = tuple[Capacity, dict, Callable[[Photo], object]]


def _check_size(size: int) -> None:
    limit = setting("PHOTO_MAX_BYTES")
    if size > limit:
        raise TooLarge(size_message(limit), code="too_large")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


def photo_intake(
    *,
    actor: Actor | User,
    office_id: int,
    fileobj: IO[bytes],
    filename: str,
    size: int,
    place: Callable[[], Placed],
    reuse: Callable[[Photo], UploadResult],
) -> UploadResult:
    """Check, store and record one uploaded photo, for an item or a gallery alike.

    The same content uploaded twice is the same photo (per office): `reuse` attaches the one already there,
    also when another request stored it at the same moment. The stored file is removed if anything fails.
    """
    who = Actor.of(actor)
    _check_size(size)
    facts = images.inspect(fileobj)
    digest = _sha256(fileobj)
    existing = Photo.objects.filter(office_id=office_id, sha256=digest).first()
    if existing is not None:
        return reuse(existing)
    name = storage.save(storage.new_name(f"photos/{office_id}", facts.extension), fileobj)
    try:
        with transaction.atomic():
            capacity, where, attach = place()
            photo = Photo.objects.create(
                office_id=office_id, uploaded_by=who.user, original=name,
                original_filename=storage.display_name(filename), format=facts.format, size_bytes=size,
                sha256=digest, width=facts.width, height=facts.height, captured_at=facts.captured_at,
                camera=facts.camera, had_gps=facts.had_gps,
            )  # fmt: skip
            attach(photo)
            audit_log(
                action="media.photo.upload",
                actor=who,
                obj=photo,
                acting_role=capacity.label,
                data={**where, "sha256": digest, "bytes": size, "format": facts.format, "gps": facts.had_gps},
            )
            _enqueue_render(photo.pk)
    except IntegrityError:
        # The same photo arrived twice at once: the other request stored it first.
        storage.delete(name)
        existing = Photo.objects.filter(office_id=office_id, sha256=digest).first()
        if existing is None:
            raise
        return reuse(existing)
    except BaseException:
        storage.delete(name)
        raise
    return UploadResult(photo)


def photo_upload(*, actor: Actor | User, item_id: int, fileobj: IO[bytes], filename: str, size: int) -> UploadResult:
    """Take one photo for an item. The same content uploaded twice is the same photo (per office)."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.get(pk=item_id)
    composer_capacity(actor, item)  # refuse before any work

    def place() -> Placed:
        locked = NewsItem.objects.select_for_update().get(pk=item_id)
        capacity = composer_capacity(actor, locked)
        return capacity, {"item": locked.pk}, lambda photo: _attach_photo(locked, photo, actor)

    return photo_intake(
        actor=who, office_id=item.office_id, fileobj=fileobj, filename=filename, size=size, place=place,
        reuse=lambda photo: _reuse(who, item_id, photo),
    )  # fmt: skip


@transaction.atomic
def _reuse(actor: Actor | User, item_id: int, photo: Photo) -> UploadResult:
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    attached = _attach_photo(item, photo, actor)
    if attached:
        audit_log(
            action="media.photo.reuse",
            actor=who,
            obj=photo,
            acting_role=capacity.label,
            data={"item": item.pk, "sha256": photo.sha256},
        )
    return UploadResult(photo, duplicate=True, newly_attached=attached)


def _linked(item: NewsItem, photo_id: int) -> ItemMedia:
    link = ItemMedia.objects.filter(item=item, photo_id=photo_id).select_related("photo").first()
    if link is None:
        raise NotPermitted(_("This photo is not on this item."))
    return link


@transaction.atomic
def photo_update(
    *,
    actor: Actor | User,
    item_id: int,
    photo_id: int,
    caption: str,
    credit: str,
    alt_text: str,
    focal_x: float | None = None,
    focal_y: float | None = None,
) -> Photo:
    """Caption ("Teks foto"), credit ("Foto: …"), alt text and the focal point of a photo on the item."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    photo = Photo.objects.select_for_update().get(pk=_linked(item, photo_id).photo_id)
    return photo_edit(
        photo, actor=who, acting_role=capacity.label, where={"item": item.pk}, caption=caption, credit=credit,
        alt_text=alt_text, focal_x=focal_x, focal_y=focal_y,
    )  # fmt: skip


def photo_edit(
    photo: Photo,
    *,
    actor: Actor | User,
    acting_role: str,
    where: dict,
    caption: str,
    credit: str,
    alt_text: str,
    focal_x: float | None = None,
    focal_y: float | None = None,
    must_stay_complete: bool = False,
) -> Photo:
    """The write itself, once the caller has checked the actor and locked the photo."""
    who = Actor.of(actor)
    actor = who.user
    caption = clean_text(caption, limit=1000, field="caption", label=_("Caption"), multiline=True)
    credit = clean_text(credit, limit=120, field="credit", label=_("Credit"))
    alt_text = clean_text(alt_text, limit=300, field="alt_text", label=_("Alt text"))
    if must_stay_complete:
        empty = {
            name: _("This photo is in a published gallery: it needs this text. Unpublish the gallery first.")
            for name, value in (("caption", caption), ("alt_text", alt_text))
            if not value
        }
        if empty:
            raise ValidationError(empty)
    focal = (photo.focal_x, photo.focal_y)
    if focal_x is not None and focal_y is not None:
        if not (0 <= focal_x <= 1 and 0 <= focal_y <= 1):
            raise ValidationError({"focal_x": _("The focal point must lie inside the photo.")})
        focal = (round(focal_x, 4), round(focal_y, 4))
    changed = {
        name: value
        for name, value in (("caption", caption), ("credit", credit), ("alt_text", alt_text))
        if getattr(photo, name) != value
    }
    moved = focal != (photo.focal_x, photo.focal_y)
    if not changed and not moved:
        return photo
    for name, value in changed.items():
        setattr(photo, name, value)
    if moved:
        photo.focal_x, photo.focal_y = focal
        photo.status = Status.PENDING
        _enqueue_render(photo.pk)
    photo.save()
    audit_log(
        action="media.photo.edit",
        actor=who,
        obj=photo,
        acting_role=acting_role,
        data={**where, **changed, **({"focal": list(focal)} if moved else {})},
    )
    return photo


@transaction.atomic
def item_media_arrange(*, actor: Actor | User, item_id: int, link_id: int, action: str) -> None:
    """Move a photo or video up or down, make a photo the lead photo, or take it off the item."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    links = list(ItemMedia.objects.filter(item=item).order_by("position", "pk"))
    link = next((x for x in links if x.pk == link_id), None)
    if link is None:
        raise NotPermitted(_("This photo or video is not on this item."))
    if action in ("up", "down"):
        index = links.index(link)
        other = index - 1 if action == "up" else index + 1
        if 0 <= other < len(links):
            links[index], links[other] = links[other], links[index]
        for position, row in enumerate(links, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
    elif action == "lead":
        if link.photo_id is None:
            raise ValidationError(_("Only a photo can be the lead photo."))
        ItemMedia.objects.filter(item=item, is_lead=True).update(is_lead=False, lead_chosen=False)
        link.is_lead = link.lead_chosen = True
        link.save(update_fields=["is_lead", "lead_chosen"])
    elif action == "remove":
        link.delete()
        _choose_lead(item)
    else:
        raise ValidationError(_("Unknown action."))
    audit_log(
        action=f"media.item.{action}",
        actor=who,
        obj=item,
        acting_role=capacity.label,
        data={"photo": link.photo_id, "video": link.video_id},
    )


# Galleries ------------------------------------------------------------------------------------------------


def _gallery_photos(gallery: Gallery, photo_ids: list[int]) -> None:
    photos = {p.pk: p for p in Photo.objects.filter(office_id=gallery.office_id, pk__in=photo_ids)}
    GalleryPhoto.objects.filter(gallery=gallery).delete()
    for position, pk in enumerate(dict.fromkeys(photo_ids), start=1):
        if pk not in photos:
            raise ValidationError(_("A chosen photo does not belong to this office."))
        GalleryPhoto.objects.create(gallery=gallery, photo=photos[pk], position=position)


@transaction.atomic
def gallery_save(
    *,
    actor: Actor | User,
    item_id: int,
    title: str,
    photo_ids: list[int],
    gallery_id: int | None = None,
) -> Gallery:
    """A gallery ("Galeri Foto") on an item: its photos, in the order given, all already on the item."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    title = clean_text(title, limit=200, field="title", label=_("Title"))
    if not title:
        raise ValidationError({"title": _("A gallery needs a title.")})
    on_item = set(ItemMedia.objects.filter(item=item, photo__isnull=False).values_list("photo_id", flat=True))
    if not photo_ids or not set(photo_ids) <= on_item:
        raise ValidationError(_("Choose photos that are on this item."))
    if gallery_id is None:
        gallery = Gallery.objects.create(office_id=item.office_id, item=item, title=title, created_by=actor)
    else:
        gallery = Gallery.objects.select_for_update().get(pk=gallery_id, item=item)
        gallery.title = title
        gallery.save(update_fields=["title"])
    _gallery_photos(gallery, photo_ids)
    audit_log(
        action="media.gallery.save",
        actor=who,
        obj=gallery,
        acting_role=capacity.label,
        data={"item": item.pk, "photos": photo_ids},
    )
    return gallery


def _publishing_capacity(actor: User, office: Office) -> Capacity:
    version = news_sop_version(office)
    flow = Flow.from_definition(version.definition) if version else None
    return policy.may_manage_galleries(person_of(actor), office.pk, flow).enforce()


@transaction.atomic
def gallery_standalone_save(
    *,
    actor: Actor | User,
    title: str,
    photo_ids: list[int],
    gallery_id: int | None = None,
    publish: bool = False,
) -> Gallery:
    """A gallery on its own, by the publishing role; only complete photos may be published in it."""
    who = Actor.of(actor)
    actor = who.user
    office = actor.office
    if office is None:
        raise NotPermitted(_("Your account is not attached to an office."))
    capacity = _publishing_capacity(actor, office)
    title = clean_text(title, limit=200, field="title", label=_("Title"))
    if not title or not photo_ids:
        raise ValidationError(_("A gallery needs a title and at least one photo."))
    if gallery_id is None:
        gallery = Gallery.objects.create(office=office, title=title, created_by=actor)
    else:
        gallery = Gallery.objects.select_for_update().get(pk=gallery_id, office=office, item__isnull=True)
        gallery.title = title
    _gallery_photos(gallery, photo_ids)
    if publish:
        blockers = photo_blockers(list(gallery.photos.all()))
        if blockers:
            raise ValidationError(blockers)
        gallery.published_at = gallery.published_at or timezone.now()
    gallery.save()
    audit_log(
        action="media.gallery.publish" if publish else "media.gallery.save",
        actor=who,
        obj=gallery,
        acting_role=capacity.label,
        data={"photos": photo_ids},
    )
    return gallery


def photo_blockers(photos: list[Photo], *, on_cards: bool = False) -> list[str]:
    """Why these photos cannot go public yet, one sentence each, in the user's language."""
    reasons = []
    for photo in photos:
        name = photo.original_filename or _("without a name")
        missing = []
        if not photo.caption.strip():
            missing.append(_("a caption (Teks foto)"))
        if not photo.alt_text.strip():
            missing.append(_("alt text"))
        if missing:
            sentence = (
                _("Photo %(name)s has no %(missing)s. Fill it in on its card below.")
                if on_cards
                else _("Photo %(name)s has no %(missing)s. Fill it in on the photo page of the item.")
            )
            reasons.append(sentence % {"name": name, "missing": _(" and ").join(missing)})
        elif photo.status == Status.FAILED:
            reasons.append(_("Photo %(name)s could not be processed; remove it or upload it again.") % {"name": name})
        elif photo.status != Status.READY:
            reasons.append(_("Photo %(name)s is still being processed; try again in a minute.") % {"name": name})
    return reasons
