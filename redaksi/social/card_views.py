"""The pictures made for the networks, served: to staff who may see the item, and to anyone (Instagram fetches
its picture itself) once the item is published. Each card has a new address whenever it is made again."""

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from redaksi.media.storage import media_storage
from redaksi.newsroom.selectors import published_items, visible_items

from .models import ShareCard


@require_safe
def card_file(request: HttpRequest, key: UUID) -> HttpResponse:
    card = ShareCard.objects.filter(key=key).select_related("item").first()
    if card is None:
        raise Http404
    public = published_items().filter(pk=card.item_id).exists()
    staff = request.user.is_authenticated and visible_items(request.user).filter(pk=card.item_id).exists()
    if not (public or staff):
        raise Http404  # the same answer as for a card that does not exist
    try:
        handle = media_storage().open(card.file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    if "unduh" in request.GET:
        name = f"{card.item.slug or card.item_id}-{card.shape}.jpg"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    # The address changes with the picture, so it may be kept; a draft's card stays private.
    response["Cache-Control"] = "public, max-age=86400, immutable" if public else "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
