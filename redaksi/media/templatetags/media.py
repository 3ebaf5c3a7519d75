"""`{% picture photo %}`: a `<picture>` with AVIF and WebP sources and a JPEG fallback, each with a srcset.

The desk uses the app's file view; the public renderer passes `base` (e.g. "/media/") to point at the copies
it wrote, named `<key>/<variant>`.
"""

from django import template
from django.urls import reverse

from ..models import Photo
from ..selectors import item_photos, lead_photo, srcset_renditions

register = template.Library()

SOURCE_TYPES = (("avif", "image/avif"), ("webp", "image/webp"))


def file_url(photo_key, variant: str, base: str = "") -> str:
    if base:
        return f"{base.rstrip('/')}/{photo_key.hex}/{variant}"
    return reverse("media:file", args=[photo_key, variant])


@register.inclusion_tag("media/_picture.html")
def picture(photo: Photo, sizes: str = "100vw", base: str = "", css_class: str = "", loading: str = "lazy"):
    by_format = srcset_renditions(photo) if photo else {}
    sources = []
    for fmt, content_type in SOURCE_TYPES:
        rows = by_format.get(fmt) or []
        if rows:
            srcset = ", ".join(f"{file_url(photo.key, r.variant, base)} {r.width}w" for r in rows)
            sources.append({"type": content_type, "srcset": srcset})
    jpegs = by_format.get("jpeg") or []
    fallback = None
    if jpegs:
        middle = next((r for r in jpegs if r.width >= 960), jpegs[-1])
        fallback = {
            "src": file_url(photo.key, middle.variant, base),
            "srcset": ", ".join(f"{file_url(photo.key, r.variant, base)} {r.width}w" for r in jpegs),
            "width": middle.width,
            "height": middle.height,
        }
    return {
        "photo": photo,
        "sources": sources,
        "fallback": fallback,
        "sizes": sizes,
        "css_class": css_class,
        "loading": loading if loading in ("lazy", "eager") else "lazy",
    }


@register.inclusion_tag("media/_item_photos.html")
def item_photo_list(item):
    """The item's photos on the desk's item page: the lead photo first, then the others in order."""
    photos = item_photos(item)
    lead = lead_photo(item)
    if lead is not None:
        photos = [lead] + [photo for photo in photos if photo.pk != lead.pk]
    return {"item": item, "photos": photos, "lead_id": lead.pk if lead else None}


@register.simple_tag
def media_url(obj, variant: str, base: str = "") -> str:
    return file_url(obj.key, variant, base)


@register.filter
def duration(seconds) -> str:
    """A video's length as a clock shows it: 0:07, 12:30, 1:02:03."""
    try:
        total = max(0, round(float(seconds)))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
