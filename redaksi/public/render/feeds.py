"""RSS, Atom and the sitemaps: XML built by Django's generators and templates, escaped by them."""

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import feedgenerator, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from redaksi.accounts.models import Office
from redaksi.newsroom.models import Category, Tag
from redaksi.newsroom.selectors import as_public

from .. import site
from . import layout

FEED_SIZE = 20
NEWS_SITEMAP_WINDOW = timedelta(days=2)  # Google News reads only the last two days


def feed(office: Office, kind: str, category: Category | None = None) -> str:
    generator = feedgenerator.Atom1Feed if kind == "atom" else feedgenerator.Rss201rev2Feed
    listing = layout.category_listing(category) if category else layout.all_news()
    title = f"{category.name} · {office.name}" if category else office.name
    own = f"{listing.url}{kind}.xml" if category else (layout.ATOM if kind == "atom" else layout.RSS)
    out = generator(
        title=title,
        link=site.absolute(listing.url if category else "/"),
        description=_("News from %(office)s") % {"office": office.name},
        language="id",
        feed_url=site.absolute(own),
        author_name=office.name,
    )
    items = listing.items(office).select_related("category").order_by("-published_at", "-pk")[:FEED_SIZE]
    for item in items:
        item = as_public(item)
        url = site.absolute(layout.item_url(item))
        out.add_item(
            title=item.title,
            link=url,
            description=Truncator(item.lead).chars(500),
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=item.published_at,
            updateddate=item.published_at,
            author_name=item.byline or None,
            categories=[item.category.name] if item.category_id else None,
        )
    return out.writeString("utf-8")


def month_sitemap(office: Office, year: int, month: int) -> str:
    items = layout.month_listing(year, month).items(office).order_by("published_at", "pk")
    urls = [
        {"loc": site.absolute(layout.item_url(i)), "lastmod": i.published_at}
        for i in items.only("pk", "slug", "published_at")
    ]
    return render_to_string("public/sitemap.xml", {"urls": urls})


def pages_sitemap(office: Office, months: list[tuple[int, int, int]]) -> str:
    """The pages besides the items. Every category, Pengumuman, Galeri Foto and Video have a page even when
    empty; a tag has one only once an item carries it, so only tags on public items are listed."""
    paths = [layout.HOME, layout.NEWS, layout.ARCHIVE, layout.PROFILE, layout.CATEGORIES]
    paths += [layout.GALLERIES, layout.VIDEOS]
    sections = [layout.announcements(office).url]
    sections += [layout.category_listing(c).url for c in Category.objects.filter(office=office)]
    paths += sorted(set(sections), key=sections.index)
    tagged = layout.public_items(office).values("tags")
    paths += [layout.tag_listing(t).url for t in Tag.objects.filter(office=office, pk__in=tagged).order_by("name")]
    paths += sorted({layout.year_url(y) for y, _m, _n in months}, reverse=True)
    paths += [layout.month_url(y, m) for y, m, _n in months]
    return render_to_string("public/sitemap.xml", {"urls": [{"loc": site.absolute(p)} for p in paths]})


def sitemap_index(months: list[tuple[int, int, int]]) -> str:
    maps = [site.absolute(layout.SITEMAP_PAGES), site.absolute(layout.SITEMAP_NEWS)]
    maps += [site.absolute(layout.month_sitemap_url(y, m)) for y, m, _n in months]
    return render_to_string("public/sitemap_index.xml", {"maps": maps})


def news_sitemap(office: Office) -> str:
    since = timezone.now() - NEWS_SITEMAP_WINDOW
    items = layout.public_items(office).filter(published_at__gte=since).order_by("-published_at", "-pk")[:1000]
    urls = [
        {"loc": site.absolute(layout.item_url(i)), "date": i.published_at, "title": as_public(i).title} for i in items
    ]
    return render_to_string("public/sitemap_news.xml", {"urls": urls, "publication": office.name})


def robots() -> str:
    return render_to_string("public/robots.txt", {"sitemap": site.absolute(layout.SITEMAP)})
