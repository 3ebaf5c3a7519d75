"""Videos on an item: resumable chunked uploads, their cards, and YouTube links."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from redaksi.audit.refusals import call_service
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict
from redaksi.core.http import apply_errors, error_text, json_error

from . import services
from .conf import setting
from .forms import VideoForm, YouTubeForm
from .models import ChunkedUpload
from .views import card_or_redirect, item_or_404, link_or_404, may_compose, video_context


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
    item = item_or_404(request, pk)
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return json_error(_("The size of the video is missing."), 400)
    try:
        upload = call_service(
            request,
            "media.video_upload",
            lambda: services.video_upload_begin(
                actor=Actor.from_request(request), item_id=item.pk, filename=request.POST.get("name", ""), size=size
            ),
        )
    except services.TooLarge as exc:
        return json_error(error_text(exc), 413)
    except ValidationError as exc:
        return json_error(error_text(exc), 400)
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
        return json_error(_("A chunk needs a Content-Length."), 411)
    try:
        length = int(raw_length)
        offset = int(request.headers.get("X-Upload-Offset", ""))
    except ValueError:
        return json_error(_("The request is not valid."), 400)
    if length > setting("VIDEO_CHUNK_BYTES"):
        return json_error(_("A chunk may be at most %(mb)s MB.") % {"mb": setting("VIDEO_CHUNK_BYTES") // 2**20}, 413)
    if length <= 0 or offset < 0:
        return json_error(_("The request is not valid."), 400)
    data = _read_body(request, length)
    if data is None:
        return json_error(_("The chunk arrived incomplete; send it again."), 400, offset=upload.offset)
    try:
        upload = call_service(
            request,
            "media.video_chunk",
            lambda: services.video_upload_chunk(actor=Actor.from_request(request), key=key, offset=offset, data=data),
        )
    except Conflict as exc:
        current = ChunkedUpload.objects.filter(key=key).values_list("offset", flat=True).first()
        return json_error(_("The upload continues from another place."), 409, offset=current, detail=str(exc))
    except services.TooLarge as exc:
        return json_error(error_text(exc), 413)
    except ValidationError as exc:
        return json_error(error_text(exc), 400)
    return JsonResponse({"ok": True, "offset": upload.offset, "size": upload.size})


@login_required
@require_POST
def upload_finish(request: HttpRequest, key: UUID) -> HttpResponse:
    upload = ChunkedUpload.objects.filter(key=key, user=request.user).select_related("item").first()
    if upload is None:
        raise Http404
    item = item_or_404(request, upload.item_id)
    try:
        video = call_service(
            request,
            "media.video_finish",
            lambda: services.video_upload_finish(actor=Actor.from_request(request), key=key),
        )
    except Conflict as exc:
        return json_error(str(exc), 409)
    except ValidationError as exc:
        return json_error(error_text(exc), 400)
    link = link_or_404(item, video=video)
    html = render_to_string("media/_video_card.html", video_context(item, link, True), request=request)
    return JsonResponse({"ok": True, "video": str(video.key), "html": html}, status=201)


@login_required
@require_POST
def upload_abort(request: HttpRequest, key: UUID) -> HttpResponse:
    call_service(
        request, "media.video_abort", lambda: services.video_upload_abort(actor=Actor.from_request(request), key=key)
    )
    return JsonResponse({"ok": True})


@login_required
@require_http_methods(["GET", "POST"])
def video_card(request: HttpRequest, pk: int, video_id: int) -> HttpResponse:
    item = item_or_404(request, pk)
    link = link_or_404(item, video_id=video_id)
    can_edit = may_compose(request, item)
    if request.method == "GET":
        template = "media/_video_status.html" if request.GET.get("part") == "status" else "media/_video_card.html"
        return render(request, template, video_context(item, link, can_edit))
    form = VideoForm(request.POST, instance=link.video, prefix=f"v{video_id}")
    if form.is_valid():
        try:
            call_service(
                request,
                "media.video_update",
                lambda: services.video_update(
                    actor=Actor.from_request(request), item_id=item.pk, video_id=video_id,
                    caption=form.cleaned_data["caption"], credit=form.cleaned_data["credit"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            link.video.refresh_from_db()
            context = video_context(item, link, can_edit)
            context["saved"] = True
            return card_or_redirect(request, item, "media/_video_card.html", context)
    return render(request, "media/_video_card.html", video_context(item, link, can_edit, form), status=400)


@login_required
@require_POST
def youtube_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    form = YouTubeForm(request.POST)
    if form.is_valid():
        try:
            call_service(
                request,
                "media.video_youtube",
                lambda: services.video_link_youtube(
                    actor=Actor.from_request(request), item_id=item.pk, url=form.cleaned_data["url"]
                ),
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The YouTube video was added."))
    else:
        messages.error(request, _("Paste the address of a YouTube video."))
    return redirect(reverse("media:item", args=[item.pk]) + "#video")
