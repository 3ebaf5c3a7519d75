"""What the newsroom tells the public site. Called inside the newsroom's transaction."""

from redaksi.newsroom.models import NewsItem


def item_changed(item: NewsItem) -> None:
    """An item was published, changed while public, scheduled or taken down: re-render after commit."""
