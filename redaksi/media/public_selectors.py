"""Batched reads of public media for the public site's renderer (read-only; owned by the public site).

Everything here goes through the one door of `selectors`: an item's media is read only when the item is
published (`published_items`), a gallery's only when it is public. Each function takes many items at
once, so a full rebuild of 100,000 items reads media in a few queries instead of several per item.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from redaksi.newsroom.selectors import published_items

from .models import Gallery, GalleryPhoto, ItemMedia, Photo, Rendition, Status, Video
from .selectors import published_galleries


@dataclass
class ItemMediaSet:
    """The public media of one published item, in the item's order."""

    lead: Photo | None = None
    photos: list[Photo] = field(default_factory=list)  # the other photos, the lead excluded
    videos: list[Video] = field(default_factory=list)
    galleries: list[tuple[Gallery, list[Photo]]] = field(default_factory=list)

    def all_photos(self) -> list[Photo]:
        seen: dict[int, Photo] = {}
        for photo in [self.lead, *self.photos, *(p for _g, ps in self.galleries for p in ps)]:
            if photo is not None:
                seen.setdefault(photo.pk, photo)
        return list(seen.values())

    def keys(self) -> set[str]:
        """The media keys (hex) whose files the item puts on the site."""
        return {p.key.hex for p in self.all_photos()} | {v.key.hex for v in self.videos if v.source == "file"}


def _renditions() -> Prefetch:
    return Prefetch("renditions", queryset=Rendition.objects.order_by("kind", "format", "width"))


def _public_item_ids(item_ids, now=None) -> set[int]:
    """Those of `item_ids` that are published, asked in batches the database takes."""
    ids, public = sorted(set(item_ids)), set()
    for start in range(0, len(ids), 900):
        batch = ids[start : start + 900]
        public.update(published_items(now=now).filter(pk__in=batch).values_list("pk", flat=True))
    return public


def item_media_sets(item_ids, *, now=None) -> dict[int, ItemMediaSet]:
    """{item id: its public media} for those of `item_ids` that are published; ready photos and videos only."""
    public = _public_item_ids(item_ids, now)
    return _media_sets(public) if public else {}


def preview_media_set(item_id: int) -> ItemMediaSet:
    """The media one item will publish, published or not: for the staff preview only.

    Its files must be addressed through the media app's file view, which answers only staff who may see
    them; nothing read here may be copied to the site's folder.
    """
    return _media_sets({item_id}).get(item_id) or ItemMediaSet()


def _media_sets(item_ids: set[int]) -> dict[int, ItemMediaSet]:
    result: dict[int, ItemMediaSet] = defaultdict(ItemMediaSet)
    links = (
        ItemMedia.objects.filter(item_id__in=item_ids)
        .filter(Q(photo__status=Status.READY) | Q(video__status=Status.READY))
        .select_related("photo", "video")
        .prefetch_related(Prefetch("photo__renditions", queryset=Rendition.objects.order_by("kind", "format", "width")))
        .order_by("item_id", "position", "pk")
    )
    for link in links:
        entry = result[link.item_id]
        if link.photo_id:
            if link.is_lead:
                entry.lead = link.photo
            else:
                entry.photos.append(link.photo)
        elif link.video_id:
            entry.videos.append(link.video)
    galleries = (
        Gallery.objects.filter(item_id__in=item_ids)
        .prefetch_related(
            Prefetch(
                "entries",
                queryset=GalleryPhoto.objects.filter(photo__status=Status.READY)
                .select_related("photo")
                .prefetch_related(Prefetch("photo__renditions", queryset=Rendition.objects.order_by("width")))
                .order_by("position", "pk"),
            )
        )
        .order_by("item_id", "created_at", "pk")
    )
    for gallery in galleries:
        photos = [e.photo for e in gallery.entries.all()]
        if photos:
            result[gallery.item_id].galleries.append((gallery, photos))
    return dict(result)


