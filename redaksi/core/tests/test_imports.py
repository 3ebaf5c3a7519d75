"""The import graph between our apps: no cycle, and core is the ground floor.

Every module under redaksi/ is parsed (never imported), and every import counts: at the top of
a module and inside a function alike, since a function-level import that dodges a cycle is
still a cycle. Tests and conftest modules are left out: they may reach into any app.
"""

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # .../redaksi
APPS = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))

Edge = tuple[str, str]  # (importing app, imported app)
Where = list[str]  # "media/views.py:12" for each import making the edge


def app_modules() -> list[Path]:
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts and path.name != "conftest.py"
    )


def imported_names(path: Path, text: str | None = None) -> list[tuple[str, int]]:
    """Every module name `path` (or `text`, read as if it were there) imports, absolute, with its line."""
    tree = ast.parse(text if text is not None else path.read_text(encoding="utf-8"), filename=str(path))
    package = ["redaksi", *path.relative_to(PACKAGE).parent.parts]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.append((module, node.lineno))
            # `from redaksi import media` and `from . import services` name modules too.
            names += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return names


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "redaksi" and parts[1] in APPS else None


def import_graph() -> dict[Edge, Where]:
    edges: dict[Edge, Where] = defaultdict(list)
    for path in app_modules():
        source = path.relative_to(PACKAGE).parts[0]
        if source not in APPS:
            continue
        for module, line in imported_names(path):
            target = app_of(module)
            where = f"{path.relative_to(PACKAGE)}:{line}"
            if target and target != source and where not in edges[source, target]:
                edges[source, target].append(where)
    return dict(edges)


def cycles(edges: dict[Edge, Where]) -> list[list[str]]:
    """The strongly connected groups of more than one app (Tarjan), each sorted, for the message."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted({n for edge in edges for n in edge}):
        if node not in index:
            visit(node)
    return sorted(groups)


def describe(group: list[str], edges: dict[Edge, Where]) -> str:
    inside = [(a, b) for (a, b) in sorted(edges) if a in group and b in group]
    return " / ".join(group) + ":\n" + "\n".join(f"    {a} -> {b}: {', '.join(edges[a, b])}" for a, b in inside)


def test_the_checker_sees_the_apps_and_their_imports():
    assert {"core", "accounts", "audit", "sop", "newsroom", "media", "notify", "social", "public"} <= set(APPS)
    edges = import_graph()
    # Known, legitimate edges prove that absolute, relative and function-level imports are all read.
    assert ("newsroom", "sop") in edges and ("accounts", "audit") in edges


def test_cycles_are_found_in_any_shape():
    assert cycles({("a", "b"): [], ("b", "c"): [], ("c", "a"): [], ("c", "d"): []}) == [["a", "b", "c"]]
    assert cycles({("a", "b"): [], ("b", "a"): [], ("c", "d"): []}) == [["a", "b"]]
    assert cycles({("a", "b"): [], ("b", "c"): []}) == []


def test_imports_count_wherever_and_however_they_are_written():
    text = (
        "import redaksi.audit.models\n"
        "from ..media import services\n"
        "from redaksi import public\n"
        "def later():\n"
        "    from redaksi.notify.hooks import on_step\n"
    )
    names = {app_of(name) for name, _line in imported_names(PACKAGE / "newsroom" / "x" / "y.py", text)}
    assert names == {"audit", "newsroom", "public", "notify", None}
    names = {app_of(name) for name, _line in imported_names(PACKAGE / "newsroom" / "y.py", "from ..media import s")}
    assert "media" in names


def test_no_import_cycle_crosses_apps():
    edges = import_graph()
    found = cycles(edges)
    assert not found, "import cycles between apps:\n" + "\n".join(describe(g, edges) for g in found)


def test_core_imports_no_other_app_of_ours():
    edges = import_graph()
    upward = {b: where for (a, b), where in edges.items() if a == "core"}
    assert not upward, f"core imports other apps: {upward}"


# What each app above core may import (its floors); an app not listed here is not bound yet.
FLOORS = {
    "social": {"core", "audit", "accounts", "sop", "newsroom", "media", "notify"},
    # The monitoring reads the record of every floor below (step 8's reach from social); none imports it.
    "monitoring": {"core", "audit", "accounts", "sop", "newsroom", "media", "notify", "social"},
}


def test_each_app_imports_only_the_floors_below_it():
    edges = import_graph()
    for app, allowed in FLOORS.items():
        above = {b: where for (a, b), where in edges.items() if a == app and b not in allowed}
        assert not above, f"{app} imports apps above it: {above}"


def test_no_app_below_social_imports_it():
    edges = import_graph()
    below = {a: where for (a, b), where in edges.items() if b == "social" and a in FLOORS["social"]}
    assert not below, f"apps below social import it (use an event or a registered hook): {below}"
    assert ("social", "newsroom") in edges  # the check sees social at all


def test_no_app_imports_the_monitoring():
    edges = import_graph()
    above = {a: where for (a, b), where in edges.items() if b == "monitoring"}
    assert not above, f"apps import the monitoring (it is the top floor): {above}"
    assert ("monitoring", "newsroom") in edges
