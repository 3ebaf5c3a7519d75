"""The media panel of an item on the desk, the upload endpoints, and the one door to media files."""

import hashlib
import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redaksi.accounts.permissions import deny
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for, visible_items

from . import selectors, services
from .conf import setting
from .forms import GalleryForm, PhotoForm, VideoForm, YouTubeForm
from .images import CONTENT_TYPES
from .models import ChunkedUpload, ItemMedia, Photo, Rendition, Video
from .storage import media_storage

VARIANT = re.compile(r"^(original|(w)(\d{1,5})\.(avif|webp|jpg)|(card)\.jpg|(thumb)\.(webp|jpg)|poster\.jpg|web\.mp4)$")


def _item(request: HttpRequest, pk: int) -> NewsItem:
    item = visible_items(request.user).select_related("sop_version", "office").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def _may_compose(request: HttpRequest, item: NewsItem) -> bool:
    try:
        services.composer_capacity(request.user, item)
    except NotPermitted:
        return False
    return True


def _call(request: HttpRequest, what: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except NotPermitted as exc:
        raise deny(request, str(exc), what=what) from exc


def _json_error(message: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message, **extra}, status=status)


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _photo_context(item: NewsItem, link: ItemMedia, can_edit: bool, form: PhotoForm | None = None) -> dict:
    photo = link.photo
    return {
        "item": item,
        "link": link,
        "photo": photo,
        "can_edit": can_edit,
        "form": form or PhotoForm(instance=photo, prefix=f"p{photo.pk}"),
    }


def _video_context(item: NewsItem, link: ItemMedia, can_edit: bool, form: VideoForm | None = None) -> dict:
    video = link.video
    return {
        "item": item,
        "link": link,
        "video": video,
        "can_edit": can_edit,
        "form": form or VideoForm(instance=video, prefix=f"v{video.pk}"),
    }


