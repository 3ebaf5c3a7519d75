"""Who may do what next, computed from the SOP definition alone. Pure: no database, no clock.

The desk asks this module; only `sop` and `newsroom` services act on its answers.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from .definition import TEXT_KINDS, step_kinds

# Steps are numbered 1, 2, 3 … in order (the definition's validator insists), so every SOP starts at 1.
FIRST_STEP = 1


class Outcome(StrEnum):
    DONE = "done"
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class Step:
    number: int
    activity: str
    role: str
    symbol: str
    kind: str
    minutes: int
    output: str
    next: int | None
    on_reject: int | None
    kinds: tuple[str, ...] = ()  # every kind of the step; `kind` is the first
    approves: str = "text"  # a decision's "yes" covers the exact text, or only the material
    reapproval: str = "any-change"  # which saves here send the item back to the text approval before

    def __post_init__(self) -> None:
        if not self.kinds:
            object.__setattr__(self, "kinds", (self.kind,))

    @property
    def is_decision(self) -> bool:
        return self.symbol == "decision"

    @property
    def edits_text(self) -> bool:
        return not TEXT_KINDS.isdisjoint(self.kinds)


@dataclass(frozen=True)
class Flow:
    steps: tuple[Step, ...]

    @classmethod
    def from_definition(cls, definition: dict[str, Any]) -> "Flow":
        return cls(
            tuple(
                Step(
                    number=s["number"],
                    activity=s["activity"],
                    role=s["performer"],
                    symbol=s["symbol"],
                    kind=step_kinds(s)[0],
                    kinds=step_kinds(s),
                    minutes=s["minutes"],
                    output=s["output"],
                    next=s.get("next"),
                    on_reject=s.get("on_reject"),
                    approves=s.get("approves", "text"),
                    reapproval=s.get("reapproval", "any-change"),
                )
                for s in definition["steps"]
            )
        )

    @property
    def first(self) -> Step:
        return self.steps[0]

    @property
    def last(self) -> Step:
        return self.steps[-1]

    @property
    def total_minutes(self) -> int:
        return sum(s.minutes for s in self.steps)

    def step(self, number: int) -> Step:
        if not 1 <= number <= len(self.steps):
            raise KeyError(number)
        return self.steps[number - 1]

    def first_of_kind(self, kind: str) -> Step | None:
        return next((s for s in self.steps if kind in s.kinds), None)


class NotAllowed(Exception):
    pass


def outcomes(flow: Flow, number: int) -> tuple[Outcome, ...]:
    """The outcomes a performer may choose at step `number`."""
    step = flow.step(number)
    return (Outcome.APPROVE, Outcome.REJECT) if step.is_decision else (Outcome.DONE,)


def may_act(flow: Flow, number: int, role_codes: Iterable[str]) -> bool:
    return flow.step(number).role in set(role_codes)


def next_step(flow: Flow, number: int, outcome: Outcome) -> int | None:
    """Where the item goes after `outcome` at step `number`; None when the procedure is finished."""
    step = flow.step(number)
    if outcome not in outcomes(flow, number):
        raise NotAllowed(f"{outcome} is not an outcome of step {number}")
    if outcome is Outcome.REJECT:
        assert step.on_reject is not None
        return step.on_reject
    if step.next is not None:
        return step.next
    return number + 1 if number < len(flow.steps) else None


def allowed(flow: Flow, number: int | None, role_codes: Iterable[str]) -> tuple[Outcome, ...]:
    """The outcomes these roles may choose now; empty when they may not act or the item is finished."""
    if number is None or not may_act(flow, number, role_codes):
        return ()
    return outcomes(flow, number)
