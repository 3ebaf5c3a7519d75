"""What the newsroom asks of media."""

from django.utils.translation import gettext as _

from redaksi.newsroom.models import NewsItem

from .models import Status
from .selectors import item_photos, item_videos
from .services import photo_blockers


def publish_blockers(item: NewsItem) -> list[str]:
    """Reasons, in the user's language, why the item's media keep it from being published."""
    reasons = photo_blockers(item_photos(item))
    for video in item_videos(item):
        name = video.original_filename or _("without a name")
        if video.status == Status.FAILED:
            reasons.append(
                _("Video %(name)s could not be processed: %(error)s Remove it or upload it again.")
                % {"name": name, "error": video.error}
            )
        elif video.status != Status.READY:
            reasons.append(_("Video %(name)s is still being processed; try again when it is ready.") % {"name": name})
    return reasons
