from django.http import HttpRequest

from .selectors import unread_count


def unread(request: HttpRequest) -> dict[str, int]:
    """`notify_unread`: the badge on the inbox link of the staff navigation."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notify_unread": unread_count(user)}
