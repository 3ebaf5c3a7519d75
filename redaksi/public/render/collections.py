"""Galeri Foto and Video: the two media listings, and the page of a gallery of its own.

Both are paged like the news listings, numbered from the oldest entry, so a new gallery or video changes
only the newest page and the front. They are read whole from the database (galleries and videos are
hundreds, not hundreds of thousands) and drawn from memory.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from redaksi.accounts.models import Office
from redaksi.media import public_selectors
from redaksi.media.models import Gallery, Video
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import as_public

from .. import site
from . import files, layout, media, pages
from .files import Page


@dataclass(frozen=True)
class GalleryEntry:
    pk: int
    title: str
    url: str
    moment: datetime
    count: int
    description: str
    image: dict | None
    own: bool  # a gallery of its own (its page) or on a news item (shown on the item's page)


@dataclass(frozen=True)
class VideoEntry:
    pk: int  # the item's
    title: str
    url: str
    moment: datetime
    video: Video
    caption: str
    credit: str


def gallery_entries(office: Office) -> list[GalleryEntry]:
    """Public galleries of the office, oldest first."""
    galleries = public_selectors.public_galleries(office.pk)
    covers = public_selectors.gallery_covers(galleries)
    entries = [
        GalleryEntry(
            pk=g.pk,
            title=g.title,
            url=layout.gallery_url(g),
            moment=g.moment,
            count=g.photo_count,
            description=g.description if not g.item_id else "",
            image=media.card_image(covers.get(g.pk)),
            own=g.item_id is None,
        )
        for g in galleries
    ]
    return sorted(entries, key=lambda e: (e.moment, e.pk))


def video_entries(office: Office) -> list[VideoEntry]:
    """Published items with a video for the web (a file with its web version, or YouTube), oldest first."""
    pairs = public_selectors.video_items(office.pk)
    ids = [pk for pk, _v in pairs]
    fields = ("pk", "title", "slug", "published_at", "revision", "public_revision")
    items = {i.pk: as_public(i) for i in NewsItem.objects.filter(pk__in=ids).only(*fields)}
    return [
        VideoEntry(
            pk=pk,
            title=items[pk].title,
            url=layout.item_url(items[pk]),
            moment=items[pk].published_at,
            video=video,
            caption=video.caption,
            credit=video.credit,
        )
        for pk, video in pairs
        if pk in items
    ]


@dataclass(frozen=True)
class Collection:
    kind: str  # "galleries" | "videos"
    url: str

    @property
    def title(self) -> str:
        return "Galeri Foto" if self.kind == "galleries" else "Video"

    def page_url(self, number: int) -> str:
        return f"{self.url}halaman/{number}/"


GALLERIES = Collection("galleries", layout.GALLERIES)
VIDEOS = Collection("videos", layout.VIDEOS)


def collection_page(collection: Collection, office: Office, base: dict, entries: list, number: int | None) -> str:
    n, total = site.page_size(), len(entries)
    last = pages.listing_pages(total)
    shown = entries[-n:] if number is None else entries[(number - 1) * n : number * n]
    older = (number - 1 if number > 1 else None) if number else (last - 1 if last > 1 else None)
    newer = number + 1 if number and number < last else None
    ctx = dict(base)
    ctx.update(
        collection=collection,
        title=collection.title,
        entries=shown[::-1],
        number=number,
        last=last,
        total=total,
        older_url=collection.page_url(older) if older else "",
        newer_url=collection.page_url(newer) if newer else "",
        front_url=collection.url if number else "",
        canonical=site.absolute(collection.page_url(number) if number else collection.url),
        card_sizes=media.CARD_SIZES,
    )
    template = "public/galleries.html" if collection.kind == "galleries" else "public/videos.html"
    return pages.render(template, ctx)


def collection_pages(
    collection: Collection, office: Office, base: dict, entries: list, since: datetime | None = None
) -> list[Page]:
    """The front and the pages from the one holding `since` to the newest (all pages when `since` is None)."""
    n = site.page_size()
    last = pages.listing_pages(len(entries))
    first = 1
    if since is not None:
        position = sum(1 for e in entries if e.moment < since)
        first = max(1, min(position // n + 1, last))

    def page(number: int | None) -> Page:
        url = collection.page_url(number) if number else collection.url
        return Page(files.file_for(url), lambda: collection_page(collection, office, base, entries, number))

    found = [page(None), *(page(number) for number in range(first, last + 1))]
    # A listing that lost its newest page (an entry went off the site).
    number = last + 1
    while (files.root() / files.file_for(collection.page_url(number))).exists():
        found.append(Page(files.file_for(collection.page_url(number)), None))
        number += 1
    return found


def all_collection_pages(office: Office, base: dict, since: datetime | None = None) -> list[Page]:
    return [
        *collection_pages(GALLERIES, office, base, gallery_entries(office), since),
        *collection_pages(VIDEOS, office, base, video_entries(office), since),
    ]


def gallery_page(gallery: Gallery, photos: list, office: Office, base: dict) -> str:
    ctx = dict(base)
    cover = photos[0] if photos else None
    social = media.social_image(cover)
    ctx.update(
        gallery=gallery,
        photos=[(p, media.photo_credit(p)) for p in photos],
        canonical=site.absolute(layout.gallery_url(gallery)),
        social=social,
        social_url=site.absolute(social["path"]) if social else "",
        media_base=media.BASE,
        gallery_sizes=media.GALLERY_SIZES,
        description=gallery.description or _("Photo gallery of %(office)s") % {"office": office.name},
    )
    return pages.render("public/gallery.html", ctx)
