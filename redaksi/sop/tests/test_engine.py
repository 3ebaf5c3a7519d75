"""The pure engine on its own: outcomes, next_step, may_act and allowed, on SOPs of three shapes.

No test here touches the database (pytest-django refuses it without a mark): the engine answers
from the definition alone.
"""

from dataclasses import replace
from pathlib import Path

import pytest

from redaksi.sop.definition import load_definition
from redaksi.sop.engine import (
    Flow,
    NotAllowed,
    Outcome,
    allowed,
    coordinating_role,
    counterpart,
    may_act,
    next_step,
    outcomes,
    under,
)

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DONE, APPROVE, REJECT = Outcome.DONE, Outcome.APPROVE, Outcome.REJECT


def flow_of(path: Path) -> Flow:
    return Flow.from_definition(load_definition(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def bengkalis() -> Flow:
    return flow_of(ROOT / "sop" / "bengkalis-pengelolaan-berita.yaml")


@pytest.fixture(scope="module")
def humas() -> Flow:
    """Five steps, other roles; both decisions return to the start."""
    return flow_of(FIXTURES / "humas-pengumuman.yaml")


@pytest.fixture(scope="module")
def material_first() -> Flow:
    """The material is approved before writing; review's "no" returns to the writer, its "yes" skips a step."""
    return flow_of(FIXTURES / "materi-dulu.yaml")


def walk(flow: Flow, choose) -> list[int]:
    """The steps an item passes through when `choose(step, visit)` picks each outcome."""
    path, number, visits = [], 1, {}
    while number is not None:
        assert len(path) < 50, f"no end: {path}"
        visits[number] = visits.get(number, 0) + 1
        path.append(number)
        number = next_step(flow, number, choose(flow.step(number), visits[number]))
    return path


def yes(step, _visit) -> Outcome:
    return APPROVE if step.is_decision else DONE


# --- The Bengkalis SOP: eight steps, four roles, two decisions ----------------------------------


def test_bengkalis_decisions_offer_yes_and_no_and_other_steps_done(bengkalis):
    assert {n: outcomes(bengkalis, n) for n in range(1, 9)} == {
        1: (DONE,),
        2: (DONE,),
        3: (APPROVE, REJECT),
        4: (DONE,),
        5: (DONE,),
        6: (APPROVE, REJECT),
        7: (DONE,),
        8: (DONE,),
    }


def test_bengkalis_runs_straight_through_when_everyone_agrees(bengkalis):
    assert walk(bengkalis, yes) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert next_step(bengkalis, 8, DONE) is None


def test_bengkalis_no_loops_back_to_the_step_the_sop_names(bengkalis):
    assert next_step(bengkalis, 3, REJECT) == 2  # the head sends the text back to the editor
    assert next_step(bengkalis, 6, REJECT) == 5  # the review sends the photos back to the upload

    def no_once(step, visit):
        return REJECT if step.is_decision and visit == 1 else yes(step, visit)

    assert walk(bengkalis, no_once) == [1, 2, 3, 2, 3, 4, 5, 6, 5, 6, 7, 8]


def test_bengkalis_each_step_belongs_to_its_role(bengkalis):
    roles = {n: bengkalis.step(n).role for n in range(1, 9)}
    assert roles == {
        1: "staf-pengolah-data",
        2: "kasubag",
        3: "kabag",
        4: "staf-pengolah-data",
        5: "staf-admin",
        6: "kasubag",
        7: "staf-admin",
        8: "staf-admin",
    }
    assert may_act(bengkalis, 3, ["kabag"])
    assert not may_act(bengkalis, 3, ["kasubag", "staf-admin"])
    assert may_act(bengkalis, 3, {"staf-admin", "kabag"})  # an acting head holds both
    assert not may_act(bengkalis, 1, [])


def test_allowed_is_the_outcomes_for_the_performer_and_nothing_for_anyone_else(bengkalis):
    assert allowed(bengkalis, 3, ["kabag"]) == (APPROVE, REJECT)
    assert allowed(bengkalis, 3, ["kasubag"]) == ()
    assert allowed(bengkalis, 1, ["staf-pengolah-data"]) == (DONE,)
    assert allowed(bengkalis, None, ["kabag", "kasubag", "staf-admin", "staf-pengolah-data"]) == ()


def test_an_outcome_the_step_does_not_offer_is_refused(bengkalis):
    with pytest.raises(NotAllowed):
        next_step(bengkalis, 3, DONE)  # a decision needs a yes or a no
    with pytest.raises(NotAllowed):
        next_step(bengkalis, 2, REJECT)  # only a decision has a "no"
    with pytest.raises(NotAllowed):
        next_step(bengkalis, 8, APPROVE)


def test_a_step_outside_the_sop_is_unknown(bengkalis):
    for number in (0, 9, -1):
        with pytest.raises(KeyError):
            bengkalis.step(number)
        with pytest.raises(KeyError):
            allowed(bengkalis, number, ["kabag"])


def test_bengkalis_totals_and_kinds(bengkalis):
    assert bengkalis.total_minutes == sum(bengkalis.step(n).minutes for n in range(1, 9))
    assert bengkalis.first.number == 1 and bengkalis.last.number == 8
    assert bengkalis.first_of_kind("publish").number == 7
    assert bengkalis.first_of_kind("approve").number == 3
    assert bengkalis.first_of_kind("nothing-like-this") is None
    assert [n for n in range(1, 9) if bengkalis.step(n).edits_text] == [1, 2, 4, 6]


# --- Other shapes -------------------------------------------------------------------------------


def test_humas_both_decisions_return_to_the_start(humas):
    assert [outcomes(humas, n) for n in range(1, 6)] == [
        (DONE,),
        (APPROVE, REJECT),
        (APPROVE, REJECT),
        (DONE,),
        (DONE,),
    ]
    assert next_step(humas, 2, REJECT) == 1
    assert next_step(humas, 3, REJECT) == 1
    assert walk(humas, yes) == [1, 2, 3, 4, 5]

    def chief_says_no_once(step, visit):
        return REJECT if step.number == 3 and visit == 1 else yes(step, visit)

    assert walk(humas, chief_says_no_once) == [1, 2, 3, 1, 2, 3, 4, 5]


def test_humas_roles_are_its_own(humas):
    assert allowed(humas, 1, ["penulis"]) == (DONE,)
    assert allowed(humas, 2, ["redaktur"]) == (APPROVE, REJECT)
    assert allowed(humas, 3, ["redaktur"]) == ()
    assert allowed(humas, 3, ["pemimpin-redaksi"]) == (APPROVE, REJECT)
    assert allowed(humas, 1, ["staf-pengolah-data"]) == ()  # a Bengkalis role means nothing here


def test_material_is_approved_before_anything_is_written(material_first):
    assert material_first.step(2).kind == "approve"
    assert material_first.first_of_kind("approve").number == 2
    assert next_step(material_first, 2, REJECT) == 1
    assert allowed(material_first, 2, ["kepala"]) == (APPROVE, REJECT)
    assert allowed(material_first, 2, ["penulis", "redaktur"]) == ()


def test_a_no_at_review_returns_the_text_to_its_writer(material_first):
    back = next_step(material_first, 4, REJECT)
    assert back == 3 and material_first.step(back).role == "penulis"
    assert allowed(material_first, back, ["penulis"]) == (DONE,)


def test_a_yes_at_review_skips_the_re_edit_that_only_a_later_no_reaches(material_first):
    assert next_step(material_first, 4, APPROVE) == 6  # `next` in the definition
    assert walk(material_first, yes) == [1, 2, 3, 4, 6, 7]

    def every_decision_no_once(step, visit):
        return REJECT if step.is_decision and visit == 1 else yes(step, visit)

    assert walk(material_first, every_decision_no_once) == [1, 2, 1, 2, 3, 4, 3, 4, 6, 5, 6, 7]


@pytest.mark.parametrize("name", ["bengkalis", "humas", "material_first"])
def test_every_choice_leads_to_a_step_of_the_sop_or_the_end(request, name):
    flow = request.getfixturevalue(name)
    numbers = {s.number for s in flow.steps}
    for step in flow.steps:
        for outcome in outcomes(flow, step.number):
            target = next_step(flow, step.number, outcome)
            if target is None:
                assert step is flow.last and outcome is not REJECT
            else:
                assert target in numbers and target != step.number
        assert allowed(flow, step.number, [step.role]) == outcomes(flow, step.number)
        others = {s.role for s in flow.steps} - {step.role}
        assert allowed(flow, step.number, others) == ()


def reshaped(flow: Flow, steps) -> Flow:
    """The flow with its steps replaced, renumbered 1, 2, 3 …"""
    return Flow(tuple(replace(s, number=n) for n, s in enumerate(steps, start=1)))


def test_under_the_same_flow_nothing_moves(bengkalis):
    same = under(bengkalis, bengkalis)
    assert same.superseded and [s.role for s in same.steps] == [s.role for s in bengkalis.steps]
    assert all(not s.own_role and not s.retired and s.number_in_force == s.number for s in same.steps)


def test_a_step_given_to_another_role_is_performed_by_it(bengkalis):
    steps = list(bengkalis.steps)
    steps[4] = replace(steps[4], role="kasubag")
    old = under(bengkalis, reshaped(bengkalis, steps))
    assert old.step(5).role == "kasubag" and old.step(5).own_role == "staf-admin"
    assert old.step(5).next is None and old.step(6).on_reject == 5  # the item's own returns stay
    assert [s.role for s in old.steps if s.number != 5] == [s.role for s in bengkalis.steps if s.number != 5]


def test_a_dropped_step_goes_to_the_coordinating_role_and_later_steps_follow_their_kind(bengkalis):
    current = reshaped(bengkalis, [s for s in bengkalis.steps if s.number != 6])
    assert coordinating_role(current) == "kabag"
    old = under(bengkalis, current)
    assert old.step(6).retired and old.step(6).role == "kabag" and old.step(6).number_in_force is None
    assert old.step(7).number_in_force == 6 and old.step(8).number_in_force == 7
    assert counterpart(bengkalis.step(1), current) is current.first


def test_a_flow_without_a_decision_is_coordinated_by_its_last_step(bengkalis):
    plain = Flow(tuple(s for s in bengkalis.steps if not s.is_decision))
    assert coordinating_role(plain) == plain.last.role == "staf-admin"
