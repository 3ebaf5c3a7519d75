"""The SOP editor's form: what was posted, as the definition file's mapping, and the problems beside each field.

The checking is `sop_check`'s own (`sop.drafts.draft_problems`); here its messages are only placed next
to the field they name and put in the reader's language.
"""

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from redaksi.accounts.models import Role
from redaksi.sop.definition import KINDS, SYMBOLS
from redaksi.sop.drafts import Problem
from redaksi.sop.models import SopDraft

MAX_STEPS = 60  # 12 fields a step: within DATA_UPLOAD_MAX_NUMBER_FIELDS (1000)
IDENTITY_TEXTS = ("number", "name", "created", "revised", "effective", "equipment_label", "warning", "records")
IDENTITY_LISTS = ("legal_basis", "qualifications", "related", "equipment")
APPROVER = ("title", "name", "rank", "nip")
STEP_TEXTS = ("activity", "requirements", "time_as_written", "output", "remarks")
OPTIONAL_STEP_TEXTS = ("requirements", "time_as_written", "remarks")

# `sop_check`'s messages (sop/definition.py, sop/yamlcheck.py, sop/drafts.py) as written there, each a msgid:
# a message is matched against them with its values (`%(n)s`) as wildcards, and shown translated.
MESSAGES = (
    gettext_noop("is required"),
    gettext_noop("must not be empty"),
    gettext_noop("is longer than %(n)s characters"),
    gettext_noop("contains a NUL character"),
    gettext_noop("must be a whole number"),
    gettext_noop("must be a positive number of minutes"),
    gettext_noop("must be one of %(choices)s (found %(found)s)"),
    gettext_noop("role %(role)s is not among flowchart.performers"),
    gettext_noop("must list at least one performer (role)"),
    gettext_noop("must list at least two steps (a start and an end)"),
    gettext_noop("role %(role)s is listed twice"),
    gettext_noop("the first step must be the start: symbol terminator"),
    gettext_noop("the last step must be the end: symbol terminator"),
    gettext_noop("only the first (start) and last (end) step are terminators"),
    gettext_noop("step %(n)s does not exist"),
    gettext_noop("a decision must name the step its 'no' returns to"),
    gettext_noop("a decision cannot return to itself"),
    gettext_noop("only a decision step has a 'no' branch"),
    gettext_noop(
        "an approve step must be a decision (symbol: decision) with a 'no' branch; otherwise no item could ever pass it"
    ),
    gettext_noop("only an approve step says what its approval covers"),
    gettext_noop(
        "only a step where the text is edited (write, edit, compose, review) says which changes need a new approval"
    ),
    gettext_noop("the end step has no next step"),
    gettext_noop("step %(n)s cannot be reached from the start"),
    gettext_noop("must be a non-empty text"),
    gettext_noop("names %(kind)s twice"),
    gettext_noop("must name at least one kind"),
    gettext_noop("give the new version its own Tanggal Revisi"),
    gettext_noop("the draft says nothing new: it is the same as a version"),
)
_PLACEHOLDER = re.compile(r"%\\\(([a-z]+)\\\)s")


def _pattern(msgid: str) -> re.Pattern[str]:
    return re.compile("^" + _PLACEHOLDER.sub(lambda m: f"(?P<{m.group(1)}>.+?)", re.escape(msgid)) + "$")


_COMPILED = [(_pattern(msgid), msgid) for msgid in MESSAGES]
_STEP_INDEX = re.compile(r"^flowchart\.steps\[(\d+)\]")
_STEP = re.compile(r"^flowchart\.steps\[(\d+)\](?:\.([a-z_]+))?")


def translated(message: str) -> str:
    """A validator message in the reader's language; one it does not know stays as written."""
    for pattern, msgid in _COMPILED:
        found = pattern.match(message)
        if found:
            return _(msgid) % found.groupdict() if found.groupdict() else _(msgid)
    return message


def field_of(path: str) -> str:
    """Where a problem is shown: `identity.legal_basis[3]` -> `identity.legal_basis`;
    `flowchart.steps[1].minutes` -> `steps-1-minutes`."""
    step = _STEP.match(path)
    if step:
        return f"steps-{step.group(1)}" + (f"-{step.group(2)}" if step.group(2) else "")
    if path.startswith("flowchart.performers") or path == "flowchart.steps":
        return "steps"
    return re.sub(r"\[\d+\]$", "", path) if path.startswith(("identity", "flowchart.title")) else "general"


@dataclass
class Posted:
    data: dict[str, Any]
    origins: list[int | None]
    errors: dict[str, list[str]] = field(default_factory=dict)  # refusals of the form itself, translated
    foreign_roles: list[str] = field(default_factory=list)


