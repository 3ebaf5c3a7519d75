"""Every id in every URL is bounded: an absurd id is a 404 for every role, never a 500."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from redaksi.core.converters import IdConverter

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(patterns=None, prefix: str = "", converters=None):
    """(route, converters) of every URL pattern written with path(), through every include()."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        route = getattr(entry.pattern, "_route", None)
        if route is None:
            continue  # re_path() patterns carry no converter
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + route, found)
        elif isinstance(entry, URLPattern):
            yield prefix + route, found


ID_ROUTES = sorted({route for route, found in routes() if any(isinstance(c, IdConverter) for c in found.values())})


def fill(route: str, number: str) -> str:
    def value(match: re.Match) -> str:
        return number if match["converter"] == "id" else "x"

    return "/" + PARAMETER.sub(value, route)


def test_no_route_takes_an_unbounded_int():
    unbounded = [route for route, found in routes() if any(type(c) is IntConverter for c in found.values())]
    assert unbounded == [], "use <id:…> (redaksi/core/converters.py), not <int:…>"
    assert len(ID_ROUTES) > 20


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "head", "sysadmin"])
def test_an_absurd_id_is_a_404_on_every_route(client, staff, who):
    if who != "anonymous":
        client.force_login(staff[who])
    for route in ID_ROUTES:
        beyond = client.get(fill(route, "9" * 20))
        assert beyond.status_code == 404, route
        # The largest id a database holds reaches the view, which finds nothing (or refuses, or asks to log in).
        largest = client.get(fill(route, str(IdConverter.MAX)))
        assert largest.status_code in (302, 403, 404, 405), (route, largest.status_code)


def test_regex_routes_bound_their_numbers_too():
    """re_path() patterns carry no converter: their digit groups must be bounded by hand."""
    from django.urls.resolvers import RegexPattern

    def regexes(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from regexes(entry.url_patterns)
            elif isinstance(entry.pattern, RegexPattern):
                yield entry.pattern._regex

    unbounded = [r for r in regexes(get_resolver().url_patterns) if re.search(r"\[0-9\][+*]|\\d[+*]", r)]
    assert unbounded == []
