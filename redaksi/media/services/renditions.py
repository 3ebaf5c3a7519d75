"""Renditions of a photo, made by the task worker: every public file, or the failure recorded on the photo."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import images, storage
from ..models import Photo, Rendition, Status

log = logging.getLogger(__name__)


def photo_render(*, photo_id: int) -> Photo | None:
    """Make every public file of a photo. Old renditions are replaced; failure is recorded on the photo."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return None
    Photo.objects.filter(pk=photo.pk).update(status=Status.PROCESSING, error="")
    try:
        with storage.media_storage().open(photo.original.name, "rb") as source:
            encoded = _render(source, photo)
    except ValidationError as exc:
        return _render_failed(photo, " ".join(exc.messages))
    except Exception:  # a broken file must not stop the worker
        log.exception("rendering photo %s failed", photo.pk)
        return _render_failed(photo, _("The photo could not be processed. Upload it again or export it as JPEG."))
    old = list(photo.renditions.values_list("file", flat=True))
    created = []
    try:
        for item in encoded:
            ext = images.EXTENSIONS[item.format]
            label = f"w{item.width}" if item.kind == "w" else item.kind
            name = storage.media_storage().save(
                f"renditions/{photo.office_id}/{photo.key.hex}/{label}-{timezone.now():%H%M%S%f}.{ext}",
                _bytes_file(item.data),
            )
            created.append(
                Rendition(
                    photo=photo,
                    kind=item.kind,
                    format=item.format,
                    width=item.width,
                    height=item.height,
                    file=name,
                    size_bytes=len(item.data),
                )
            )
        with transaction.atomic():
            photo.renditions.all().delete()
            Rendition.objects.bulk_create(created)
            Photo.objects.filter(pk=photo.pk).update(status=Status.READY, error="")
    except Exception:
        for row in created:
            storage.delete(row.file.name)
        raise
    for name in old:
        storage.delete(name)
    photo.refresh_from_db()
    return photo


def _render(source, photo: Photo) -> list[images.Encoded]:
    return images.render_all(source, photo.format, focal=(photo.focal_x, photo.focal_y))


def _render_failed(photo: Photo, message: str) -> Photo:
    Photo.objects.filter(pk=photo.pk).update(status=Status.FAILED, error=message[:500])
    photo.refresh_from_db()
    return photo


def _bytes_file(data: bytes) -> ContentFile:
    return ContentFile(data)
