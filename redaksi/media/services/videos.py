"""Writes of videos: a chunked upload, its processing with ffmpeg, and YouTube links.

The upload protocol: `begin` names the size and returns an upload id; each chunk is sent with the offset it
starts at (a chunk at the wrong offset is answered with the offset we have, so a client can resume);
`finish` checks the first bytes and hands the file to the worker. Bytes wait in a temporary file that is
removed on failure, on abort, and when the upload is left untouched for UPLOAD_TTL_HOURS.
"""

import logging
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom.models import NewsItem

from .. import storage
from .. import video as ff
from ..conf import setting, upload_temp_dir
from ..models import ChunkedUpload, ItemMedia, Status, Video
from .common import TooLarge, clean_text, composer_capacity
from .photos import _next_position

log = logging.getLogger(__name__)


def temp_path(key: UUID) -> Path:
    return upload_temp_dir() / f"{key.hex}.part"


def video_size_message() -> str:
    return _("The video is too large: at most %(gb)s GB.") % {"gb": round(setting("VIDEO_MAX_BYTES") / 1024**3, 1)}


def uploads_expire(*, now=None) -> int:
    """Remove uploads left unfinished: their rows and their temporary files."""
    cutoff = (now or timezone.now()) - timedelta(hours=setting("UPLOAD_TTL_HOURS"))
    stale = list(ChunkedUpload.objects.filter(state=ChunkedUpload.State.OPEN, updated_at__lt=cutoff))
    for upload in stale:
        temp_path(upload.key).unlink(missing_ok=True)
        upload.delete()
    return len(stale)


@transaction.atomic
def video_upload_begin(*, actor: Actor | User, item_id: int, filename: str, size: int) -> ChunkedUpload:
    who = Actor.of(actor)
    actor = who.user
    uploads_expire()
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    composer_capacity(actor, item)
    if size > setting("VIDEO_MAX_BYTES"):
        raise TooLarge(video_size_message(), code="too_large")
    if size <= 0:
        raise ValidationError(_("The video file is empty."), code="empty")
    upload = ChunkedUpload.objects.create(
        office_id=item.office_id, user=actor, item=item, filename=storage.display_name(filename), size=size
    )
    temp_path(upload.key).write_bytes(b"")
    return upload


def _upload_of(actor: User, key: UUID, *, lock: bool = False) -> ChunkedUpload:
    qs = ChunkedUpload.objects.select_for_update() if lock else ChunkedUpload.objects
    upload = qs.filter(key=key, user=actor).first()
    if upload is None:
        raise NotPermitted(_("This upload does not exist or belongs to someone else."))
    return upload


def _abort(upload: ChunkedUpload) -> None:
    temp_path(upload.key).unlink(missing_ok=True)
    ChunkedUpload.objects.filter(pk=upload.pk).delete()


