"""What the newsroom asks of media."""

from redaksi.newsroom.models import NewsItem


def publish_blockers(item: NewsItem) -> list[str]:
    """Reasons, in the user's language, why the item's media keep it from being published."""
    return []
