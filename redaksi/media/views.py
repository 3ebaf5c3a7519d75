"""The media panel of an item on the desk: its photos, their order and galleries.

Videos are in `video_views`, the one door to media files in `file_views`.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.audit.refusals import call_service
from redaksi.core.actor import Actor
from redaksi.core.errors import NotPermitted
from redaksi.core.http import apply_errors, error_text, json_error
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for, visible_items

from . import selectors, services
from .conf import setting
from .forms import GalleryForm, PhotoForm, VideoForm, YouTubeForm
from .models import ItemMedia, Photo


def item_or_404(request: HttpRequest, pk: int) -> NewsItem:
    item = visible_items(request.user).select_related("sop_version", "office").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def may_compose(request: HttpRequest, item: NewsItem) -> bool:
    try:
        services.composer_capacity(request.user, item)
    except NotPermitted:
        return False
    return True


def _photo_context(item: NewsItem, link: ItemMedia, can_edit: bool, form: PhotoForm | None = None) -> dict:
    photo = link.photo
    return {
        "item": item,
        "link": link,
        "photo": photo,
        "can_edit": can_edit,
        "form": form or PhotoForm(instance=photo, prefix=f"p{photo.pk}"),
    }


def video_context(item: NewsItem, link: ItemMedia, can_edit: bool, form: VideoForm | None = None) -> dict:
    video = link.video
    return {
        "item": item,
        "link": link,
        "video": video,
        "can_edit": can_edit,
        "form": form or VideoForm(instance=video, prefix=f"v{video.pk}"),
    }


PARTS = {
    "blockers": "media/_media_blockers.html",
    "photos": "media/_photo_list.html",
    "chooser": "media/_gallery_chooser.html",
}


@login_required
@require_safe
def item_media(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    can_edit = may_compose(request, item)
    links = list(selectors.item_links(item).prefetch_related("photo__renditions"))
    # The lead photo first, then the others in the order the website shows them.
    photo_links = sorted((link for link in links if link.photo_id), key=lambda link: not link.is_lead)
    photos = [_photo_context(item, link, can_edit) for link in photo_links]
    blockers = services.photo_blockers([link.photo for link in photo_links], on_cards=True)
    part = PARTS.get(request.GET.get("part", ""))
    if part is not None:
        # The parts the panel redraws after a save or an upload (htmx), so no warning or list goes stale.
        return render(request, part, {"item": item, "can_edit": can_edit, "photos": photos, "blockers": blockers})
    flow = flow_for(item)
    context = {
        "item": item,
        "current": flow.step(item.current_step) if item.current_step else None,
        "can_edit": can_edit,
        "photos": photos,
        "videos": [video_context(item, link, can_edit) for link in links if link.video_id],
        "galleries": selectors.item_galleries(item),
        "gallery_form": GalleryForm(),
        "youtube_form": YouTubeForm(),
        "blockers": blockers,
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
        return json_error(_("The request is not valid."), 400)
    if length > limit + 64 * 1024:
        return json_error(services.size_message(limit), 413)
    try:
        files = request.FILES.getlist("file")
        extra = len(request.FILES) - 1
    except (RequestDataTooBig, SuspiciousOperation, MultiPartParserError):
        return json_error(_("The request has too many parts or is too large."), 400)
    if len(files) != 1 or extra:
        return json_error(_("Send exactly one file per request."), 400)
    upload = files[0]
    try:
        result = call_service(request, what, lambda: take(fileobj=upload, filename=upload.name or "", size=upload.size))
    except services.TooLarge as exc:
        return json_error(error_text(exc), 413)
    except ValidationError as exc:
        return json_error(error_text(exc), 400)
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
    item = item_or_404(request, pk)

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


def link_or_404(item: NewsItem, **kw: Any) -> ItemMedia:
    link = ItemMedia.objects.select_related("photo", "video").filter(item=item, **kw).first()
    if link is None:
        raise Http404
    return link


@login_required
@require_http_methods(["GET", "POST"])
def photo_card(request: HttpRequest, pk: int, photo_id: int) -> HttpResponse:
    item = item_or_404(request, pk)
    link = link_or_404(item, photo_id=photo_id)
    can_edit = may_compose(request, item)
    if request.method == "GET":
        template = "media/_photo_preview.html" if request.GET.get("part") == "preview" else "media/_photo_card.html"
        return render(request, template, _photo_context(item, link, can_edit))
    form = PhotoForm(request.POST, instance=link.photo, prefix=f"p{photo_id}")
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            call_service(
                request,
                "media.photo_update",
                lambda: services.photo_update(
                    actor=Actor.from_request(request), item_id=item.pk, photo_id=photo_id, caption=data["caption"],
                    credit=data["credit"], alt_text=data["alt_text"], focal_x=data["focal_x"],
                    focal_y=data["focal_y"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
            status = 400
        else:
            link.photo.refresh_from_db()
            context = _photo_context(item, link, can_edit)
            context["saved"] = True
            response = card_or_redirect(request, item, "media/_photo_card.html", context)
            response["HX-Trigger"] = "media-changed, media-saved"  # the warnings and lists that name it
            return response
    else:
        status = 400
    return render(request, "media/_photo_card.html", _photo_context(item, link, can_edit, form), status=status)


def card_or_redirect(request: HttpRequest, item: NewsItem, template: str, context: dict) -> HttpResponse:
    if request.htmx:
        return render(request, template, context)
    return redirect("media:item", item.pk)


@login_required
@require_POST
def arrange(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    item = item_or_404(request, pk)
    action = request.POST.get("action", "")
    try:
        call_service(
            request,
            "media.arrange",
            lambda: services.item_media_arrange(
                actor=Actor.from_request(request), item_id=item.pk, link_id=link_id, action=action
            ),
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect(reverse("media:item", args=[item.pk]) + ("#foto" if action != "remove" else ""))


@login_required
@require_POST
def gallery_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_or_404(request, pk)
    form = GalleryForm(request.POST)
    if form.is_valid():
        try:
            call_service(
                request,
                "media.gallery_save",
                lambda: services.gallery_save(
                    actor=Actor.from_request(request), item_id=item.pk, title=form.cleaned_data["title"],
                    photo_ids=form.cleaned_data["photos"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The gallery was saved."))
    else:
        messages.error(request, _("A gallery needs a title and at least one photo."))
    return redirect(reverse("media:item", args=[item.pk]) + "#galeri")
