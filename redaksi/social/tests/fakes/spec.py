"""The network specifications in ../shared/specs/social/ (see its README), read once, as the fakes check them.

A byte-for-byte copy lives with the tests (redaksi/social/tests/specs/, checked by its SHA256SUMS) so a clean clone
has it; REDAKSI_SOCIAL_SPECS names another place, and ../shared/specs/social/ beside the checkout is the source.
Without any of them the protocol tests cannot check anything, so they fail and say where they looked.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[4]
PLACES = [
    Path(os.environ.get("REDAKSI_SOCIAL_SPECS", "")),
    Path(__file__).resolve().parents[1] / "specs",  # the copy kept with the tests (byte for byte, SHA256SUMS)
    REPO.parent / "shared/specs/social",
    Path("/work/shared/specs/social"),
]
GRAPH_COMMON = frozenset({"access_token", "appsecret_proof", "fields", "limit", "after", "before"})


@cache
def root() -> Path:
    for place in PLACES:
        if str(place) not in ("", ".") and (place / "README.md").is_file():
            return place
    pytest.fail(f"Social network specs not found; looked in {[str(p) for p in PLACES]} (set REDAKSI_SOCIAL_SPECS)")


@cache
def load(name: str):
    return json.loads((root() / name).read_text(encoding="utf-8"))


def graph_params(spec: str, method: str, endpoint: str) -> dict[str, tuple[str, bool]]:
    """name -> (type, required) of an "apis" entry of a codegen spec; endpoint "#get" etc. for the node itself."""
    for api in load(spec)["apis"]:
        if api["method"] == method and (api.get("endpoint") or api.get("name")) == endpoint:
            return {p["name"]: (p["type"], bool(p.get("required"))) for p in api.get("params") or []}
    raise LookupError(f"{spec} has no {method} {endpoint}")


def graph_value_ok(kind: str, value: str) -> bool:
    """A form value against a codegen type: scalars by their text, lists and objects as JSON (or a comma list)."""
    if kind == "bool":
        return value in ("true", "false", "1", "0")
    if kind in ("unsigned int", "int"):
        return value.lstrip("-" if kind == "int" else "").isdigit()
    if kind.startswith("list"):
        if value.startswith("["):
            try:
                return isinstance(json.loads(value), list)
            except ValueError:
                return False
        return kind != "list<map>"  # the comma form Graph takes for lists of names and ids
    if kind in ("Object", "map"):
        try:
            return isinstance(json.loads(value), dict)
        except ValueError:
            return False
    return True  # string, datetime, enums: text


def graph_fields(spec: str) -> frozenset[str]:
    """A node's fields and its edges (the Graph API takes both in `fields`)."""
    data = load(spec)
    edges = {api["endpoint"] for api in data["apis"] if api.get("endpoint")}
    return frozenset({field["name"] for field in data["fields"]} | edges)


def check_graph(fake, request, spec: str, endpoint: str, *, extra=frozenset()) -> None:
    """Unknown parameter names, missing required ones, and unknown names in `fields` are violations."""
    known = graph_params(spec, request.method, endpoint)
    given = request.params
    for name in sorted(set(given) - set(known) - GRAPH_COMMON - set(extra)):
        fake.violation(f"{request.method} {request.path}: {name} is not a parameter of {spec} {endpoint}")
    for name, (kind, required) in sorted(known.items()):
        if required and name not in given:
            fake.violation(f"{request.method} {request.path}: required {name} missing ({spec} {endpoint})")
        elif name in given and not graph_value_ok(kind, given[name]):
            fake.violation(f"{request.method} {request.path}: {name}={given[name]!r} is not a {kind}")


def check_fields(fake, request, spec: str) -> None:
    allowed = graph_fields(spec)
    for name in request.params.get("fields", "").split(","):
        base = name.split(".")[0].split("{")[0].strip()
        if base and base not in allowed:
            fake.violation(f"GET {request.path}: field {base} is not in {spec}")


@cache
def openapi_validator(schema_name: str, spec: str = "x/openapi.json"):
    document = load(spec)
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    return jsonschema.Draft7Validator(schema)


def check_openapi(fake, request, schema_name: str, body) -> None:
    for error in openapi_validator(schema_name).iter_errors(body):
        fake.violation(f"{request.method} {request.path}: {schema_name}: {error.message}")