def _number(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    return int(raw) if re.fullmatch(r"-?\d{1,9}", raw) else raw


def _role_code(value: str, codes: dict[int, str]) -> str | None:
    """The code of an office role by its id; None for a role of another office or none at all."""
    pk = _number(value)
    if isinstance(pk, int) and pk in codes:
        return codes[pk]
    return None


def _step(post: QueryDict, i: int, old: dict[str, Any], codes: dict[int, str], posted: Posted) -> dict[str, Any]:
    key = f"steps-{i}-"
    step: dict[str, Any] = {"number": i + 1}
    step["activity"] = post.get(key + "activity", "")
    code = _role_code(post.get(key + "performer", ""), codes)
    if code is None:
        posted.errors.setdefault(key + "performer", []).append(_("Choose a role of your own office."))
        posted.foreign_roles.append(post.get(key + "performer", "")[:20])
        code = old.get("performer", "")
    step["performer"] = code
    step["symbol"] = post.get(key + "symbol", "")
    kind = post.get(key + "kind", "")
    step["kind"] = kind.split("+") if "+" in kind else kind
    for name in ("requirements",):
        step[name] = post.get(key + name, "")
    minutes = _number(post.get(key + "minutes", ""))
    if minutes is not None:
        step["minutes"] = minutes
    for name in ("time_as_written", "output", "remarks"):
        step[name] = post.get(key + name, "")
    for name in OPTIONAL_STEP_TEXTS:
        if not str(step[name]).strip():
            del step[name]
    if old.get("next") is not None:
        step["next"] = old["next"]
    on_reject = _number(post.get(key + "on_reject", ""))
    if on_reject is not None:
        step["on_reject"] = on_reject
    for name in ("approves", "reapproval"):  # kept as the file says them: not edited here
        if name in old:
            step[name] = old[name]
    return step


def parse(post: QueryDict, draft: SopDraft, roles: list[Role]) -> Posted:
    """The posted form as the definition file's mapping; everything typed is kept, valid or not."""
    data = copy.deepcopy(draft.data)
    identity = data.setdefault("identity", {})
    for name in IDENTITY_TEXTS:
        identity[name] = post.get(f"identity.{name}", "")
    approver = identity.setdefault("approved_by", {})
    for name in APPROVER:
        approver[name] = post.get(f"identity.approved_by.{name}", "")
    for name in IDENTITY_LISTS:
        identity[name] = [line.strip() for line in post.get(f"identity.{name}", "").splitlines() if line.strip()]
    data.setdefault("flowchart", {})["title"] = post.get("flowchart.title", "")
    old_steps = data["flowchart"].get("steps", [])
    count = _number(post.get("steps-count", "")) or 0
    count = max(0, min(count if isinstance(count, int) else 0, MAX_STEPS))
    posted = Posted(data=data, origins=[])
    codes = {r.pk: r.code for r in roles}
    steps = []
    for i in range(count):
        old = old_steps[i] if i < len(old_steps) else {}
        steps.append(_step(post, i, old, codes, posted))
        origin = _number(post.get(f"steps-{i}-origin", ""))
        posted.origins.append(origin if isinstance(origin, int) else None)
    data["flowchart"]["steps"] = steps
    data["flowchart"]["performers"] = performers(data, roles)
    return posted


def performers(data: dict[str, Any], roles: list[Role]) -> list[dict[str, str]]:
    """The Pelaksana columns: the roles the steps name, in the file's column order, new ones after."""
    used = [s.get("performer") for s in data["flowchart"]["steps"]]
    declared = data["flowchart"].get("performers", [])
    names = {r.code: r.name for r in roles} | {p["role"]: p["name"] for p in declared}
    order = [p["role"] for p in declared if p["role"] in used]
    order += [code for code in dict.fromkeys(used) if code and code not in order]
    return [{"role": code, "name": names.get(code, code)} for code in order]


def apply_op(op: str, data: dict[str, Any], origins: list[int | None]) -> None:
    """Add a step after another, remove one, move one up or down; the "no" and "next" targets follow."""
    kind, _sep, index = op.partition("-")
    steps = data["flowchart"]["steps"]
    i = _number(index)
    if not isinstance(i, int) or not 0 <= i < len(steps) or kind not in ("add", "remove", "up", "down"):
        return
    order: list[int | None] = list(range(len(steps)))  # new position -> old position (None: new step)
    if kind == "add" and len(steps) < MAX_STEPS:
        order.insert(i + 1, None)
    elif kind == "remove":
        order.pop(i)
    elif kind == "up" and i > 0:
        order[i - 1], order[i] = order[i], order[i - 1]
    elif kind == "down" and i < len(steps) - 1:
        order[i], order[i + 1] = order[i + 1], order[i]
    new_number = {old + 1: new + 1 for new, old in enumerate(order) if old is not None}
    blank = {"activity": "", "performer": steps[i].get("performer", ""), "symbol": "process", "kind": "other"}
    new_steps, new_origins = [], []
    for position, old in enumerate(order):
        step = dict(blank) if old is None else dict(steps[old])
        step["number"] = position + 1
        for ref in ("on_reject", "next"):
            if isinstance(step.get(ref), int):
                if step[ref] in new_number:
                    step[ref] = new_number[step[ref]]
                else:
                    del step[ref]
        new_steps.append(step)
        new_origins.append(None if old is None else (origins[old] if old < len(origins) else None))
    data["flowchart"]["steps"] = new_steps
    origins[:] = new_origins
    data["notes"] = _moved_notes(data.get("notes") or [], new_number)


def _moved_notes(notes: list[dict[str, Any]], new_number: dict[int, int]) -> list[dict[str, Any]]:
    """The Catatan Redaksi follow their step (`flowchart.steps[7].output`); a removed step's notes go with it."""
    kept = []
    for note in notes:
        about = str(note.get("about", ""))
        step = _STEP_INDEX.match(about)
        if step:
            number = new_number.get(int(step.group(1)) + 1)
            if number is None:
                continue
            note = {**note, "about": f"flowchart.steps[{number - 1}]{about[step.end() :]}"}
        kept.append(note)
    return kept


def problems_by_field(problems: list[Problem], extra: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    shown: dict[str, list[str]] = {k: list(v) for k, v in (extra or {}).items()}
    for problem in problems:
        shown.setdefault(field_of(problem.path), []).append(translated(problem.message))
    return shown


CHOICES = {"symbols": SYMBOLS, "kinds": KINDS}
