"""The SOP definition file: parse, validate, normalise. Pure: no database.

The format is documented in docs/sop-format.md. Every error names the field and the line,
so an office can fix its own file.
"""

import hashlib
from typing import Any

import yaml

from .yamlcheck import Checker, DefinitionError, Doc, Problem, parse_yaml

__all__ = ["DefinitionError", "Problem", "content_hash", "document_labels", "dump_definition", "load_definition"]

FORMAT = "redaksi-sop/1"
SYMBOLS = ("terminator", "process", "decision", "connector")
KINDS = ("write", "edit", "approve", "compose", "upload", "review", "publish", "share", "other")
# Kinds whose activity is working on the text: the desk lets the text be edited only there.
TEXT_KINDS = frozenset({"write", "edit", "compose", "review"})
# What a decision's "yes" covers: the exact text it saw (default), or the material before the text is
# written, so that later edits do not send the item back to it.
APPROVES = ("text", "material")
# Which saves at a text step send the item back to the text approval before it: any change to the
# title, lead or body (default); a change to the title or the lead only; none.
REAPPROVAL = ("any-change", "title-or-lead", "none")
# The official document's labels. PermenPAN-RB 35/2012 prints these; offices word them their own
# way ("Nomor SOP", "AKTIVITAS"), so a file may say its own under `labels`.
DOCUMENT_LABELS = {
    "number": "Nomor SPO",
    "name": "Nama SPO",
    "step": "No",
    "activity": "Kegiatan",
    "performers": "Pelaksana",
    "quality": "Mutu Baku",
    "requirements": "Persyaratan/ Kelengkapan",
    "time": "Waktu",
    "output": "Output",
    "remarks": "Ket",
}

# The fields each part of a file may have: anything else is a typing mistake, never ignored.
_FIELDS = {
    "": ("format", "code", "office", "identity", "flowchart", "labels", "notes", "reconstruction"),
    "office": ("slug", "government", "name", "short_name"),
    "identity": (
        "number", "created", "revised", "effective", "approved_by", "name", "legal_basis", "qualifications",
        "related", "equipment", "equipment_label", "warning", "records",
    ),
    "identity.approved_by": ("title", "name", "rank", "nip"),
    "flowchart": ("title", "performers", "steps"),
    "flowchart.performers[]": ("role", "name"),
    "flowchart.steps[]": (
        "number", "activity", "performer", "symbol", "kind", "requirements", "minutes", "time_as_written",
        "output", "remarks", "next", "on_reject", "approves", "reapproval",
    ),
    "labels": tuple(DOCUMENT_LABELS),
    "notes[]": ("about", "text"),
}  # fmt: skip


def _office(c: Checker, root: dict[str, Any]) -> dict[str, str]:
    office_in = c.mapping(root.get("office"), "office")
    office = {
        "slug": c.text(office_in, "slug", "office", limit=50),
        "government": c.text(office_in, "government", "office", required=False, limit=200),
        "name": c.text(office_in, "name", "office", limit=200),
        "short_name": c.text(office_in, "short_name", "office", required=False, limit=60),
    }
    return office


def _identity(c: Checker, root: dict[str, Any]) -> dict[str, Any]:
    ident_in = c.mapping(root.get("identity"), "identity")
    approver_in = c.mapping(ident_in.get("approved_by"), "identity.approved_by")
    identity = {
        "number": c.text(ident_in, "number", "identity", required=False, limit=100),
        "created": c.text(ident_in, "created", "identity", limit=100),
        "revised": c.text(ident_in, "revised", "identity", required=False, limit=100),
        "effective": c.text(ident_in, "effective", "identity", limit=100),
        "approved_by": {
            "title": c.text(approver_in, "title", "identity.approved_by", limit=200),
            "name": c.text(approver_in, "name", "identity.approved_by", limit=200),
            "rank": c.text(approver_in, "rank", "identity.approved_by", required=False, limit=100),
            "nip": c.text(approver_in, "nip", "identity.approved_by", required=False, limit=30),
        },
        "name": c.text(ident_in, "name", "identity", limit=300),
        "legal_basis": c.text_list(ident_in, "legal_basis", "identity"),
        "qualifications": c.text_list(ident_in, "qualifications", "identity"),
        "related": c.text_list(ident_in, "related", "identity"),
        "equipment": c.text_list(ident_in, "equipment", "identity"),
        "equipment_label": c.text(ident_in, "equipment_label", "identity", required=False, limit=60)
        or "Peralatan/Perlengkapan",
        "warning": c.text(ident_in, "warning", "identity"),
        "records": c.text(ident_in, "records", "identity"),
    }
    return identity