@cache
def discovery_validator(schema_name: str):
    """A discovery document's schema as JSON Schema: `$ref: Name` points into definitions; no unknown properties."""

    def convert(node):
        if isinstance(node, dict):
            out = {key: convert(value) for key, value in node.items() if key not in ("description", "annotations")}
            if isinstance(node.get("properties"), dict):  # property names are data, whatever they are called
                out["properties"] = {name: convert(value) for name, value in node["properties"].items()}
            if "$ref" in out:
                return {"$ref": f"#/definitions/{out['$ref']}"}
            if out.get("type") == "object" and "properties" in out:
                out["additionalProperties"] = False
            return out
        if isinstance(node, list):
            return [convert(item) for item in node]
        return node

    definitions = {name: convert(schema) for name, schema in load("youtube/youtube.v3.json")["schemas"].items()}
    return jsonschema.Draft7Validator({"$ref": f"#/definitions/{schema_name}", "definitions": definitions})


def check_discovery(fake, request, schema_name: str, body) -> None:
    for error in discovery_validator(schema_name).iter_errors(body):
        fake.violation(f"{request.method} {request.path}: {schema_name}: {error.message}")


TELEGRAM_TYPES = {"Integer": int, "String": str, "Boolean": bool, "Float": float}


def check_telegram(fake, request, method: str, values: dict) -> None:
    """Required parameters present, no unknown ones, and scalar types as api.json gives them."""
    spec = load("telegram/api.json")["methods"].get(method)
    if spec is None:
        fake.violation(f"{request.path}: {method} is not a Bot API method")
        return
    fields = {f["name"]: f for f in spec.get("fields", [])}
    for name in sorted(set(values) - set(fields)):
        fake.violation(f"{method}: {name} is not a parameter")
    for name, field in fields.items():
        if field["required"] and name not in values:
            fake.violation(f"{method}: required {name} missing")
        elif name in values and not _telegram_type_ok(field["types"], values[name], request):
            fake.violation(f"{method}: {name}={values[name]!r} is not {field['types']}")


def _telegram_type_ok(types: list[str], value, request) -> bool:
    if isinstance(value, tuple):  # an uploaded file part
        return "InputFile" in types
    for kind in types:
        if kind == "InputFile" and isinstance(value, str) and value.startswith("attach://"):
            return value[len("attach://") :] in request.files
        if kind in TELEGRAM_TYPES:
            try:
                if isinstance(value, str) and kind != "String":
                    value = json.loads(value) if kind != "Integer" else int(value)
            except ValueError:
                continue
            if isinstance(value, TELEGRAM_TYPES[kind]) and not (kind == "Integer" and isinstance(value, bool)):
                return True
        elif kind not in TELEGRAM_TYPES:  # a type object (or an array of them) arrives JSON-serialised
            try:
                parsed = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                continue
            if isinstance(parsed, list if kind.startswith("Array of") else dict):
                return True
    return False


def check_telegram_object(fake, type_name: str, value: dict) -> None:
    spec = load("telegram/api.json")["types"][type_name]
    fields = {f["name"]: f for f in spec.get("fields", [])}
    for name in sorted(set(value) - set(fields)):
        fake.violation(f"{type_name}: {name} is not a field")
    for name, field in fields.items():
        if field["required"] and name not in value:
            fake.violation(f"{type_name}: required {name} missing")


def check_openapi_query(fake, request, template: str, spec: str = "x/latest-openapi.json") -> None:
    """Query parameters of an OpenAPI operation: no unknown names, required ones present, enums respected.

    X's query parameters are checked against 2.159: 2.167 renames `tweet.fields` to `post.fields` (X's own request
    translation, a note rather than the wire contract per the specs README); docs.x.com and 2.159 use tweet.fields.
    """
    document = load(spec)
    operation = document["paths"][template][request.method.lower()]
    params = {}
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = document["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
        if param.get("in") == "query":
            params[param["name"]] = param
    for name in sorted(set(request.query) - set(params)):
        fake.violation(f"{request.method} {template}: {name} is not a query parameter")
    for name, param in params.items():
        if param.get("required") and name not in request.query:
            fake.violation(f"{request.method} {template}: required {name} missing")
        items = (param.get("schema") or {}).get("items") or {}
        if name in request.query and "enum" in items:
            for value in request.query[name].split(","):
                if value not in items["enum"]:
                    fake.violation(f"{request.method} {template}: {name}={value} is not one of its values")