def lead_photos(item_ids, *, now=None) -> dict[int, Photo]:
    """{item id: lead photo with renditions} for published items among `item_ids`: thumbnails for listings."""
    public = _public_item_ids(item_ids, now)
    if not public:
        return {}
    links = (
        ItemMedia.objects.filter(item_id__in=public, is_lead=True, photo__status=Status.READY)
        .select_related("photo")
        .prefetch_related(Prefetch("photo__renditions", queryset=Rendition.objects.order_by("width")))
    )
    return {link.item_id: link.photo for link in links}


def all_lead_photos(office_id: int, *, now=None) -> dict[int, Photo]:
    """Every published item's lead photo of an office, in two queries: for the full rebuild."""
    links = list(
        ItemMedia.objects.filter(item__office_id=office_id, is_lead=True, photo__status=Status.READY)
        .select_related("photo")
        .prefetch_related(Prefetch("photo__renditions", queryset=Rendition.objects.order_by("width")))
    )
    public = _public_item_ids({link.item_id for link in links}, now)
    return {link.item_id: link.photo for link in links if link.item_id in public}


def items_with_media(office_id: int, *, now=None) -> set[int]:
    """Published items of the office that have any media or gallery: the rebuild asks the rest for nothing."""
    with_links = ItemMedia.objects.filter(item__office_id=office_id).values_list("item_id", flat=True)
    with_galleries = Gallery.objects.filter(office_id=office_id, item__isnull=False).values_list("item_id", flat=True)
    return _public_item_ids(set(with_links) | set(with_galleries), now)


def video_items(office_id: int, *, now=None) -> list[tuple[int, Video]]:
    """(item id, first ready video) of every published item of the office with one, oldest item first.

    Read from the video links first (few), then kept only for published items: never a scan of all news.
    """
    links = list(
        ItemMedia.objects.filter(item__office_id=office_id, video__status=Status.READY)
        .filter(Q(video__source=Video.Source.YOUTUBE) | ~Q(video__web=""))
        .select_related("video", "item")
        .order_by("item__published_at", "item_id", "position", "pk")
    )
    public = _public_item_ids({link.item_id for link in links}, now)
    seen: dict[int, Video] = {}
    for link in links:
        if link.item_id in public:
            seen.setdefault(link.item_id, link.video)
    return list(seen.items())


def public_galleries(office_id: int, *, now=None) -> list[Gallery]:
    """Galleries the public may see, of one office: published ones of their own and those on published items.

    Each has `photo_count` and `moment` (when it went public: its own publication, or its item's).
    """
    now = now or timezone.now()
    own = list(published_galleries(now=now).filter(office_id=office_id))
    for g in own:
        g.moment = g.published_at
    on_items = list(
        Gallery.objects.filter(office_id=office_id, item__isnull=False)
        .select_related("item")
        .prefetch_related("entries")
        .order_by("pk")
    )
    public = _public_item_ids({g.item_id for g in on_items}, now)
    on_items = [g for g in on_items if g.item_id in public]
    for g in on_items:
        g.photo_count = len(g.entries.all())
        g.moment = g.item.published_at
    return [g for g in own + on_items if g.photo_count]


def gallery_covers(galleries) -> dict[int, Photo]:
    """{gallery id: its first ready photo with renditions}."""
    ids = [g.pk for g in galleries]
    entries = (
        GalleryPhoto.objects.filter(gallery_id__in=ids, photo__status=Status.READY)
        .select_related("photo")
        .prefetch_related(Prefetch("photo__renditions", queryset=Rendition.objects.order_by("width")))
        .order_by("gallery_id", "position", "pk")
    )
    covers: dict[int, Photo] = {}
    for entry in entries:
        covers.setdefault(entry.gallery_id, entry.photo)
    return covers


def public_photo_keys(keys) -> set[str]:
    """Of these media keys (hex), those still public through any item or gallery: their files may stay."""
    from .selectors import public_photos, public_videos

    uuids = list(keys)
    photos = public_photos().filter(key__in=uuids).values_list("key", flat=True)
    videos = public_videos().filter(key__in=uuids).values_list("key", flat=True)
    return {k.hex for k in photos} | {k.hex for k in videos}
