"""Every route against every role (issue 13): each named route, visited by each visitor with each method,
on an object of the visitor's office, of another office and an id no database holds, answers as its row
in route_table.py says. A route with no row fails here; so does a POST that passes without its CSRF token.
"""

from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from redaksi.core.converters import IdConverter

from .route_table import ROUTES, Row
from .route_world import MISSING, VISITORS, World, build

OTHER = ("GET", "POST", "DELETE")  # plus any other method the row allows (PUT)
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
LET_IN = {200, 201, 202, 204, 301, 302, 303, 400, 409}
UUID = "0b7a3b6e-8f55-4c1e-9d7e-3c1d2f4a5b6c"
REGEX_GROUPS = {"fmt": "pdf", "path": "tidak-ada/"}


@pytest.fixture(autouse=True)
def no_site_published(settings, tmp_path):
    """The public pages answer from an empty site folder, whatever an earlier test rendered elsewhere."""
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"


def named_routes(patterns=None, namespace: str = "") -> Iterator[tuple[str, object]]:
    """(namespace:name, URLPattern) of every route, through every include()."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from named_routes(entry.url_patterns, inner)
        else:
            yield namespace + (entry.name or f"<unnamed {entry.pattern}>"), entry


def id_params(entry) -> list[str]:
    converters = getattr(entry.pattern, "converters", {})
    if converters:
        return [k for k, c in converters.items() if isinstance(c, IdConverter)]
    return [g for g in entry.pattern.regex.groupindex if g not in REGEX_GROUPS]  # re_path(): bounded digits


def address(name: str, entry, ids: dict[str, object]) -> str:
    kwargs = {}
    for key, converter in getattr(entry.pattern, "converters", {}).items():
        if isinstance(converter, IdConverter):
            kwargs[key] = ids.get(key, MISSING)
        else:
            kwargs[key] = UUID if "uuid" in type(converter).__name__.lower() else "x"
    if not kwargs:
        kwargs = {g: REGEX_GROUPS.get(g, ids.get(g, 10**17)) for g in entry.pattern.regex.groupindex}
    return reverse(name, kwargs=kwargs)


def missing_rows() -> list[str]:
    return sorted(name for name, _ in named_routes() if name not in ROUTES)


def test_every_route_has_a_row():
    missing = missing_rows()
    stale = sorted(set(ROUTES) - {name for name, _ in named_routes()})
    assert missing == [], "\n".join(
        ["Routes with no row in redaksi/core/tests/route_table.py (add one line each in its app's group):"]
        + [f'    "{name}": login("GET", "POST"),  # or public()/admin()/roles(...)/only(...)' for name in missing]
    )
    assert stale == [], f"Rows for routes that no longer exist (remove them from route_table.py): {stale}"


def classify(client: Client, method: str, url: str) -> str:
    """The answer's class: ok, login, 403, 404, 405, or the status / exception that should not be."""
    sessionid = client.cookies.get(settings.SESSION_COOKIE_NAME)
    sid = transaction.savepoint()
    try:
        response = client.generic(method, url)
    except Exception as exc:  # noqa: BLE001 - a 500 is a finding, named with its exception
        return f"500 {type(exc).__name__}: {exc}"[:200]
    finally:
        transaction.savepoint_rollback(sid)
        client.cookies = SimpleCookie()  # a logout or a new session does not carry over to the next visit
        if sessionid is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessionid.value
        cache.clear()
    status = response.status_code
    if status == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL)):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    return "ok" if status in LET_IN else str(status)


def expected(row: Row, who: str, method: str, target: str) -> set[str]:
    allowed = method in row.methods
    let_in = who in row.who and (target != "foreign" or who in row.foreign)
    if who == "anonymous" and not let_in:
        return {"login"} if allowed else {"login", "405"}
    if not let_in:
        return {"403", "404"} if allowed else {"403", "404", "405"}
    if not allowed:
        wrong = {"405", "ok"} if row.any_method or row.finding else {"405"}
        return wrong | {"404"} if target == "missing" or row.absent else wrong
    return {"404"} if target == "missing" or row.absent else {row.answer}


