"""Staff pages for galleries of their own ("Galeri Foto"), kept by the SOP's publishing role.

Every page and action first asks the service for the actor's publishing capacity: anyone else gets 403,
recorded. A gallery of another office, one on a news item, or an unknown id is 404.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from redaksi.audit.refusals import call_service
from redaksi.core.actor import Actor
from redaksi.core.http import apply_errors, error_text

from . import selectors, services
from .conf import setting
from .forms import GalleryDetailsForm, PhotoChoiceForm, PhotoForm
from .models import Gallery, GalleryPhoto, Photo
from .views import photo_upload_response

LIBRARY_PAGE = 24


def _capacity(request: HttpRequest, what: str):
    return call_service(request, what, lambda: services.gallery_capacity(request.user))


def _gallery(request: HttpRequest, gallery_id: int) -> Gallery:
    gallery = Gallery.objects.filter(pk=gallery_id, office_id=request.user.office_id, item__isnull=True).first()
    if gallery is None:
        raise Http404
    return gallery


def _entry(gallery: Gallery, photo_id: int) -> GalleryPhoto:
    entry = selectors.gallery_entries(gallery).filter(photo_id=photo_id).first()
    if entry is None:
        raise Http404
    return entry


def _card_context(gallery: Gallery, entry: GalleryPhoto, form: PhotoForm | None = None, **extra: Any) -> dict:
    photo = entry.photo
    return {
        "gallery": gallery,
        "entry": entry,
        "photo": photo,
        "can_edit": True,
        "form": form or PhotoForm(instance=photo, prefix=f"p{photo.pk}"),
        **extra,
    }


def _photos_context(gallery: Gallery) -> dict:
    entries = list(selectors.gallery_entries(gallery))
    cards = [
        _card_context(gallery, entry, is_first=n == 0, is_last=n == len(entries) - 1) for n, entry in enumerate(entries)
    ]
    return {"gallery": gallery, "cards": cards}


def _library_context(request: HttpRequest, gallery: Gallery) -> dict:
    query = request.GET.get("q", "")[:100].strip()
    photos = selectors.library_photos(request.user, query=query, exclude_gallery=gallery)
    page = list(photos[: LIBRARY_PAGE + 1])
    return {"gallery": gallery, "query": query, "library": page[:LIBRARY_PAGE], "more": len(page) > LIBRARY_PAGE}


@login_required
@require_safe
def gallery_list(request: HttpRequest) -> HttpResponse:
    _capacity(request, "media.gallery_list")
    first_photos = Prefetch(
        "entries",
        queryset=GalleryPhoto.objects.select_related("photo").prefetch_related("photo__renditions"),
    )
    galleries = selectors.standalone_galleries(request.user).prefetch_related(first_photos)
    page = Paginator(galleries, 50).get_page(request.GET.get("page"))
    return render(request, "media/gallery_list.html", {"page": page, "galleries": page.object_list})


@login_required
@require_http_methods(["GET", "POST"])
def gallery_new(request: HttpRequest) -> HttpResponse:
    _capacity(request, "media.gallery_create")
    form = GalleryDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            gallery = call_service(
                request,
                "media.gallery_create",
                lambda: services.gallery_details_save(
                    actor=Actor.from_request(request), title=data["title"], description=data["description"],
                    event_date=data["event_date"], place=data["place"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The gallery was made. Now add its photos."))
            return redirect("media:gallery", gallery.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "media/gallery_new.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def gallery_edit(request: HttpRequest, gallery_id: int) -> HttpResponse:
    _capacity(request, "media.gallery_edit")
    gallery = _gallery(request, gallery_id)
    if request.method == "POST":
        form = GalleryDetailsForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                call_service(
                    request,
                    "media.gallery_edit",
                    lambda: services.gallery_details_save(
                        actor=Actor.from_request(request), gallery_id=gallery.pk, title=data["title"],
                        description=data["description"], event_date=data["event_date"], place=data["place"],
                    ),
                )  # fmt: skip
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The gallery was saved."))
                return redirect("media:gallery", gallery.pk)
        status = 400
    else:
        form = GalleryDetailsForm(
            initial={
                "title": gallery.title,
                "description": gallery.description,
                "event_date": gallery.event_date,
                "place": gallery.place,
            }
        )
        status = 200
    context = {
        "gallery": gallery,
        "form": form,
        "blockers": [] if gallery.published_at else services.gallery_blockers(gallery),
        "photo_max_mb": setting("PHOTO_MAX_BYTES") // 2**20,
        "parallel": setting("UPLOAD_PARALLEL"),
        **_photos_context(gallery),
        **({} if gallery.published_at else _library_context(request, gallery)),
    }
    return render(request, "media/gallery_edit.html", context, status=status)


@login_required
@require_POST
def gallery_upload(request: HttpRequest, gallery_id: int) -> HttpResponse:
    """One photo per request into the gallery, with the same checks as on an item."""
    _capacity(request, "media.gallery_upload")
    gallery = _gallery(request, gallery_id)

    def card(photo: Photo) -> str:
        entry = _entry(gallery, photo.pk)
        return render_to_string("media/_photo_card.html", _card_context(gallery, entry), request=request)

    return photo_upload_response(
        request,
        "media.gallery_upload",
        lambda **file: services.UploadResult(
            *services.gallery_photo_upload(actor=Actor.from_request(request), gallery_id=gallery.pk, **file)
        ),
        already_here=_("This photo is already in this gallery (%(name)s)."),
        card=card,
    )


@login_required
@require_http_methods(["GET", "POST"])
def gallery_library(request: HttpRequest, gallery_id: int) -> HttpResponse:
    """GET: the library picker's results for a search (htmx). POST: put the chosen photos in the gallery."""
    _capacity(request, "media.gallery_add")
    gallery = _gallery(request, gallery_id)
    if request.method == "GET":
        if not request.htmx:
            query = request.GET.get("q", "")[:100]
            suffix = f"?{urlencode({'q': query})}" if query else ""
            return redirect(reverse("media:gallery", args=[gallery.pk]) + suffix + "#pustaka")
        return render(request, "media/_gallery_library.html", _library_context(request, gallery))
    form = PhotoChoiceForm(request.POST)
    if form.is_valid() and form.cleaned_data["photos"]:
        try:
            added = call_service(
                request,
                "media.gallery_add",
                lambda: services.gallery_photos_add(
                    actor=Actor.from_request(request), gallery_id=gallery.pk, photo_ids=form.cleaned_data["photos"]
                ),
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Photos added to the gallery: %(n)s.") % {"n": added})
    else:
        messages.error(request, _("Choose at least one photo."))
    return redirect(reverse("media:gallery", args=[gallery.pk]) + "#foto")


@login_required
@require_http_methods(["GET", "POST"])
def gallery_photo(request: HttpRequest, gallery_id: int, photo_id: int) -> HttpResponse:
    """The photo card in the gallery: caption, credit, alt text and focal point."""
    _capacity(request, "media.gallery_photo")
    gallery = _gallery(request, gallery_id)
    entry = _entry(gallery, photo_id)
    if request.method == "GET":
        template = "media/_photo_preview.html" if request.GET.get("part") == "preview" else "media/_photo_card.html"
        return render(request, template, _card_context(gallery, entry))
    form = PhotoForm(request.POST, instance=entry.photo, prefix=f"p{photo_id}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            call_service(
                request,
                "media.gallery_photo",
                lambda: services.gallery_photo_update(
                    actor=Actor.from_request(request), gallery_id=gallery.pk, photo_id=photo_id,
                    caption=data["caption"],
                    credit=data["credit"], alt_text=data["alt_text"], focal_x=data["focal_x"],
                    focal_y=data["focal_y"],
                ),
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not request.htmx:
                messages.success(request, _("Saved."))
                return redirect(reverse("media:gallery", args=[gallery.pk]) + f"#photo-{photo_id}")
            entry = _entry(gallery, photo_id)
            return render(request, "media/_photo_card.html", _card_context(gallery, entry, saved=True))
    return render(request, "media/_photo_card.html", _card_context(gallery, entry, form), status=400)


@login_required
@require_POST
def gallery_arrange(request: HttpRequest, gallery_id: int, photo_id: int) -> HttpResponse:
    """Earlier, later, or out of the gallery; htmx gets the photo list back in its new order."""
    _capacity(request, "media.gallery_arrange")
    gallery = _gallery(request, gallery_id)
    _entry(gallery, photo_id)
    action = request.POST.get("action", "")
    error = ""
    try:
        call_service(
            request,
            "media.gallery_arrange",
            lambda: services.gallery_photo_arrange(
                actor=Actor.from_request(request), gallery_id=gallery.pk, photo_id=photo_id, action=action
            ),
        )
    except ValidationError as exc:
        error = error_text(exc)
    if request.htmx:
        context = {**_photos_context(gallery), "arrange_error": error}
        return render(request, "media/_gallery_photos.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(reverse("media:gallery", args=[gallery.pk]) + "#foto")


@login_required
@require_POST
def gallery_publish(request: HttpRequest, gallery_id: int) -> HttpResponse:
    _capacity(request, "media.gallery_publish")
    gallery = _gallery(request, gallery_id)
    publish = request.POST.get("action") == "publish"
    try:
        call_service(
            request,
            "media.gallery_publish",
            lambda: services.gallery_publish(actor=Actor.from_request(request), gallery_id=gallery.pk, publish=publish),
        )
    except ValidationError as exc:
        messages.error(request, _("The gallery cannot be published yet: %(why)s") % {"why": error_text(exc)})
    else:
        messages.success(
            request,
            _("The gallery is published on the website.")
            if publish
            else _("The gallery was taken off the website; its photos are no longer public."),
        )
    return redirect("media:gallery", gallery.pk)