@login_required
@require_GET
def item_media(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    can_edit = _may_compose(request, item)
    links = list(selectors.item_links(item).prefetch_related("photo__renditions"))
    flow = flow_for(item)
    context = {
        "item": item,
        "current": flow.step(item.current_step) if item.current_step else None,
        "can_edit": can_edit,
        "photos": [_photo_context(item, link, can_edit) for link in links if link.photo_id],
        "videos": [_video_context(item, link, can_edit) for link in links if link.video_id],
        "galleries": selectors.item_galleries(item),
        "gallery_form": GalleryForm(),
        "youtube_form": YouTubeForm(),
        "blockers": services.photo_blockers([link.photo for link in links if link.photo_id]),
        "photo_max_mb": setting("PHOTO_MAX_BYTES") // 2**20,
        "video_max_gb": round(setting("VIDEO_MAX_BYTES") / 2**30, 1),
        "chunk_bytes": setting("VIDEO_CHUNK_BYTES"),
        "parallel": setting("UPLOAD_PARALLEL"),
    }
    return render(request, "media/item_media.html", context)


def photo_upload_response(
    request: HttpRequest,
    what: str,
    take: Callable[..., services.UploadResult],
    *,
    already_here: str,
    card: Callable[[Photo], str],
) -> HttpResponse:
    """The photo upload endpoints of items and galleries: one file per request, answered in JSON.

    `take` runs the service on the file (given as fileobj, filename and size); `already_here` says that the
    photo was there already (with %(name)s); `card` renders the card of a photo just attached.
    """
    limit = setting("PHOTO_MAX_BYTES")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _json_error(_("The request is not valid."), 400)
    if length > limit + 64 * 1024:
        return _json_error(services.size_message(limit), 413)
    try:
        files = request.FILES.getlist("file")
        extra = len(request.FILES) - 1
    except (RequestDataTooBig, SuspiciousOperation, MultiPartParserError):
        return _json_error(_("The request has too many parts or is too large."), 400)
    if len(files) != 1 or extra:
        return _json_error(_("Send exactly one file per request."), 400)
    upload = files[0]
    try:
        result = _call(request, what, lambda: take(fileobj=upload, filename=upload.name or "", size=upload.size))
    except services.TooLarge as exc:
        return _json_error(_messages(exc), 413)
    except ValidationError as exc:
        return _json_error(_messages(exc), 400)
    if result.duplicate:
        message = (
            _("This photo was already uploaded (%(name)s); the same photo is used.")
            if result.newly_attached
            else already_here
        ) % {"name": result.photo.original_filename or result.photo.key}
    else:
        message = _("Uploaded.")
    html = card(result.photo) if result.newly_attached else ""
    return JsonResponse(
        {"ok": True, "duplicate": result.duplicate, "message": message, "photo": str(result.photo.key), "html": html},
        status=201 if not result.duplicate else 200,
    )


@login_required
@require_POST
def photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """One photo per request, so that one bad file never stops the others."""
    item = _item(request, pk)

    def card(photo: Photo) -> str:
        link = ItemMedia.objects.select_related("photo").get(item=item, photo=photo)
        return render_to_string("media/_photo_card.html", _photo_context(item, link, True), request=request)

    return photo_upload_response(
        request,
        "media.photo_upload",
        lambda **file: services.photo_upload(actor=Actor.from_request(request), item_id=item.pk, **file),
        already_here=_("This photo is already on this item (%(name)s)."),
        card=card,
    )


def _link(item: NewsItem, **kw: Any) -> ItemMedia:
    link = ItemMedia.objects.select_related("photo", "video").filter(item=item, **kw).first()
    if link is None:
        raise Http404
    return link


@login_required
@require_http_methods(["GET", "POST"])
def photo_card(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    item = _item(request, pk)
    link = _link(item, photo_id=photo_id)
    can_edit = _may_compose(request, item)
    if request.method == "GET":
        template = "media/_photo_preview.html" if request.GET.get("part") == "preview" else "media/_photo_card.html"
        return render(request, template, _photo_context(item, link, can_edit))
    form = PhotoForm(request.POST, instance=link.photo, prefix=f"p{photo_id}")
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            _call(
                request,
                "media.photo_update",
                lambda: services.photo_update(
                    actor=Actor.from_request(request), item_id=item.pk, photo_id=photo_id, caption=data["caption"],
                    credit=data["credit"], alt_text=data["alt_text"], focal_x=data["focal_x"],
                    focal_y=data["focal_y"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
            status = 400
        else:
            link.photo.refresh_from_db()
            context = _photo_context(item, link, can_edit)
            context["saved"] = True
            return _card_or_redirect(request, item, "media/_photo_card.html", context)
    else:
        status = 400
    return render(request, "media/_photo_card.html", _photo_context(item, link, can_edit, form), status=status)


def _card_or_redirect(request: HttpRequest, item: NewsItem, template: str, context: dict) -> HttpResponse:
    if request.htmx:
        return render(request, template, context)
    return redirect("media:item", item.pk)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
@require_POST
def arrange(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    item = _item(request, pk)
    action = request.POST.get("action", "")
    try:
        _call(
            request,
            "media.arrange",
            lambda: services.item_media_arrange(
                actor=Actor.from_request(request), item_id=item.pk, link_id=link_id, action=action
            ),
        )
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    return redirect(reverse("media:item", args=[item.pk]) + ("#foto" if action != "remove" else ""))


@login_required
@require_POST
def gallery_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = GalleryForm(request.POST)
    if form.is_valid():
        try:
            _call(
                request,
                "media.gallery_save",
                lambda: services.gallery_save(
                    actor=Actor.from_request(request), item_id=item.pk, title=form.cleaned_data["title"],
                    photo_ids=form.cleaned_data["photos"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, _messages(exc))
        else:
            messages.success(request, _("The gallery was saved."))
    else:
        messages.error(request, _("A gallery needs a title and at least one photo."))
    return redirect(reverse("media:item", args=[item.pk]) + "#galeri")


# Video --------------------------------------------------------------------------------------------------


def _upload_urls(upload: ChunkedUpload) -> dict[str, Any]:
    return {
        "ok": True,
        "upload": str(upload.key),
        "offset": upload.offset,
        "size": upload.size,
        "chunk": setting("VIDEO_CHUNK_BYTES"),
        "url": reverse("media:upload", args=[upload.key]),
        "finish": reverse("media:upload_finish", args=[upload.key]),
        "abort": reverse("media:upload_abort", args=[upload.key]),
    }


@login_required
@require_POST
def video_begin(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return _json_error(_("The size of the video is missing."), 400)
    try:
        upload = _call(
            request,
            "media.video_upload",
            lambda: services.video_upload_begin(
                actor=Actor.from_request(request), item_id=item.pk, filename=request.POST.get("name", ""), size=size
            ),
        )
    except services.TooLarge as exc:
        return _json_error(_messages(exc), 413)
    except ValidationError as exc:
        return _json_error(_messages(exc), 400)
    return JsonResponse(_upload_urls(upload), status=201)


def _read_body(request: HttpRequest, length: int) -> bytes | None:
    """Exactly `length` bytes of the body, read in pieces; None when fewer arrive."""
    pieces, got = [], 0
    while got < length:
        piece = request.read(min(1024 * 1024, length - got))
        if not piece:
            return None
        pieces.append(piece)
        got += len(piece)
    return b"".join(pieces)


@login_required
@require_http_methods(["GET", "PUT"])
def upload_chunk(request: HttpRequest, key: UUID) -> HttpResponse:
    """GET: where the upload stands (to resume). PUT: one chunk, at the offset in X-Upload-Offset."""
    upload = ChunkedUpload.objects.filter(key=key, user=request.user).first()
    if upload is None:
        raise Http404
    if request.method == "GET":
        return JsonResponse(_upload_urls(upload))
    raw_length = request.META.get("CONTENT_LENGTH")
    if not raw_length:
        return _json_error(_("A chunk needs a Content-Length."), 411)
    try:
        length = int(raw_length)
        offset = int(request.headers.get("X-Upload-Offset", ""))
    except ValueError:
        return _json_error(_("The request is not valid."), 400)
    if length > setting("VIDEO_CHUNK_BYTES"):
        return _json_error(_("A chunk may be at most %(mb)s MB.") % {"mb": setting("VIDEO_CHUNK_BYTES") // 2**20}, 413)
    if length <= 0 or offset < 0:
        return _json_error(_("The request is not valid."), 400)
    data = _read_body(request, length)
    if data is None:
        return _json_error(_("The chunk arrived incomplete; send it again."), 400, offset=upload.offset)
    try:
        upload = _call(
            request,
            "media.video_chunk",
            lambda: services.video_upload_chunk(actor=Actor.from_request(request), key=key, offset=offset, data=data),
        )
    except Conflict as exc:
        current = ChunkedUpload.objects.filter(key=key).values_list("offset", flat=True).first()
        return _json_error(_("The upload continues from another place."), 409, offset=current, detail=str(exc))
    except services.TooLarge as exc:
        return _json_error(_messages(exc), 413)
    except ValidationError as exc:
        return _json_error(_messages(exc), 400)
    return JsonResponse({"ok": True, "offset": upload.offset, "size": upload.size})


@login_required
@require_POST
def upload_finish(request: HttpRequest, key: UUID) -> HttpResponse:
    upload = ChunkedUpload.objects.filter(key=key, user=request.user).select_related("item").first()
    if upload is None:
        raise Http404
    item = _item(request, upload.item_id)
    try:
        video = _call(
            request,
            "media.video_finish",
            lambda: services.video_upload_finish(actor=Actor.from_request(request), key=key),
        )
    except Conflict as exc:
        return _json_error(str(exc), 409)
    except ValidationError as exc:
        return _json_error(_messages(exc), 400)
    link = _link(item, video=video)
    html = render_to_string("media/_video_card.html", _video_context(item, link, True), request=request)
    return JsonResponse({"ok": True, "video": str(video.key), "html": html}, status=201)


@login_required
@require_POST
def upload_abort(request: HttpRequest, key: UUID) -> HttpResponse:
    _call(request, "media.video_abort", lambda: services.video_upload_abort(actor=Actor.from_request(request), key=key))
    return JsonResponse({"ok": True})


@login_required
@require_http_methods(["GET", "POST"])
def video_card(request: HttpRequest, pk: int, video_id: int) -> HttpResponse:
    item = _item(request, pk)
    link = _link(item, video_id=video_id)
    can_edit = _may_compose(request, item)
    if request.method == "GET":
        template = "media/_video_status.html" if request.GET.get("part") == "status" else "media/_video_card.html"
        return render(request, template, _video_context(item, link, can_edit))
    form = VideoForm(request.POST, instance=link.video, prefix=f"v{video_id}")
    if form.is_valid():
        try:
            _call(
                request,
                "media.video_update",
                lambda: services.video_update(
                    actor=Actor.from_request(request), item_id=item.pk, video_id=video_id,
                    caption=form.cleaned_data["caption"],
                    credit=form.cleaned_data["credit"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            link.video.refresh_from_db()
            context = _video_context(item, link, can_edit)
            context["saved"] = True
            return _card_or_redirect(request, item, "media/_video_card.html", context)
    return render(request, "media/_video_card.html", _video_context(item, link, can_edit, form), status=400)


@login_required
@require_POST
def youtube_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = YouTubeForm(request.POST)
    if form.is_valid():
        try:
            _call(
                request,
                "media.video_youtube",
                lambda: services.video_link_youtube(
                    actor=Actor.from_request(request), item_id=item.pk, url=form.cleaned_data["url"]
                ),
            )
        except ValidationError as exc:
            messages.error(request, _messages(exc))
        else:
            messages.success(request, _("The YouTube video was added."))
    else:
        messages.error(request, _("Paste the address of a YouTube video."))
    return redirect(reverse("media:item", args=[item.pk]) + "#video")


# Files ---------------------------------------------------------------------------------------------------


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


@require_GET
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
