"""Writes of media. Each function checks the actor against the item's SOP step and records itself."""

from .common import MEDIA_STEP_KINDS, TooLarge, composer_capacity
from .photos import (
    UploadResult,
    gallery_save,
    gallery_standalone_save,
    item_media_arrange,
    photo_blockers,
    photo_render,
    photo_update,
    photo_upload,
    size_message,
)
from .videos import (
    temp_path,
    uploads_expire,
    video_link_youtube,
    video_process,
    video_size_message,
    video_update,
    video_upload_abort,
    video_upload_begin,
    video_upload_chunk,
    video_upload_finish,
)

__all__ = [
    "MEDIA_STEP_KINDS",
    "TooLarge",
    "UploadResult",
    "composer_capacity",
    "gallery_save",
    "gallery_standalone_save",
    "item_media_arrange",
    "photo_blockers",
    "photo_render",
    "photo_update",
    "photo_upload",
    "size_message",
    "temp_path",
    "uploads_expire",
    "video_link_youtube",
    "video_process",
    "video_size_message",
    "video_update",
    "video_upload_abort",
    "video_upload_begin",
    "video_upload_chunk",
    "video_upload_finish",
]
