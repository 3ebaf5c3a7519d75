"""What the desk says after a move: where the item went, and why when it was returned."""

import pytest
from django.contrib.messages import get_messages

from .factories import advance, new_item
from .test_views import client_for, step_post

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_return_says_where_the_item_went_and_why(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    response = step_post(client_for(staff["head"]), item, 3, "reject", reason="Foto utama kurang jelas")
    assert response.status_code == 302
    [message] = said(response)
    assert message.startswith("Returned to step 2 (") and message.endswith("Reason: Foto utama kurang jelas")
    assert "done" not in message


def test_an_approval_and_a_handoff_name_the_next_step(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    [message] = said(step_post(client_for(staff["head"]), item, 3, "approve"))
    assert message.startswith("Step 3: approved.") and "step 4 (" in message
    item.refresh_from_db()
    [message] = said(step_post(client_for(staff["reporter"]), item, 4, "done"))
    assert message.startswith("Step 4 is done.") and "step 5 (" in message


def test_the_last_step_says_the_sop_is_complete(staff, office):
    item = advance(new_item(staff, office), staff, 8)
    response = step_post(
        client_for(staff["admin"]), item, 8, "done", links=f"https://www.facebook.com/diskominfotik/posts/{item.pk}"
    )
    [message] = said(response)
    assert message == "Step 8 is done: the SOP is complete for this item."


def test_a_refused_move_says_only_the_refusal(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    response = step_post(client_for(staff["head"]), item, 3, "reject", reason="")
    assert said(response) == ["Say why the item is returned."]
