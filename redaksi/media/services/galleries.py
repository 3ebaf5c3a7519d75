"""Writes of galleries of their own ("Galeri Foto"): by the SOP's publishing role, every change recorded.

A gallery is made first (title, description, date, place), then filled: photos uploaded into it or chosen
from the office's library, put in order, captioned; then published. Only complete photos go public, and a
published gallery takes no new photo until it is unpublished: nothing half-captioned reaches the website.
"""

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.accounts.selectors import Capacity
from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted

from ..events import GalleryChanged
from ..models import Gallery, GalleryPhoto, Photo
from .common import clean_text
from .photos import Placed, UploadResult, _publishing_capacity, photo_blockers, photo_edit, photo_intake


def _tell_public_site(gallery: Gallery, who: Actor) -> None:
    """A change to a published gallery shows on the website after commit; a draft's changes do not."""
    if gallery.published_at is not None:
        events.dispatch(GalleryChanged(gallery=gallery, actor=who))


def gallery_capacity(actor: User) -> Capacity:
    """The publishing role of the actor's office, or NotPermitted."""
    if not actor.is_authenticated or actor.office is None:
        raise NotPermitted(_("Your account is not attached to an office."))
    return _publishing_capacity(actor, actor.office)


def _locked(actor: User, gallery_id: int) -> Gallery:
    return Gallery.objects.select_for_update().get(pk=gallery_id, office_id=actor.office_id, item__isnull=True)


def _refuse_if_published(gallery: Gallery) -> None:
    if gallery.published_at is not None:
        raise ValidationError(
            _("This gallery is published. Unpublish it first to add photos, so that none goes out without a caption.")
        )


def _next_position(gallery: Gallery) -> int:
    return (GalleryPhoto.objects.filter(gallery=gallery).aggregate(n=Max("position"))["n"] or 0) + 1


def _renumber(gallery: Gallery, entries: list[GalleryPhoto]) -> None:
    for position, entry in enumerate(entries, start=1):
        if entry.position != position:
            entry.position = position
            entry.save(update_fields=["position"])


@transaction.atomic
def gallery_details_save(
    *,
    actor: Actor | User,
    title: str,
    description: str = "",
    event_date: datetime.date | None = None,
    place: str = "",
    gallery_id: int | None = None,
) -> Gallery:
    """Make a gallery of its own, or change what it says about the event."""
    who = Actor.of(actor)
    actor = who.user
    capacity = gallery_capacity(actor)
    title = clean_text(title, limit=200, field="title", label=_("Title"))
    if not title:
        raise ValidationError({"title": _("A gallery needs a title.")})
    description = clean_text(description, limit=2000, field="description", label=_("Description"), multiline=True)
    place = clean_text(place, limit=200, field="place", label=_("Place"))
    fields = {"title": title, "description": description, "event_date": event_date, "place": place}
    if gallery_id is None:
        gallery = Gallery.objects.create(office_id=actor.office_id, created_by=actor, **fields)
        changed = {**fields, "event_date": str(event_date or "")}
        action = "media.gallery.create"
    else:
        gallery = _locked(actor, gallery_id)
        changed = {k: (str(v) if k == "event_date" else v) for k, v in fields.items() if getattr(gallery, k) != v}
        if not changed:
            return gallery
        for name, value in fields.items():
            setattr(gallery, name, value)
        gallery.save(update_fields=list(fields))
        action = "media.gallery.edit"
        _tell_public_site(gallery, who)
    audit_log(action=action, actor=who, obj=gallery, acting_role=capacity.label, data=changed)
    return gallery


def gallery_photo_upload(
    *,
    actor: Actor | User,
    gallery_id: int,
    fileobj: IO[bytes],
    filename: str,
    size: int,
) -> tuple[Photo, bool, bool]:
    """One photo into a gallery, with the same checks as on an item. (photo, duplicate, newly added)."""
    who = Actor.of(actor)
    actor = who.user
    gallery_capacity(actor)  # refuse before any work
    gallery = Gallery.objects.get(pk=gallery_id, office_id=actor.office_id, item__isnull=True)
    _refuse_if_published(gallery)

    def place() -> Placed:
        capacity = gallery_capacity(actor)
        locked = _locked(actor, gallery_id)
        _refuse_if_published(locked)
        return (
            capacity,
            {"gallery": locked.pk},
            lambda photo: GalleryPhoto.objects.create(gallery=locked, photo=photo, position=_next_position(locked)),
        )

    def reuse(photo: Photo) -> UploadResult:
        added = _add(who, gallery_id, [photo.pk], upload=True)
        return UploadResult(photo, duplicate=True, newly_attached=added == 1)

    result = photo_intake(
        actor=who, office_id=gallery.office_id, fileobj=fileobj, filename=filename, size=size, place=place,
        reuse=reuse,
    )  # fmt: skip
    return result.photo, result.duplicate, result.newly_attached


