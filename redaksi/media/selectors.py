"""Reads of media. Whether a file may be shown is decided here, once, for the desk and the public."""

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from redaksi.accounts.models import User
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import published_items, visible_items

from .models import ChunkedUpload, Gallery, GalleryPhoto, ItemMedia, Photo, Rendition, Status, Video


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


# Galleries of their own ("Galeri Foto") -------------------------------------------------------------------


def standalone_galleries(user: User) -> QuerySet[Gallery]:
    """The office's galleries of their own, for the staff list: newest event first, with their photo count."""
    if not user.is_authenticated or user.office_id is None:
        return Gallery.objects.none()
    return (
        Gallery.objects.filter(office_id=user.office_id, item__isnull=True)
        .annotate(photo_count=Count("entries"))
        .order_by(F("event_date").desc(nulls_last=True), "-created_at", "-pk")
    )


def gallery_entries(gallery: Gallery) -> QuerySet[GalleryPhoto]:
    """A gallery's photos in order, for staff (published or not)."""
    return (
        GalleryPhoto.objects.filter(gallery=gallery)
        .select_related("photo")
        .prefetch_related("photo__renditions")
        .order_by("position", "pk")
    )


def library_photos(user: User, *, query: str = "", exclude_gallery: Gallery | None = None) -> QuerySet[Photo]:
    """Photos of the office's library that this member of staff may use, newest first; searched by text."""
    photos = photos_visible_to(user).exclude(status=Status.FAILED)
    if exclude_gallery is not None:
        photos = photos.exclude(pk__in=GalleryPhoto.objects.filter(gallery=exclude_gallery).values("photo_id"))
    for word in query.split()[:6]:
        photos = photos.filter(
            Q(original_filename__icontains=word)
            | Q(caption__icontains=word)
            | Q(alt_text__icontains=word)
            | Q(credit__icontains=word)
            | Q(camera__icontains=word)
        )
    return photos.prefetch_related("renditions").order_by("-uploaded_at", "-pk")


def published_galleries(*, now=None) -> QuerySet[Gallery]:
    """For the public site: galleries of their own that are published, newest event first.

    Each carries `photo_count`. Use `gallery_photos(gallery)` for its photos in order.
    """
    now = now or timezone.now()
    return (
        Gallery.objects.filter(item__isnull=True, published_at__isnull=False, published_at__lte=now)
        .annotate(photo_count=Count("entries"))
        .order_by(F("event_date").desc(nulls_last=True), "-published_at", "-pk")
    )


def gallery_photos(gallery: Gallery, *, now=None) -> list[Photo]:
    """For the public site: a gallery's photos in order, with renditions prefetched; empty unless public.

    Public means a published gallery of its own, or a gallery on a published item.
    """
    now = now or timezone.now()
    if gallery.item_id is None:
        public = published_galleries(now=now).filter(pk=gallery.pk).exists()
    else:
        public = published_items(now=now).filter(pk=gallery.item_id).exists()
    if not public:
        return []
    return [entry.photo for entry in gallery_entries(gallery)]


def public_gallery_renditions(gallery: Gallery) -> QuerySet[Rendition]:
    """What the public renderer copies out for a gallery of its own: nothing unless it is published."""
    if gallery.item_id is not None or not published_galleries().filter(pk=gallery.pk).exists():
        return Rendition.objects.none()
    return (
        Rendition.objects.filter(photo__in=Photo.objects.filter(galleries=gallery))
        .select_related("photo")
        .order_by("photo_id", "kind", "width")
    )
