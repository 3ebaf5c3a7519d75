"""The one door to media files: staff who may see a file, or the public once it is published."""

import hashlib
import re
from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_safe

from . import selectors
from .images import CONTENT_TYPES
from .models import Photo, Rendition, Video
from .storage import media_storage

VARIANT = re.compile(r"^(original|(w)(\d{1,5})\.(avif|webp|jpg)|(card)\.jpg|(thumb)\.(webp|jpg)|poster\.jpg|web\.mp4)$")


def _file_of(obj: Photo | Video, variant: str) -> tuple[str, str, bool, str]:
    """(stored name, content type, public-able, etag) of a variant, or Http404."""
    match = VARIANT.match(variant)
    if match is None:
        raise Http404
    if variant == "original":
        if isinstance(obj, Photo):
            return obj.original.name, CONTENT_TYPES[obj.format], False, f"o{obj.sha256[:16]}"
        if obj.original:
            return obj.original.name, "video/mp4", False, f"o{obj.key.hex}"
        raise Http404
    if isinstance(obj, Video):
        if variant == "poster.jpg" and obj.poster:
            return obj.poster.name, "image/jpeg", True, obj.poster.name
        if variant == "web.mp4" and obj.web:
            return obj.web.name, "video/mp4", True, obj.web.name
        raise Http404
    if match[2]:
        kind, width, fmt = Rendition.Kind.WIDTH, int(match[3]), match[4]
    elif match[5]:
        kind, width, fmt = Rendition.Kind.CARD, None, "jpg"
    elif match[6]:
        kind, width, fmt = Rendition.Kind.THUMB, None, match[7]
    else:
        raise Http404
    fmt = "jpeg" if fmt == "jpg" else fmt
    rows = obj.renditions.filter(kind=kind, format=fmt)
    if width is not None:
        rows = rows.filter(width=width)
    rendition = rows.first()
    if rendition is None:
        raise Http404
    return rendition.file.name, CONTENT_TYPES[fmt], True, rendition.file.name


@require_safe
def serve(request: HttpRequest, key: UUID, variant: str) -> HttpResponse:
    """Every media file goes out here, after the same check: staff who may see it, or it is public."""
    obj: Photo | Video | None = Photo.objects.filter(key=key).first() or Video.objects.filter(key=key).first()
    if obj is None:
        raise Http404
    user = request.user
    visible = selectors.photos_visible_to(user) if isinstance(obj, Photo) else selectors.videos_visible_to(user)
    staff_ok = user.is_authenticated and visible.filter(pk=obj.pk).exists()
    name, content_type, public_able, etag_source = _file_of(obj, variant)
    public = (
        public_able
        and (selectors.public_photos() if isinstance(obj, Photo) else selectors.public_videos())
        .filter(pk=obj.pk)
        .exists()
    )
    if not (staff_ok or public):
        raise Http404  # the same answer as for a file that does not exist
    digest = hashlib.sha256(f"{etag_source}|{name}".encode()).hexdigest()[:24]
    etag = f'"{digest}"'
    cache = "public, max-age=300" if public else "private, max-age=600"
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        try:
            handle = media_storage().open(name, "rb")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=content_type)
        if variant == "original":
            ext = name.rsplit(".", 1)[-1]
            response["Content-Disposition"] = f'attachment; filename="{obj.key.hex}.{ext}"'
    response["ETag"] = etag
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
