"""Who may do what next, computed from the SOP definition alone. Pure: no database, no clock.

The desk asks this module; only `sop` and `newsroom` services act on its answers.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
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
    # Set only in a flow read under a later version in force (`under`): the role the item's own version
    # named, when the version in force gives the step to another; the number of the matching step in the
    # version in force (0: the step's own); `retired` when it has none, so its coordinating role acts.
    own_role: str = ""
    place: int = 0
    retired: bool = False

    def __post_init__(self) -> None:
        if not self.kinds:
            object.__setattr__(self, "kinds", (self.kind,))

    @property
    def is_decision(self) -> bool:
        return self.symbol == "decision"

    @property
    def edits_text(self) -> bool:
        return not TEXT_KINDS.isdisjoint(self.kinds)

    @property
    def number_in_force(self) -> int | None:
        """The step's number in the SOP version in force; None when that version no longer has it."""
        return None if self.retired else (self.place or self.number)


@dataclass(frozen=True)
class Flow:
    steps: tuple[Step, ...]
    superseded: bool = False  # read under a later version in force (see `under`)

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


def coordinating_role(flow: Flow) -> str:
    """The role that answers for the procedure as a whole: its approval step's (the head who signs), else its
    first decision's, else its last step's."""
    step = flow.first_of_kind("approve") or next((s for s in flow.steps if s.is_decision), None) or flow.last
    return step.role


def counterpart(step: Step, current: Flow) -> Step | None:
    """The step of the version in force that does what `step` did: of the same kinds, the nearest by number
    (the same number when it is still there); None when the version in force has no such step. The first
    step, where every item is written, is always the first step of the version in force."""
    if step.number == FIRST_STEP:
        return current.first
    same = [s for s in current.steps if s.kinds == step.kinds]
    return min(same, key=lambda s: (abs(s.number - step.number), s.number)) if same else None


def under(flow: Flow, current: Flow) -> Flow:
    """An older version's flow as the version in force assigns it.

    The item keeps its own version's steps, order, time standards and returns (its history is never
    rewritten); only who performs a step follows the version in force: the role of the matching step,
    or, for a step that version no longer has, its coordinating role. So no item in progress is left on
    the desk of a role that no longer does its step.
    """
    coordinator = coordinating_role(current)
    steps = []
    for step in flow.steps:
        match = counterpart(step, current)
        role = match.role if match is not None else coordinator
        steps.append(
            replace(
                step,
                role=role,
                own_role=step.role if role != step.role else "",
                place=match.number if match is not None else 0,
                retired=match is None,
            )
        )
    return Flow(tuple(steps), superseded=True)
