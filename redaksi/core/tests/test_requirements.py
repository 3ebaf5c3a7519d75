"""The runtime requirements: pinned, locked with hashes, and free of test tools."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", line)
        if match:
            found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


def test_every_runtime_requirement_is_pinned_and_locked_at_the_same_version():
    runtime = pins(ROOT / "requirements.txt")
    lock = pins(ROOT / "requirements.lock")
    lines = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == len(runtime), "every line of requirements.txt pins one version"
    assert {name: lock.get(name) for name in runtime} == runtime, "run pip-compile (see requirements-dev.txt)"
    text = (ROOT / "requirements.lock").read_text()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    blocks = re.split(r"\n(?=[a-z0-9])", body)
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_no_test_tool_is_a_runtime_requirement():
    runtime = pins(ROOT / "requirements.txt") | pins(ROOT / "requirements.lock")
    for tool in ("pytest", "pytest-django", "hypothesis", "factory-boy", "playwright", "ruff", "moto", "pip-tools"):
        assert tool not in runtime, tool