@transaction.atomic
def _add(actor: Actor | User, gallery_id: int, photo_ids: list[int], *, upload: bool) -> int:
    from ..selectors import photos_visible_to

    who = Actor.of(actor)
    actor = who.user

    capacity = gallery_capacity(actor)
    gallery = _locked(actor, gallery_id)
    _refuse_if_published(gallery)
    wanted = list(dict.fromkeys(photo_ids))[:500]
    # An upload of a photo the office already has is that photo, wherever it was first used.
    library = Photo.objects.filter(office_id=gallery.office_id) if upload else photos_visible_to(actor)
    allowed = set(library.filter(pk__in=wanted).values_list("pk", flat=True))
    if len(allowed) != len(wanted):
        raise ValidationError(_("Choose photos from the office's library."))
    present = set(GalleryPhoto.objects.filter(gallery=gallery).values_list("photo_id", flat=True))
    position = _next_position(gallery)
    added = []
    for pk in wanted:
        if pk in present:
            continue
        GalleryPhoto.objects.create(gallery=gallery, photo_id=pk, position=position)
        position += 1
        added.append(pk)
    if added:
        audit_log(
            action="media.photo.reuse" if upload else "media.gallery.add",
            actor=who,
            obj=gallery,
            acting_role=capacity.label,
            data={"photos": added},
        )
    return len(added)


def gallery_photos_add(*, actor: Actor | User, gallery_id: int, photo_ids: list[int]) -> int:
    """Put photos of the office's library into the gallery, after those already there; how many were new."""
    who = Actor.of(actor)
    actor = who.user
    if not photo_ids:
        raise ValidationError(_("Choose at least one photo."))
    return _add(who, gallery_id, photo_ids, upload=False)


@transaction.atomic
def gallery_photo_arrange(*, actor: Actor | User, gallery_id: int, photo_id: int, action: str) -> None:
    """Move a photo earlier or later in the gallery, or take it out (the photo stays in the library)."""
    who = Actor.of(actor)
    actor = who.user
    capacity = gallery_capacity(actor)
    gallery = _locked(actor, gallery_id)
    entries = list(GalleryPhoto.objects.filter(gallery=gallery).order_by("position", "pk"))
    entry = next((e for e in entries if e.photo_id == photo_id), None)
    if entry is None:
        raise NotPermitted(_("This photo is not in this gallery."))
    if action in ("up", "down"):
        index = entries.index(entry)
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(entries):
            return
        entries[index], entries[other] = entries[other], entries[index]
        _renumber(gallery, entries)
    elif action == "remove":
        if gallery.published_at is not None and len(entries) == 1:
            raise ValidationError(_("A published gallery keeps at least one photo. Unpublish it first."))
        entry.delete()
        entries.remove(entry)
        _renumber(gallery, entries)
    else:
        raise ValidationError(_("Unknown action."))
    _tell_public_site(gallery, who)
    audit_log(
        action=f"media.gallery.{action}",
        actor=who,
        obj=gallery,
        acting_role=capacity.label,
        data={"photo": photo_id, "order": [e.photo_id for e in entries]},
    )


@transaction.atomic
def gallery_photo_update(
    *,
    actor: Actor | User,
    gallery_id: int,
    photo_id: int,
    caption: str,
    credit: str,
    alt_text: str,
    focal_x: float | None = None,
    focal_y: float | None = None,
) -> Photo:
    """Caption, credit, alt text and focal point of a photo in the gallery (the same photo everywhere)."""
    who = Actor.of(actor)
    actor = who.user
    capacity = gallery_capacity(actor)
    gallery = _locked(actor, gallery_id)
    if not GalleryPhoto.objects.filter(gallery=gallery, photo_id=photo_id).exists():
        raise NotPermitted(_("This photo is not in this gallery."))
    photo = Photo.objects.select_for_update().get(pk=photo_id)
    photo = photo_edit(
        photo, actor=who, acting_role=capacity.label, where={"gallery": gallery.pk}, caption=caption,
        credit=credit, alt_text=alt_text, focal_x=focal_x, focal_y=focal_y,
        must_stay_complete=gallery.published_at is not None,
    )  # fmt: skip
    _tell_public_site(gallery, who)
    return photo


def gallery_blockers(gallery: Gallery) -> list[str]:
    """Why the gallery cannot be published yet, in the user's language; empty when it can."""
    photos = [entry.photo for entry in GalleryPhoto.objects.filter(gallery=gallery).select_related("photo")]
    if not photos:
        return [_("The gallery has no photos yet. Upload photos or choose them from the library.")]
    return photo_blockers(photos, on_cards=True)


@transaction.atomic
def gallery_publish(*, actor: Actor | User, gallery_id: int, publish: bool) -> Gallery:
    """Publish a gallery of its own on the website, or take it off; only with every photo complete."""
    who = Actor.of(actor)
    actor = who.user
    capacity = gallery_capacity(actor)
    gallery = _locked(actor, gallery_id)
    if publish:
        if gallery.published_at is not None:
            return gallery
        blockers = gallery_blockers(gallery)
        if blockers:
            raise ValidationError(blockers)
        gallery.published_at = timezone.now()
    else:
        if gallery.published_at is None:
            return gallery
        gallery.published_at = None
    gallery.save(update_fields=["published_at"])
    events.dispatch(GalleryChanged(gallery=gallery, actor=who))
    audit_log(
        action="media.gallery.publish" if publish else "media.gallery.unpublish",
        actor=who,
        obj=gallery,
        acting_role=capacity.label,
        data={"photos": list(gallery.entries.order_by("position", "pk").values_list("photo_id", flat=True))},
    )
    return gallery
