"""YAML read with the line of every field, and a checker that names field and line for each problem.

Pure: no database. The SOP definition file (definition.py) is read through it.
"""

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# Paths index from 0 as YAML tools do; a problem in a step also names the step as people count it.
_STEP_PATH = re.compile(r"^flowchart\.steps\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        # Paths index from 0 as YAML tools do; people count steps from 1.
        step = _STEP_PATH.match(self.path)
        named = f" (step {int(step.group(1)) + 1})" if step else ""
        return f"{where}{self.path}{named}: {self.message}"


class DefinitionError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Doc:
    data: Any
    lines: dict[str, int] = field(default_factory=dict)


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


def _to_python(node: yaml.Node, path: str, lines: dict[str, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if node.tag not in _PLAIN_TAGS:
        raise DefinitionError(
            [Problem(path or "(file)", lines[path], f"not valid YAML: tag {node.tag!r} is not allowed")]
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in result:
                raise DefinitionError([Problem(child, key_node.start_mark.line + 1, "appears twice")])
            result[key] = _to_python(value_node, child, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, f"{path}[{i}]", lines) for i, item in enumerate(node.value)]
    return yaml.SafeLoader.construct_object(_SCALAR_LOADER, node, deep=True)


class _ScalarLoader(yaml.SafeLoader):
    def __init__(self) -> None:  # only its constructors are used, on nodes already composed
        yaml.SafeLoader.__init__(self, "")


_SCALAR_LOADER = _ScalarLoader()


def parse_yaml(text: str) -> Doc:
    lines: dict[str, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = _to_python(node, "", lines) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise DefinitionError([Problem("(file)", line, f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from exc
    if node is None:
        raise DefinitionError([Problem("(file)", 1, "the file is empty")])
    return Doc(data, lines)


class Checker:
    """Reads fields of a parsed file, collecting every problem with its path and line.

    `fields` names, for each mapping's path, the keys it may have: anything else is a typing mistake.
    """

    def __init__(self, doc: Doc, fields: dict[str, tuple[str, ...]]) -> None:
        self.doc = doc
        self.fields = fields
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        line = self.doc.lines.get(path)
        probe = path
        while line is None and probe:
            probe = probe.rsplit(".", 1)[0] if "." in probe else ""
            line = self.doc.lines.get(probe)
        self.problems.append(Problem(path, line, message))

    def mapping(self, value: Any, path: str, fields: str | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, "must be a mapping of fields")
            return {}
        allowed = self.fields[path if fields is None else fields]
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(allowed)})"
                self.fail(f"{path}.{key}" if path else str(key), f"is not a known field{hint}")
        return value

    def text(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True, limit: int = 2000) -> str:
        full = f"{path}.{key}" if path else key
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(full, "is required")
            return ""
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if isinstance(value, bool):
            self.fail(full, "must be text: put it in quotes, as YAML reads a bare yes, no, on or off as true/false")
            return ""
        if not isinstance(value, (str, int)):
            self.fail(full, "must be text")
            return ""
        value = str(value).strip()
        if required and not value:
            self.fail(full, "must not be empty")
        if len(value) > limit:
            self.fail(full, f"is longer than {limit} characters")
        if "\x00" in value:
            self.fail(full, "contains a NUL character")
        return value

    def text_list(self, parent: dict[str, Any], key: str, path: str) -> list[str]:
        full = f"{path}.{key}"
        value = parent.get(key, [])
        if isinstance(value, str):
            value = [value] if value.strip() else []
        if not isinstance(value, list):
            self.fail(full, "must be a list of texts")
            return []
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{full}[{i}]", "must be a non-empty text")
            else:
                items.append(item.strip())
        return items

    def integer(self, parent: dict[str, Any], key: str, path: str, *, required: bool = True) -> int | None:
        full = f"{path}.{key}"
        value = parent.get(key)
        if value is None:
            if required:
                self.fail(full, "is required")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(full, "must be a whole number")
            return None
        return value

    def choice(self, parent: dict[str, Any], key: str, path: str, choices: tuple[str, ...]) -> str:
        value = self.text(parent, key, path)
        if value and value not in choices:
            self.fail(f"{path}.{key}", f"must be one of {', '.join(choices)} (found {value!r})")
        return value