def _performers(c: Checker, flow_in: dict[str, Any]) -> list[dict[str, Any]]:
    performers: list[dict[str, Any]] = []
    raw_performers = flow_in.get("performers")
    if not isinstance(raw_performers, list) or not raw_performers:
        c.fail("flowchart.performers", "must list at least one performer (role)")
        raw_performers = []
    for i, item in enumerate(raw_performers):
        path = f"flowchart.performers[{i}]"
        p = c.mapping(item, path, "flowchart.performers[]")
        role = c.text(p, "role", path, limit=50)
        if role and any(existing["role"] == role for existing in performers):
            c.fail(f"{path}.role", f"role {role!r} is listed twice")
        performers.append({"role": role, "name": c.text(p, "name", path, limit=100)})
    return performers


def _steps(c: Checker, flow_in: dict[str, Any], roles: set[str]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    raw_steps = flow_in.get("steps")
    if not isinstance(raw_steps, list) or len(raw_steps) < 2:
        c.fail("flowchart.steps", "must list at least two steps (a start and an end)")
        raw_steps = raw_steps if isinstance(raw_steps, list) else []
    for i, item in enumerate(raw_steps):
        path = f"flowchart.steps[{i}]"
        s = c.mapping(item, path, "flowchart.steps[]")
        number = c.integer(s, "number", path)
        if number is not None and number != i + 1:
            c.fail(f"{path}.number", f"must be {i + 1}: steps are numbered 1, 2, 3 … in order")
        performer = c.text(s, "performer", path, limit=50)
        if performer and performer not in roles:
            c.fail(f"{path}.performer", f"role {performer!r} is not among flowchart.performers")
        minutes = c.integer(s, "minutes", path)
        if minutes is not None and minutes <= 0:
            c.fail(f"{path}.minutes", "must be a positive number of minutes")
        step = {
            "number": i + 1,
            "activity": c.text(s, "activity", path, limit=500),
            "performer": performer,
            "symbol": c.choice(s, "symbol", path, SYMBOLS),
            "kind": _kind(c, s, path),
            "requirements": c.text(s, "requirements", path, required=False),
            "minutes": minutes or 0,
            "time_as_written": c.text(s, "time_as_written", path, required=False, limit=60),
            "output": c.text(s, "output", path, limit=500),
            "remarks": c.text(s, "remarks", path, required=False),
            "next": c.integer(s, "next", path, required=False),
            "on_reject": c.integer(s, "on_reject", path, required=False),
        }
        # Only a step that says them carries these, so files written before they existed keep their
        # content hash and load as the same version.
        for key, choices in (("approves", APPROVES), ("reapproval", REAPPROVAL)):
            if key in s:
                step[key] = c.choice(s, key, path, choices)
        steps.append(step)
    return steps


def _kind(c: Checker, s: dict[str, Any], path: str) -> str | list[str]:
    """One kind, or several done in one step ("upload and publish"): `kind: [upload, publish]`.
    A single kind stays a text, so files written before lists existed keep their content hash."""
    value = s.get("kind")
    if not isinstance(value, list):
        return c.choice(s, "kind", path, KINDS)
    kinds: list[str] = []
    for i, item in enumerate(value):
        kind = c.choice({"kind": item}, "kind", path, KINDS) if isinstance(item, str) else ""
        if not isinstance(item, str):
            c.fail(f"{path}.kind[{i}]", "must be a kind: " + ", ".join(KINDS))
        elif kind in kinds:
            c.fail(f"{path}.kind", f"names {kind!r} twice")
        elif kind:
            kinds.append(kind)
    if not value:
        c.fail(f"{path}.kind", "must name at least one kind")
    return kinds[0] if len(kinds) == 1 else kinds


def step_kinds(step: dict[str, Any]) -> tuple[str, ...]:
    """The kinds of a normalised step, in the order the file gives them."""
    kind = step["kind"]
    return tuple(kind) if isinstance(kind, list) else (kind,)


def _notes(c: Checker, root: dict[str, Any]) -> list[dict[str, str]]:
    notes = []
    raw_notes = root.get("notes", [])
    if not isinstance(raw_notes, list):
        c.fail("notes", "must be a list")
        raw_notes = []
    for i, item in enumerate(raw_notes):
        path = f"notes[{i}]"
        n = c.mapping(item, path, "notes[]")
        notes.append({"about": c.text(n, "about", path, limit=200), "text": c.text(n, "text", path)})
    return notes


def _check(doc: Doc) -> dict[str, Any]:
    c = Checker(doc, _FIELDS)
    if not isinstance(doc.data, dict):
        raise DefinitionError([Problem("(file)", 1, "must be a mapping of fields (see docs/sop-format.md)")])
    root = c.mapping(doc.data, "")
    if root.get("format") != FORMAT:
        c.fail("format", f"must be {FORMAT!r} (found {root.get('format')!r})")
    code = c.text(root, "code", "", limit=100)
    if code and not all(ch.isalnum() or ch in "-_" for ch in code):
        c.fail("code", "may hold only letters, digits, '-' and '_'")

    office = _office(c, root)
    identity = _identity(c, root)

    flow_in = c.mapping(root.get("flowchart"), "flowchart")
    performers = _performers(c, flow_in)
    roles = {p["role"] for p in performers}

    steps = _steps(c, flow_in, roles)
    _check_flow(c, steps)

    notes = _notes(c, root)
    labels = _labels(c, root)
    title = c.text(flow_in, "title", "flowchart", required=False, limit=200)
    reconstruction = c.text(root, "reconstruction", "", required=False)
    if c.problems:
        raise DefinitionError(c.problems)
    definition = {
        "format": FORMAT,
        "code": code,
        "office": office,
        "identity": identity,
        "flowchart": {
            "title": title,
            "performers": performers,
        },
        "steps": steps,
        "notes": notes,
        "reconstruction": reconstruction,
    }
    # Only a file that words its own labels carries them, so files written before labels existed
    # keep their content hash and load as the same version.
    if labels:
        definition["labels"] = labels
    return definition


def _labels(c: Checker, root: dict[str, Any]) -> dict[str, str]:
    if "labels" not in root:
        return {}
    given = c.mapping(root["labels"], "labels")
    return {key: c.text(given, key, "labels", limit=80) for key in DOCUMENT_LABELS if key in given}


def document_labels(definition: dict[str, Any]) -> dict[str, str]:
    """The official document's labels: the file's own wording over the regulation's."""
    return {**DOCUMENT_LABELS, **definition.get("labels", {})}


def _check_flow(c: Checker, steps: list[dict[str, Any]]) -> None:
    if not steps:
        return
    count = len(steps)
    numbers = {s["number"] for s in steps}
    terminators = [s["number"] for s in steps if s["symbol"] == "terminator"]
    if steps[0]["symbol"] != "terminator":
        c.fail("flowchart.steps[0].symbol", "the first step must be the start: symbol terminator")
    if steps[-1]["symbol"] != "terminator":
        c.fail(f"flowchart.steps[{count - 1}].symbol", "the last step must be the end: symbol terminator")
    for n in terminators:
        if n not in (1, count):
            c.fail(f"flowchart.steps[{n - 1}].symbol", "only the first (start) and last (end) step are terminators")
    for s in steps:
        path = f"flowchart.steps[{s['number'] - 1}]"
        if s["next"] is not None and s["next"] not in numbers:
            c.fail(f"{path}.next", f"step {s['next']} does not exist")
        if s["symbol"] == "decision":
            if s["on_reject"] is None:
                c.fail(f"{path}.on_reject", "a decision must name the step its 'no' returns to")
            elif s["on_reject"] not in numbers:
                c.fail(f"{path}.on_reject", f"step {s['on_reject']} does not exist")
            elif s["on_reject"] == s["number"]:
                c.fail(f"{path}.on_reject", "a decision cannot return to itself")
        elif s["on_reject"] is not None:
            c.fail(f"{path}.on_reject", "only a decision step has a 'no' branch")
        kinds = step_kinds(s)
        if "approve" in kinds and s["symbol"] != "decision":
            c.fail(
                f"{path}.kind",
                "an approve step must be a decision (symbol: decision) with a 'no' branch; "
                "otherwise no item could ever pass it",
            )
        if "approves" in s and "approve" not in kinds:
            c.fail(f"{path}.approves", "only an approve step says what its approval covers")
        if "reapproval" in s and not TEXT_KINDS.intersection(kinds):
            c.fail(
                f"{path}.reapproval",
                "only a step where the text is edited (write, edit, compose, review) says which changes "
                "need a new approval",
            )
        if s["number"] == count and s["next"] is not None:
            c.fail(f"{path}.next", "the end step has no next step")
    # Reachability from the start along next and on_reject.
    seen, todo = set(), [1]
    while todo:
        n = todo.pop()
        if n in seen or n not in numbers:
            continue
        seen.add(n)
        step = steps[n - 1]
        if n < count:
            todo.append(step["next"] if step["next"] is not None else n + 1)
        if step["on_reject"] is not None:
            todo.append(step["on_reject"])
    for s in steps:
        if s["number"] not in seen:
            c.fail(f"flowchart.steps[{s['number'] - 1}]", f"step {s['number']} cannot be reached from the start")


def load_definition(text: str) -> dict[str, Any]:
    """Parse and validate a definition file; raise DefinitionError listing every problem."""
    return _check(parse_yaml(text))


def content_hash(definition: dict[str, Any]) -> str:
    import json

    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def dump_definition(definition: dict[str, Any]) -> str:
    """The normalised definition back as a definition file (sop_export)."""
    out = {
        "format": definition["format"],
        "code": definition["code"],
        "office": definition["office"],
        "identity": definition["identity"],
        "flowchart": {
            "title": definition["flowchart"]["title"],
            "performers": definition["flowchart"]["performers"],
            "steps": [{k: v for k, v in s.items() if v not in (None, "")} for s in definition["steps"]],
        },
        "notes": definition["notes"],
        "reconstruction": definition["reconstruction"],
    }
    if definition.get("labels"):
        out["labels"] = definition["labels"]
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100)
