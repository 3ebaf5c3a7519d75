from django.http import HttpRequest

from .selectors import user_capacities


def staff_navigation(request: HttpRequest) -> dict:
    """Who is signed in, for the header: the office and the roles held. The menu itself is `core.nav`."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    capacities = user_capacities(user)
    return {
        "nav_capacities": ", ".join(c.label for c in capacities),
        "nav_office": user.office or "",
    }
