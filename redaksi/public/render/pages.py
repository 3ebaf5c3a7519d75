"""The pages of the public site, as strings: the renderer writes them, the app serves them."""

import json
import math
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from redaksi.accounts.models import Office
from redaksi.media import public_selectors
from redaksi.newsroom.models import Category, NewsItem, Tag
from redaksi.newsroom.sanitize import clean_html
from redaksi.newsroom.selectors import as_public

from .. import site
from ..models import ItemViews
from . import files, icons, layout, media

CARD_FIELDS = ("pk", "title", "slug", "lead", "published_at", "category__name", "category__slug", "office_id")
_TAG_RE = re.compile(r"<[^>]*>")
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def plain_text(html: str) -> str:
    """Text without markup, in linear time whatever the input (bad input 37)."""
    return " ".join(_TAG_RE.sub(" ", html).replace("&nbsp;", " ").split())


def json_for_script(data: dict) -> str:
    """JSON that cannot end its <script> element early, whatever the titles hold."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@dataclass(frozen=True)
class Card:
    """An item as a listing shows it."""

    pk: int
    title: str
    url: str
    published_at: datetime
    lead: str
    category: str
    category_url: str
    category_id: int | None = None
    image: dict | None = None  # the lead photo's thumbnail (render.media.card_image)


def card(item: NewsItem, photo=None) -> Card:
    item = as_public(item)
    category = item.category
    return Card(
        pk=item.pk,
        title=item.title,
        url=layout.item_url(item),
        published_at=item.published_at,
        lead=item.lead if len(item.lead) <= 220 else Truncator(item.lead).chars(220),  # the same, sooner
        category=category.name if category else "",
        category_url=f"/kategori/{category.slug}/" if category else "",
        category_id=item.category_id,
        image=media.card_image(photo),
    )


def cards(qs) -> list[Card]:
    """Cards with their thumbnails: one query for the items, two for every lead photo among them."""
    items = list(
        qs.select_related("category").only(
            "pk", "title", "slug", "lead", "published_at", "category", "revision", "public_revision"
        )
    )
    return cards_of(items)


def cards_of(items: list[NewsItem]) -> list[Card]:
    """Cards of items already read (the search's), with their thumbnails: two queries for all the photos."""
    leads = public_selectors.lead_photos([i.pk for i in items]) if items else {}
    return [card(i, leads.get(i.pk)) for i in items]


def base_context(office: Office) -> dict:
    ident = site.identity(office)
    categories = list(Category.objects.filter(office=office).exclude(slug=layout.ANNOUNCEMENT_SLUG).order_by("name"))
    return {
        "site": ident,
        "office": office,
        "nav_categories": categories,
        "announcement_url": f"/kategori/{layout.ANNOUNCEMENT_SLUG}/",
        "assets": files.asset_urls(),
        "logo": files.logo_asset(ident.profile),
        "icons": icons.icon_assets(office, ident.profile),
        "brand_css": files.brand_asset(ident.profile),
        "galleries_url": layout.GALLERIES,
        "media_base": media.BASE,
        "videos_url": layout.VIDEOS,
        "base_url": site.base_url(),
        "feed_rss": layout.RSS,
        "feed_atom": layout.ATOM,
    }


# The menu entry each kind of page belongs to: the masthead marks it with aria-current.
SECTIONS = {
    "public/home.html": layout.HOME,
    "public/article.html": layout.NEWS,
    "public/preview.html": layout.NEWS,
    "public/archive.html": layout.ARCHIVE,
    "public/year.html": layout.ARCHIVE,
    "public/categories.html": layout.CATEGORIES,
    "public/profile.html": layout.PROFILE,
    "public/galleries.html": layout.GALLERIES,
    "public/gallery.html": layout.GALLERIES,
    "public/videos.html": layout.VIDEOS,
}


def section(template: str, context: dict) -> str:
    listing = context.get("listing") if template == "public/listing.html" else None
    if listing is None:
        return SECTIONS.get(template, "")
    if listing.url == f"/kategori/{layout.ANNOUNCEMENT_SLUG}/":
        return listing.url
    return {"all": layout.NEWS, "tag": layout.NEWS, "month": layout.ARCHIVE}.get(listing.kind, layout.CATEGORIES)


def render(template: str, context: dict) -> str:
    current = section(template, context)
    context = {**context, "section": current, "section_is_page": context.get("canonical") == site.absolute(current)}
    return render_to_string(template, context)


def dateline(place: str, *texts: str) -> str:
    """The place in capitals before the lead, unless the lead or the body already opens with it."""
    name = " ".join(place.split()).upper()
    if not name:
        return ""
    for text in texts:
        opening = " ".join(plain_text(text).split()[:8]).upper()
        if opening.startswith(name) or opening.startswith(f"({name}"):
            return ""
    return name


def share_links(url: str, title: str) -> dict[str, str]:
    return {
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "x": "https://x.com/intent/post?" + urlencode({"text": title, "url": url}),
        "whatsapp": "https://wa.me/?" + urlencode({"text": f"{title} {url}"}),
        "telegram": "https://t.me/share/url?" + urlencode({"url": url, "text": title}),
    }


def related(item: NewsItem, office: Office, limit: int = 4) -> list[Card]:
    """Earlier items of the same category: they never change when later items are published."""
    qs = layout.public_items(office).filter(published_at__lte=item.published_at).exclude(pk=item.pk)
    if item.category_id:
        qs = qs.filter(category_id=item.category_id)
    return cards(qs.order_by("-published_at", "-pk")[:limit])


def _article_ld(item: NewsItem, office: Office, url: str, description: str, social: dict | None) -> dict:
    """The schema.org NewsArticle that search engines read."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(item.title).chars(110),
        "description": description,
        "datePublished": item.published_at.isoformat(timespec="seconds"),
        "dateModified": item.published_at.isoformat(timespec="seconds"),
        "mainEntityOfPage": url,
        "inLanguage": "id",
        "author": {"@type": "Person", "name": item.byline}
        if item.byline
        else {"@type": "Organization", "name": office.name},
        "publisher": {"@type": "GovernmentOrganization", "name": office.name, "url": site.base_url() + "/"},
    }
    if item.category_id:
        ld["articleSection"] = item.category.name
    if social:
        ld["image"] = {
            "@type": "ImageObject",
            "url": site.absolute(social["path"]),
            "width": social["width"],
            "height": social["height"],
        }
    return ld


def article(
    item: NewsItem,
    office: Office,
    base: dict | None = None,
    media_set=None,
    *,
    related_cards: list[Card] | None = None,
    views: int | None = None,
) -> str:
    """The news page. The full rebuild passes the item's media, related cards and views it read in bulk."""
    item = as_public(item)
    if media_set is None:
        media_set = public_selectors.item_media_sets([item.pk]).get(item.pk) or public_selectors.ItemMediaSet()
    if views is None:
        views = ItemViews.objects.filter(item_id=item.pk).values_list("total", flat=True).first() or 0
    ctx = _article_context(item, office, base, media_set, related_cards=related_cards, views=views)
    return render("public/article.html", ctx)


def preview(item: NewsItem, office: Office, media_set, *, back_url: str) -> str:
    """The staff preview: the item's current text, as its page will look, before anything is public.

    The same context and template as `article`, but its photos and videos are addressed through the
    media app's file view (`media_base` empty), which answers only staff who may see them: the preview
    copies nothing to the site's folder. Not written anywhere; the desk serves it with no-store.
    """
    if item.published_at is None:
        item.published_at = item.publish_at or timezone.now()  # in memory only: when it would appear
    ctx = _article_context(item, office, None, media_set, related_cards=None, views=0, media_base="")
    ctx.update(back_url=back_url, canonical="")
    return render("public/preview.html", ctx)


def item_preview(item: NewsItem, *, back_url: str) -> str:
    """The newsroom's preview renderer (`newsroom.events.set_preview_renderer`): its current text and media."""
    with override("id"):
        return preview(item, item.office, public_selectors.preview_media_set(item.pk), back_url=back_url)


def _article_context(item, office, base, media_set, *, related_cards, views, media_base=media.BASE) -> dict:
    ctx = dict(base or base_context(office))
    url = site.absolute(layout.item_url(item))
    tags = [(t, layout.tag_listing(t).url) for t in item.tags.all()]
    body = clean_html(item.body)  # sanitised at save too; the site never trusts the database alone
    description = Truncator(item.lead or plain_text(body)).chars(200)
    lead = media_set.lead
    social = media.social_image(lead or next(iter(media_set.all_photos()), None))
    ld = _article_ld(item, office, url, description, social)
    ctx.update(
        lead_photo=lead,
        lead_credit=media.photo_credit(lead) if lead else "",
        photos=[(p, media.photo_credit(p)) for p in media_set.photos],
        item_galleries=[(g, [(p, media.photo_credit(p)) for p in ps]) for g, ps in media_set.galleries],
        videos=media_set.videos,
        social=social,
        social_url=site.absolute(social["path"]) if social else "",
        media_base=media_base,
        article_sizes=media.ARTICLE_SIZES,
        gallery_sizes=media.GALLERY_SIZES,
        item=item,
        dateline=dateline(item.place, item.lead, body),
        body=mark_safe(body),  # noqa: S308 - cleaned by the allowlist just above
        url=url,
        description=description,
        tags=tags,
        category_url=f"/kategori/{item.category.slug}/" if item.category_id else "",
        views=views,
        share=share_links(url, item.title),
        related=related(item, office) if related_cards is None else related_cards,
        json_ld=json_for_script(ld),
        og_type="article",
        canonical=url,
    )
    return ctx


def listing_pages(total: int) -> int:
    return max(1, math.ceil(total / site.page_size()))


def listing_page(listing: layout.Listing, office: Office, number: int, total: int, base: dict | None = None) -> str:
    """Page `number` of a listing, counted from the oldest: it holds positions (number-1)*N .. number*N-1."""
    n = site.page_size()
    last = listing_pages(total)
    qs = listing.items(office)
    start = (number - 1) * n
    if start > total / 2:  # read the newer half from the newest end: the offset stays small
        end = min(number * n, total)
        page_items = list(reversed(cards(qs.order_by("-published_at", "-pk")[total - end : total - start])))
    else:
        page_items = cards(qs.order_by("published_at", "pk")[start : start + n])
    page_items.reverse()  # newest first on screen
    return _listing(listing, office, base, page_items, number=number, last=last, total=total)


def listing_front(listing: layout.Listing, office: Office, total: int, base: dict | None = None) -> str:
    page_items = cards(listing.items(office).order_by("-published_at", "-pk")[: site.page_size()])
    return _listing(listing, office, base, page_items, number=None, last=listing_pages(total), total=total)


def listing_from_cards(listing, office, base, ordered: list[Card], number: int | None) -> str:
    """A listing page from cards already in order (oldest first): the full rebuild reads each listing once."""
    n, total = site.page_size(), len(ordered)
    page_items = ordered[-n:] if number is None else ordered[(number - 1) * n : number * n]
    return _listing(listing, office, base, page_items[::-1], number=number, last=listing_pages(total), total=total)


def _listing(listing, office, base, page_items, *, number, last, total) -> str:
    ctx = dict(base or base_context(office))
    title = listing.title
    if listing.kind == "month":
        title = _month_title(*listing.key)
    older = (number - 1 if number and number > 1 else None) if number else (last - 1 if last > 1 else None)
    newer = number + 1 if number and number < last else None
    ctx.update(
        listing=listing,
        title=title,
        items=page_items,
        number=number,
        last=last,
        total=total,
        older_url=listing.page_url(older) if older else "",
        newer_url=listing.page_url(newer) if newer else "",
        front_url=listing.url if number else "",
        canonical=site.absolute(listing.page_url(number) if number else listing.url),
        rss=f"{listing.url}rss.xml" if listing.kind == "category" else "",
    )
    return render("public/listing.html", ctx)


def _month_title(year: int, month: int) -> str:
    from django.utils.dateformat import format as date_format

    return date_format(datetime(year, month, 1), "F Y")


def home(office: Office, base: dict | None = None) -> str:
    ctx = dict(base or base_context(office))
    items = layout.public_items(office)
    # Announcements have their panel beside the news: neither the headline nor the latest news repeat them.
    news = items.exclude(category__slug=layout.ANNOUNCEMENT_SLUG)
    latest = cards(news.order_by("-published_at", "-pk")[:9])
    popular_ids = list(
        ItemViews.objects.filter(popular_rank__isnull=False, item__office=office)
        .order_by("popular_rank")
        .values_list("item_id", flat=True)[:10]
    )
    by_id = {c.pk: c for c in cards(items.filter(pk__in=popular_ids))}
    announcements = cards(items.filter(category__slug=layout.ANNOUNCEMENT_SLUG).order_by("-published_at", "-pk")[:4])
    from . import collections

    ctx.update(
        home_galleries=collections.gallery_entries(office)[-4:][::-1],
        home_videos=collections.video_entries(office)[-2:][::-1],
        headline=latest[0] if latest else None,
        latest=latest[1:],
        popular=[by_id[i] for i in popular_ids if i in by_id][:5],
        announcements=announcements,
        canonical=site.base_url() + "/",
    )
    return render("public/home.html", ctx)


def months(office: Office) -> list[tuple[int, int, int]]:
    """(year, month, count) of every month with public items, newest first."""
    rows = (
        layout.public_items(office)
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-month")
    )
    return [(r["month"].year, r["month"].month, r["n"]) for r in rows]


def archive(office: Office, all_months: list | None = None, base: dict | None = None) -> str:
    ctx = dict(base or base_context(office))
    rows = all_months if all_months is not None else months(office)
    years: dict[int, list] = {}
    for year, month, n in rows:
        years.setdefault(year, []).append(
            {"url": layout.month_url(year, month), "title": _month_title(year, month), "count": n}
        )
    ctx.update(years=[(y, layout.year_url(y), ms, sum(m["count"] for m in ms)) for y, ms in years.items()])
    ctx.update(canonical=site.absolute(layout.ARCHIVE), title=_("News archive"))
    return render("public/archive.html", ctx)


def year(office: Office, year_number: int, all_months: list | None = None, base: dict | None = None) -> str:
    ctx = dict(base or base_context(office))
    rows = [r for r in (all_months if all_months is not None else months(office)) if r[0] == year_number]
    ctx.update(
        year=year_number,
        months=[{"url": layout.month_url(y, m), "title": _month_title(y, m), "count": n} for y, m, n in rows],
        canonical=site.absolute(layout.year_url(year_number)),
    )
    return render("public/year.html", ctx)


def categories(office: Office, base: dict | None = None) -> str:
    ctx = dict(base or base_context(office))
    counts = dict(
        layout.public_items(office).values("category_id").annotate(n=Count("pk")).values_list("category_id", "n")
    )
    announcement = Category.objects.filter(office=office, slug=layout.ANNOUNCEMENT_SLUG).first()
    ctx.update(
        categories=[(c, counts.get(c.pk, 0)) for c in ctx["nav_categories"]],
        announcements=counts.get(announcement.pk, 0) if announcement else 0,
        canonical=site.absolute(layout.CATEGORIES),
    )
    return render("public/categories.html", ctx)


def profile(office: Office, base: dict | None = None) -> str:
    ctx = dict(base or base_context(office))
    ctx.update(canonical=site.absolute(layout.PROFILE))
    return render("public/profile.html", ctx)


def error_page(office: Office | None, status: int, base: dict | None = None) -> str:
    ctx = dict(base or (base_context(office) if office else {"assets": files.asset_urls()}))
    ctx.update(status=status)
    return render("public/error.html", ctx)


def tag_cloud(office: Office) -> list[Tag]:
    return list(Tag.objects.filter(office=office).order_by("name"))


def item_for_render(pk: int) -> NewsItem | None:
    item = (
        NewsItem.objects.select_related("category", "office")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .filter(pk=pk)
        .first()
    )
    return as_public(item) if item is not None else None