def video_upload_chunk(*, actor: Actor | User, key: UUID, offset: int, data: bytes) -> ChunkedUpload:
    """Append one chunk. The bytes were read before this is called, so no lock waits on the network."""
    actor = Actor.of(actor).user
    if len(data) > setting("VIDEO_CHUNK_BYTES"):
        raise TooLarge(_("A chunk may be at most %(mb)s MB.") % {"mb": setting("VIDEO_CHUNK_BYTES") // 2**20})
    broken = None
    with transaction.atomic():
        upload = _upload_of(actor, key, lock=True)
        if upload.state != ChunkedUpload.State.OPEN:
            raise Conflict(_("This upload is already complete."))
        if offset != upload.offset:
            raise Conflict(str(upload.offset))
        path = temp_path(upload.key)
        if offset + len(data) > upload.size:
            broken = TooLarge(_("More bytes arrived than the upload announced; it was stopped."))
        elif not path.exists() or path.stat().st_size != offset:
            broken = ValidationError(_("The upload was interrupted on the server. Start it again."))
        else:
            with path.open("r+b") as out:
                out.seek(offset)
                out.write(data)
            upload.offset = offset + len(data)
            upload.save(update_fields=["offset", "updated_at"])
    if broken is not None:
        # Outside the transaction above, so that the removal is not rolled back with the refusal.
        with transaction.atomic():
            _abort(upload)
        raise broken
    return upload


def video_upload_abort(*, actor: Actor | User, key: UUID) -> None:
    actor = Actor.of(actor).user
    with transaction.atomic():
        _abort(_upload_of(actor, key, lock=True))


def _refusal(actor: User, item: NewsItem, upload: ChunkedUpload) -> Exception | None:
    try:
        composer_capacity(actor, item)
        with temp_path(upload.key).open("rb") as f:
            ff.check_container(f.read(64))
    except (ValidationError, NotPermitted, OSError) as exc:
        return exc if not isinstance(exc, OSError) else ValidationError(_("The upload was lost; start it again."))
    return None


def video_upload_finish(*, actor: Actor | User, key: UUID) -> Video:
    """Check the first bytes and hand the file to the worker; a refused file is removed at once."""
    who = Actor.of(actor)
    actor = who.user
    with transaction.atomic():
        upload = _upload_of(actor, key, lock=True)
        if upload.state != ChunkedUpload.State.OPEN:
            raise Conflict(_("This upload is already complete."))
        if upload.offset != upload.size:
            raise ValidationError(
                _("The upload is not complete (%(got)s of %(size)s bytes).")
                % {"got": upload.offset, "size": upload.size}
            )
        item = NewsItem.objects.select_for_update().get(pk=upload.item_id)
        refused = _refusal(actor, item, upload)
        if refused is not None:
            _abort(upload)  # committed with the block; the refusal is raised after it
        else:
            capacity = composer_capacity(actor, item)
            video = Video.objects.create(
                office_id=item.office_id,
                uploaded_by=actor,
                source=Video.Source.FILE,
                original_filename=upload.filename,
                size_bytes=upload.size,
            )
            ItemMedia.objects.create(item=item, video=video, position=_next_position(item), added_by=actor)
            upload.state = ChunkedUpload.State.DONE
            upload.save(update_fields=["state", "updated_at"])
            audit_log(
                action="media.video.upload",
                actor=who,
                obj=video,
                acting_role=capacity.label,
                data={"item": item.pk, "bytes": upload.size},
            )
            from ..tasks import process_video

            video_id, upload_key = video.pk, str(upload.key)
            transaction.on_commit(lambda: process_video.enqueue(video_id, upload_key))
    if refused is not None:
        raise refused
    return video


def _progress(video_id: int, percent: int) -> None:
    Video.objects.filter(pk=video_id).update(progress=percent)


def _fail(video: Video, message: str) -> Video:
    Video.objects.filter(pk=video.pk).update(status=Status.FAILED, error=message[:500])
    video.refresh_from_db()
    return video


def video_process(*, video_id: int, upload_key: str) -> Video | None:
    """In the worker: store the original, probe it, take a poster frame, make the web rendition."""
    video = Video.objects.filter(pk=video_id).first()
    if video is None:
        return None
    key = UUID(upload_key)
    source = temp_path(key)
    Video.objects.filter(pk=video.pk).update(status=Status.PROCESSING, progress=0, error="")
    workdir = Path(tempfile.mkdtemp(prefix="video-", dir=upload_temp_dir()))
    result = None
    try:
        if not video.original:
            if not source.exists():
                return _fail(video, _("The uploaded file is gone; upload the video again."))
            result = ff.probe(source)  # a bad file is refused before it is kept
            with source.open("rb") as f:
                name = storage.save(storage.new_name(f"videos/{video.office_id}", "mp4"), f)
            Video.objects.filter(pk=video.pk).update(original=name)
            source.unlink(missing_ok=True)
            video.refresh_from_db()
        with storage.local_copy(video.original.name, ".mp4") as path:
            result = result or ff.probe(path)
            Video.objects.filter(pk=video.pk).update(
                probe=result.data, duration=result.duration, width=result.width, height=result.height
            )
            poster, web = workdir / "poster.jpg", workdir / "web.mp4"
            ff.poster(path, poster, result.duration)
            ff.transcode(path, web, result, lambda p: _progress(video.pk, p))
        folder = f"videos/{video.office_id}/{video.key.hex}"
        old = [video.poster.name, video.web.name]
        with poster.open("rb") as f:
            poster_name = storage.save(f"{folder}/poster.jpg", f)
        with web.open("rb") as f:
            web_name = storage.save(f"{folder}/web.mp4", f)
        Video.objects.filter(pk=video.pk).update(
            poster=poster_name, web=web_name, status=Status.READY, progress=100, error=""
        )
        for name in old:
            storage.delete(name)
    except ValidationError as exc:
        return _fail(video, " ".join(exc.messages))
    except Exception:  # a broken file must not stop the worker
        log.exception("processing video %s failed", video.pk)
        return _fail(video, _("The video could not be processed. Export it as MP4 (H.264) and upload it again."))
    finally:
        source.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
        ChunkedUpload.objects.filter(key=key).delete()
    video.refresh_from_db()
    return video


@transaction.atomic
def video_link_youtube(*, actor: Actor | User, item_id: int, url: str) -> Video:
    """A YouTube video on the item, by its address; embedded through youtube-nocookie.com, never fetched."""
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    video_id = ff.youtube_id(url)
    video = Video.objects.create(
        office_id=item.office_id,
        uploaded_by=actor,
        source=Video.Source.YOUTUBE,
        youtube_id=video_id,
        status=Status.READY,
        progress=100,
    )
    ItemMedia.objects.create(item=item, video=video, position=_next_position(item), added_by=actor)
    audit_log(
        action="media.video.youtube",
        actor=who,
        obj=video,
        acting_role=capacity.label,
        data={"item": item.pk, "youtube_id": video_id},
    )
    return video


@transaction.atomic
def video_update(*, actor: Actor | User, item_id: int, video_id: int, caption: str, credit: str) -> Video:
    who = Actor.of(actor)
    actor = who.user
    item = NewsItem.objects.select_for_update().get(pk=item_id)
    capacity = composer_capacity(actor, item)
    link = ItemMedia.objects.filter(item=item, video_id=video_id).select_related("video").first()
    if link is None:
        raise NotPermitted(_("This video is not on this item."))
    video = link.video
    video.caption = clean_text(caption, limit=1000, field="caption", label=_("Caption"), multiline=True)
    video.credit = clean_text(credit, limit=120, field="credit", label=_("Credit"))
    video.save(update_fields=["caption", "credit"])
    audit_log(
        action="media.video.edit",
        actor=who,
        obj=video,
        acting_role=capacity.label,
        data={"item": item.pk, "caption": video.caption, "credit": video.credit},
    )
    return video