def visits(world: World, name: str, entry, row: Row) -> Iterator[tuple[str, str, str, str]]:
    """(visitor, method, target, url) of every visit a route gets."""
    params = id_params(entry)
    methods = OTHER + tuple(m for m in row.methods if m not in OTHER + ("HEAD",))
    for who in VISITORS:
        if not params:
            yield from ((who, m, "none", address(name, entry, {})) for m in methods)
            continue
        if row.obj is not None:
            own, foreign = world.ids[row.obj]["own"], world.ids[row.obj]["foreign"]
            if who == "other_admin":
                own, foreign = foreign, own
            yield from ((who, m, "own", address(name, entry, own)) for m in methods)
            yield from ((who, m, "foreign", address(name, entry, foreign)) for m in ("GET", "POST"))
        yield from ((who, m, "missing", address(name, entry, {})) for m in ("GET", "POST"))


def mismatches(world: World, names: list[str]) -> list[str]:
    clients = {who: world.client(who) for who in VISITORS}
    entries = dict(named_routes())
    found = []
    for name in names:
        row = ROUTES[name]
        for who, method, target, url in visits(world, name, entries[name], row):
            want = expected(row, who, method, target)
            got = classify(clients[who], method, url)
            if got not in want:
                found.append(f"{name:34} {who:13} {method:6} {target:8} {url}: got {got}, table says {sorted(want)}")
    return found


@pytest.mark.django_db
def test_every_route_answers_every_visitor_as_its_row_says(staff, office, make_user):
    world = build(staff, office, make_user)
    found = mismatches(world, [name for name, _ in named_routes() if name in ROUTES])
    assert found == [], f"{len(found)} answers differ from route_table.py:\n" + "\n".join(found)

    # A known finding (a strict xfail, by row): the day a hole is closed, its note must go.
    clients = {who: world.client(who) for who in ("reporter", "editor", "office_admin", "installation")}
    entries = dict(named_routes())
    closed = []
    for name, row in ROUTES.items():
        if not row.finding:
            continue
        who = next(w for w in clients if w in row.who)
        ids = world.ids[row.obj]["own"] if row.obj else {}
        if all(classify(clients[who], m, address(name, entries[name], ids)) == "405" for m in ("PUT", "DELETE")):
            closed.append(name)
    assert closed == [], f"Findings closed: remove `finding=` from these rows in route_table.py: {closed}"


def csrf_visitor(row: Row) -> str:
    """Who posts without the token: someone the row lets in, staff before anonymous."""
    for who in ("reporter", "head", "acting", "admin", "editor", "office_admin", "installation", "anonymous"):
        if who in row.who:
            return who
    return "reporter"  # no one is let in: the token is checked first all the same


@pytest.mark.django_db
def test_every_state_changing_route_refuses_a_post_without_its_csrf_token(staff, office, make_user):
    world = build(staff, office, make_user)
    entries = dict(named_routes())
    refused_not, exempt = [], []
    for name, row in ROUTES.items():
        methods = [m for m in row.methods if m in UNSAFE]
        if not methods or name not in entries:
            continue
        if row.csrf_exempt:
            exempt.append(name)
            continue
        who = csrf_visitor(row)
        client = world.client(who, enforce_csrf_checks=True)
        ids = world.ids[row.obj]["own"] if row.obj else {}
        for method in methods:
            response = client.generic(method, address(name, entries[name], ids))
            if response.status_code != 403:
                refused_not.append(f"{name} {method} as {who}: {response.status_code}")
    assert refused_not == [], "Passed without a CSRF token:\n" + "\n".join(refused_not)
    assert len(exempt) <= 2, f"CSRF exemptions grew; each needs its reason in route_table.py: {exempt}"
