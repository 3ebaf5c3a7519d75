"""The public site's check for /readyz (named in settings.REDAKSI_READY_CHECKS)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from redaksi.core.health import NotReady

from . import site
from .models import RenderedItem
from .render import layout


def check_rendered() -> str:
    """Every item public for longer than the heartbeat age is on the site: the last publishes were rendered."""
    office = site.site_office()
    if office is None:
        return "no office"
    grace = timezone.now() - timedelta(minutes=settings.REDAKSI_HEARTBEAT_MAX_AGE_MINUTES)
    live = RenderedItem.objects.filter(live=True).values("item_id")
    missing = layout.public_items(office).filter(published_at__lte=grace).exclude(pk__in=live).count()
    if missing:
        raise NotReady(f"{missing} published items not on the public site")
    last = RenderedItem.objects.filter(office=office, live=True).order_by("-rendered_at").first()
    return f"last render {timezone.localtime(last.rendered_at).isoformat()}" if last else "nothing published yet"
