"""The permission policy on its own: people, items and flows built in memory.

No test here is marked for the database, so pytest-django fails any of them that would query it.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from redaksi.accounts.models import Role
from redaksi.accounts.selectors import Capacity, Person
from redaksi.core.errors import Conflict, NotPermitted
from redaksi.newsroom import policy
from redaksi.newsroom.models import NewsItem
from redaksi.sop.engine import Flow, Step

OFFICE, OTHER_OFFICE = 1, 2
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def step(number, kind, role, *, symbol="process", on_reject=None):
    return Step(number, f"activity {number}", role, symbol, kind, 30, "", None, on_reject)


# The Bengkalis shape: write, edit, approve (a decision), compose, upload, review, publish, share.
FLOW = Flow(
    (
        step(1, "write", "reporter"),
        step(2, "edit", "editor"),
        step(3, "approve", "head", symbol="decision", on_reject=2),
        step(4, "compose", "editor"),
        step(5, "upload", "admin"),
        step(6, "review", "editor"),
        step(7, "publish", "admin"),
        step(8, "share", "admin"),
    )
)
# Another shape: no approval step, and one role that both writes and publishes.
SMALL = Flow((step(1, "write", "humas"), step(2, "publish", "humas")))


def role(code, office=OFFICE):
    return Role(code=code, name=f"Role {code}", office_id=office)


def person(*codes, user_id=10, office=OFFICE, acting="", **kwargs):
    return Person(user_id, office, capacities=tuple(Capacity(role(c), acting) for c in codes), **kwargs)


def item(current_step=2, *, created_by=10, published_at=None, taken_down_at=None, office=OFFICE, writers=()):
    return NewsItem(
        office_id=office,
        current_step=current_step,
        created_by_id=created_by,
        published_at=published_at,
        taken_down_at=taken_down_at,
        writer_ids=list(writers),
    )


def names(code):
    return f"Role {code}"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_decision_is_true_with_its_capacity_and_false_with_a_reason():
    yes = policy.may_complete_step(person("editor"), item(2), FLOW, 2, names)
    no = policy.may_complete_step(person("reporter"), item(2), FLOW, 2, names)
    assert yes and yes.capacity.role.code == "editor" and yes.enforce() is yes.capacity
    assert not no and no.refusal == "Step 2 (activity 2) is done by Role editor."
    with pytest.raises(NotPermitted, match="Role editor"):
        no.enforce()


def test_the_first_step_belongs_to_its_writer_alone():
    draft = item(1, created_by=10)
    assert policy.may_complete_step(person("reporter", user_id=10), draft, FLOW, 1, names)
    other = policy.may_complete_step(person("reporter", user_id=11), draft, FLOW, 1, names)
    assert other.refusal == "This draft belongs to another writer."
    assert not policy.may_edit_text(person("reporter", user_id=11), draft, FLOW, names)
    assert not policy.may_attach_media(person("reporter", user_id=11), draft, FLOW, names)
    assert not policy.may_view(person("reporter", user_id=11), draft)
    assert policy.may_view(person("editor", user_id=12), draft, acted=True)  # returned to its writer by them
    assert policy.may_view(person("reporter", user_id=11), item(2, created_by=10))


def test_another_office_sees_and_attaches_nothing():
    foreign = item(2, office=OTHER_OFFICE)
    assert not policy.may_view(person("editor"), foreign)
    assert policy.may_attach_media(person("editor"), foreign, FLOW, names).refusal == (
        "This item belongs to another office."
    )
    # A capacity counts only in its own office's role.
    assert not policy.may_complete_step(person("editor"), foreign, FLOW, 2, names)


def test_the_text_changes_only_at_a_text_step_by_its_role():
    assert policy.may_edit_text(person("editor"), item(2), FLOW, names)
    assert policy.may_edit_text(person("editor"), item(6), FLOW, names)  # the correction after approval
    at_approval = policy.may_edit_text(person("head"), item(3), FLOW, names)
    assert "at a step of writing, editing, composing or correcting" in at_approval.refusal
    assert not policy.may_edit_text(person("admin"), item(5), FLOW, names)
    finished = policy.may_edit_text(person("editor"), item(None), FLOW, names)
    assert finished.refusal == "This item has completed the SOP; its text can no longer be changed here."


def test_media_are_added_where_the_step_kind_takes_media():
    assert policy.may_attach_media(person("reporter"), item(1), FLOW, names)
    assert policy.may_attach_media(person("editor"), item(4), FLOW, names)
    at_edit = policy.may_attach_media(person("editor"), item(2), FLOW, names)
    assert at_edit.refusal.endswith("this item is at step 2.")
    wrong_role = policy.may_attach_media(person("admin"), item(4), FLOW, names)
    assert wrong_role.refusal == "Photos and videos of this item are handled by Role editor at this step."


def test_acting_officials_sign_in_their_acting_capacity():
    plt = person("head", acting="Plt.")
    decision = policy.may_complete_step(plt, item(3), FLOW, 3, names)
    assert decision and decision.capacity.label == "Plt. Role head"


def test_four_eyes_no_writer_or_editor_approves_whatever_capacity_they_hold():
    written = item(3, created_by=11, writers=[11, 12])
    for user_id, acting in ((11, "Plh."), (12, ""), (12, "Plt.")):
        head = person("head", user_id=user_id, acting=acting)
        for decision in (
            policy.may_complete_step(head, written, FLOW, 3, names),
            policy.may_decide_by_link(head, written, FLOW, 3, names),
        ):
            assert not decision and "(four eyes)" in decision.refusal
    assert policy.may_complete_step(person("head", user_id=13, acting="Plh."), written, FLOW, 3, names)
    # Only the approving step: the writer still sends their own draft on, the editor still reviews.
    assert policy.may_complete_step(person("editor", user_id=12), item(2, writers=[11, 12]), FLOW, 2, names)


def test_urgent_publication_is_for_the_approving_or_publishing_role_after_the_draft():
    assert policy.urgent_roles(FLOW) == {"head", "admin"}
    assert policy.may_publish_urgently(person("head"), item(2), FLOW)
    assert policy.may_publish_urgently(person("admin"), item(4), FLOW)
    assert not policy.may_publish_urgently(person("editor"), item(2), FLOW)
    draft = policy.may_publish_urgently(person("head"), item(1), FLOW)
    assert draft.conflict and draft.refusal == "A draft that has not left its writer cannot be published."
    published = policy.may_publish_urgently(person("head"), item(4, published_at=NOW), FLOW)
    assert published.conflict
    with pytest.raises(Conflict):
        published.enforce()


def test_takedown_needs_an_item_on_the_website():
    live = item(8, published_at=NOW)
    assert policy.may_take_down(person("admin"), live, FLOW)
    assert not policy.may_take_down(person("editor"), live, FLOW)
    assert policy.may_take_down(person("admin"), item(4), FLOW).conflict
    assert policy.may_take_down(person("admin"), item(8, published_at=NOW, taken_down_at=NOW), FLOW).conflict


def test_schedule_is_the_publishing_roles_until_the_item_is_out():
    assert policy.may_schedule(person("admin"), item(7), FLOW, now=NOW)
    assert policy.may_schedule(person("admin"), item(8, published_at=NOW + timedelta(hours=2)), FLOW, now=NOW)
    assert policy.may_schedule(person("admin"), item(8, published_at=NOW), FLOW, now=NOW).conflict
    assert not policy.may_schedule(person("head"), item(7), FLOW, now=NOW)


def test_new_items_are_written_by_the_role_of_step_one():
    assert policy.may_write_new(person("reporter"), OFFICE, FLOW, names)
    refused = policy.may_write_new(person("editor"), OFFICE, FLOW, names)
    assert refused.refusal == "Only Role reporter may write a new item (step 1 of the SOP)."
    assert policy.may_write_new(person("humas"), OFFICE, SMALL, names)


def test_approval_links_are_withdrawn_by_the_approving_role_or_an_administrator():
    live = item(3)
    assert policy.may_withdraw_links(person("head"), live, FLOW)
    assert policy.may_withdraw_links(person(is_staff=True), live, FLOW)
    assert policy.may_withdraw_links(person(is_staff=True, office=None), live, FLOW)
    assert not policy.may_withdraw_links(person(is_staff=True, office=OTHER_OFFICE), live, FLOW)
    assert not policy.may_withdraw_links(person("editor"), live, FLOW)
    assert not policy.may_withdraw_links(person("head", is_active=False), live, FLOW)
    assert not policy.may_withdraw_links(Person(None, None, is_active=False), live, FLOW)
    assert not policy.may_withdraw_links(person("humas", is_staff=False), item(2), SMALL)  # no approval step


def test_a_link_decides_only_while_its_approver_acts_in_the_role():
    assert policy.may_decide_by_link(person("head"), item(3), FLOW, 3, names)
    gone = policy.may_decide_by_link(person("editor"), item(3), FLOW, 3, names)
    assert gone.refusal == "You no longer act as Role head, so this link no longer works."
    assert not policy.may_decide_by_link(person("head", is_active=False), item(3), FLOW, 3, names)


def test_galleries_of_their_own_are_the_publishing_roles():
    assert policy.may_manage_galleries(person("admin"), OFFICE, FLOW)
    assert policy.may_manage_galleries(person("humas"), OFFICE, SMALL)
    assert not policy.may_manage_galleries(person("editor"), OFFICE, FLOW)
    assert not policy.may_manage_galleries(person("admin"), OFFICE, None)  # no SOP loaded


def test_the_policy_asks_for_a_role_name_only_to_word_a_refusal():
    asked = []

    def recording(code):
        asked.append(code)
        return code

    policy.may_complete_step(person("editor"), item(2), FLOW, 2, recording)
    policy.may_edit_text(person("editor"), item(2), FLOW, recording)
    assert asked == []
    policy.may_complete_step(person("head"), item(2), FLOW, 2, recording)
    assert asked == ["editor"]
