"""The addresses of the public site and the listings that name items.

Listings number their pages from the oldest item: page 1 holds the oldest N. A new item lands on
the newest page, so a publish redraws that page and the listing's front, and older pages never move.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office
from redaksi.newsroom.models import Category, NewsItem, Tag
from redaksi.newsroom.selectors import public_path, published_items

HOME = "/"
NEWS = "/berita/"
ARCHIVE = "/arsip/"
CATEGORIES = "/kategori/"
PROFILE = "/profil/"
SEARCH = "/cari/"
RSS = "/rss.xml"
ATOM = "/atom.xml"
SITEMAP = "/sitemap.xml"
SITEMAP_PAGES = "/sitemap-halaman.xml"
SITEMAP_NEWS = "/sitemap-news.xml"
GALLERIES = "/galeri/"
VIDEOS = "/video/"
ANNOUNCEMENT_SLUG = "pengumuman"


def item_url(item: NewsItem) -> str:
    return public_path(item)


def gallery_url(gallery) -> str:
    """A gallery of its own has its page; a gallery on an item is shown on the item's page."""
    if gallery.item_id:
        return f"{item_url(gallery.item)}#galeri-{gallery.pk}"
    return f"{GALLERIES}{gallery.pk}-{slugify(gallery.title)[:80] or 'galeri'}/"


def year_url(year: int) -> str:
    return f"/berita/{year:04d}/"


def month_url(year: int, month: int) -> str:
    return f"/berita/{year:04d}/{month:02d}/"


def month_sitemap_url(year: int, month: int) -> str:
    return f"/sitemap-berita-{year:04d}-{month:02d}.xml"


def local_month(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, local.month


def public_items(office: Office) -> QuerySet[NewsItem]:
    """Everything public of the office, through the newsroom's one door."""
    return published_items().filter(office=office)


@dataclass(frozen=True)
class Listing:
    """A paged list of items: all news, a category, a tag or a month."""

    kind: str  # "all" | "category" | "tag" | "month" | "empty" (a menu entry with no category behind it yet)
    url: str
    title: str
    key: tuple = ()

    def items(self, office: Office) -> QuerySet[NewsItem]:
        qs = public_items(office)
        if self.kind == "empty":
            return qs.none()
        if self.kind == "category":
            qs = qs.filter(category_id=self.key[0])
        elif self.kind == "tag":
            qs = qs.filter(tags__id=self.key[0])
        elif self.kind == "month":
            start, end = _month_bounds(*self.key)
            qs = qs.filter(published_at__gte=start, published_at__lt=end)
        return qs

    def page_url(self, number: int) -> str:
        return f"{self.url}halaman/{number}/"

    @property
    def feeds(self) -> bool:
        return self.kind in {"all", "category"}


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def all_news() -> Listing:
    return Listing("all", NEWS, _("All news"))


def category_listing(category: Category) -> Listing:
    return Listing("category", f"/kategori/{category.slug}/", category.name, (category.pk,))


def announcements(office: Office) -> Listing:
    """Pengumuman is in the menu whether or not the office has made its category yet."""
    category = Category.objects.filter(office=office, slug=ANNOUNCEMENT_SLUG).first()
    if category is not None:
        return category_listing(category)
    return Listing("empty", f"/kategori/{ANNOUNCEMENT_SLUG}/", "Pengumuman")


def tag_listing(tag: Tag) -> Listing:
    return Listing("tag", f"/tag/{tag.slug}/", "#" + tag.name, (tag.pk,))


def month_listing(year: int, month: int) -> Listing:
    return Listing("month", month_url(year, month), "", (year, month))


def position(listing: Listing, office: Office, published_at: datetime, pk: int) -> int:
    """How many items of the listing come before (published_at, pk): the item's index from the oldest."""
    before = Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk)
    return listing.items(office).filter(before).count()
