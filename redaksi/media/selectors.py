"""Reads of media. Whether a file may be shown is decided here, once, for the desk and the public."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import published_items, visible_items

from .models import ChunkedUpload, Gallery, ItemMedia, Photo, Rendition, Video


def item_links(item: NewsItem) -> QuerySet[ItemMedia]:
    return ItemMedia.objects.filter(item=item).select_related("photo", "video").order_by("position", "pk")


def item_photos(item: NewsItem) -> list[Photo]:
    """Every photo the item would publish: its own and those of its galleries, each once."""
    photos = {link.photo.pk: link.photo for link in item_links(item) if link.photo_id}
    for photo in Photo.objects.filter(galleries__item=item).order_by("pk"):
        photos.setdefault(photo.pk, photo)
    return list(photos.values())


def item_videos(item: NewsItem) -> list[Video]:
    return [link.video for link in item_links(item) if link.video_id]


def item_galleries(item: NewsItem) -> QuerySet[Gallery]:
    return Gallery.objects.filter(item=item).prefetch_related("entries__photo").order_by("created_at", "pk")


def lead_photo(item: NewsItem) -> Photo | None:
    link = ItemMedia.objects.filter(item=item, is_lead=True).select_related("photo").first()
    return link.photo if link else None


def open_uploads(user: User, item: NewsItem) -> QuerySet[ChunkedUpload]:
    return ChunkedUpload.objects.filter(user=user, item=item, state=ChunkedUpload.State.OPEN)


def photos_visible_to(user: User) -> QuerySet[Photo]:
    """Photos a member of staff may see: their office's, on items they may open, or their own uploads."""
    if not user.is_authenticated or user.office_id is None:
        return Photo.objects.none()
    items = visible_items(user)
    return Photo.objects.filter(
        Q(uploaded_by=user)
        | Q(item_links__item__in=items)
        | Q(galleries__item__in=items)
        | Q(galleries__item__isnull=True, galleries__office_id=user.office_id),
        office_id=user.office_id,
    ).distinct()


def videos_visible_to(user: User) -> QuerySet[Video]:
    if not user.is_authenticated or user.office_id is None:
        return Video.objects.none()
    items = visible_items(user)
    return Video.objects.filter(
        Q(uploaded_by=user) | Q(item_links__item__in=items), office_id=user.office_id
    ).distinct()


def public_photos(*, now=None) -> QuerySet[Photo]:
    """The one door to public photos: on a published item, or in a published gallery of its own."""
    now = now or timezone.now()
    items = published_items(now=now)
    return Photo.objects.filter(
        Q(item_links__item__in=items)
        | Q(galleries__item__in=items)
        | Q(galleries__item__isnull=True, galleries__published_at__lte=now)
    ).distinct()


def public_videos(*, now=None) -> QuerySet[Video]:
    return Video.objects.filter(item_links__item__in=published_items(now=now)).distinct()


def public_renditions(item: NewsItem) -> QuerySet[Rendition]:
    """What the public renderer copies out for an item: nothing unless the item is public."""
    if not published_items().filter(pk=item.pk).exists():
        return Rendition.objects.none()
    photos = Photo.objects.filter(Q(item_links__item=item) | Q(galleries__item=item))
    return Rendition.objects.filter(photo__in=photos).select_related("photo").order_by("photo_id", "kind", "width")


def srcset_renditions(photo: Photo) -> dict[str, list[Rendition]]:
    """A photo's width renditions by format, smallest first, for `<picture>`."""
    by_format: dict[str, list[Rendition]] = {}
    rows = photo.renditions.all() if hasattr(photo, "_prefetched_objects_cache") else photo.renditions.order_by("width")
    for rendition in sorted(rows, key=lambda r: r.width):
        if rendition.kind == Rendition.Kind.WIDTH:
            by_format.setdefault(rendition.format, []).append(rendition)
    return by_format
