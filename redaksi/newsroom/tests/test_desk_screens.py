"""What the desk and the board show: time lights on every waiting item, and items sent back flagged."""

import re
from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.newsroom.selectors import returned_runs, waiting_rows
from redaksi.newsroom.services import step_complete
from redaksi.sop.engine import Outcome

from .factories import advance, new_item

pytestmark = pytest.mark.django_db
REASON = "Foto kurang jelas; perbaiki paragraf kedua."


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def rejected(staff, office, title="Rapat Banjir Rob"):
    item = advance(new_item(staff, office, title=title), staff, 3)
    return step_complete(
        actor=staff["head"], item_id=item.pk, step_number=3, outcome=Outcome.REJECT,
        expected_revision=item.revision, reason=REASON,
    )  # fmt: skip


def test_a_returned_item_is_flagged_until_it_moves_on(staff, office):
    item = rejected(staff, office)
    moving = advance(new_item(staff, office, title="Pasar Murah"), staff, 2)
    runs = returned_runs([item.pk, moving.pk])
    assert list(runs) == [item.pk]
    assert runs[item.pk].reason == REASON and runs[item.pk].finished_by == staff["head"]

    step_complete(
        actor=staff["editor"], item_id=item.pk, step_number=2, outcome=Outcome.DONE, expected_revision=item.revision
    )
    assert returned_runs([item.pk]) == {}


def test_the_editors_desk_shows_why_an_item_came_back(staff, office):
    item = rejected(staff, office)
    advance(new_item(staff, office, title="Pasar Murah"), staff, 2)
    page = client_for(staff["editor"]).get(reverse("newsroom:desk")).content.decode()
    returned = re.search(r'<li class="workitem[^"]*workitem--returned">(.*?)</li>', page, re.S)
    assert returned is not None and item.title in returned.group(1)
    assert REASON in returned.group(1) and staff["head"].get_full_name() in returned.group(1)
    assert page.count("workitem--returned") == 1  # the other item is not flagged


def test_the_board_shows_a_light_on_every_waiting_item_and_names_every_step(staff, office):
    with time_machine.travel(datetime(2026, 11, 23, 8, 0, tzinfo=WIB), tick=False) as clock:
        late = advance(new_item(staff, office, title="Jembatan Desa"), staff, 5)
        rejected(staff, office)
        clock.move_to(datetime(2026, 11, 23, 11, 0, tzinfo=WIB))  # three office hours later
        page = client_for(staff["head"]).get(reverse("newsroom:board")).content.decode()
        rows = {row["item"].pk: row for row in waiting_rows([late])}
    strip = page[page.index('class="board-steps"') : page.index('class="board"')]
    for n in range(1, 9):
        assert f'href="#col-{n}"' in strip and f'id="col-{n}"' in page
    cards = re.findall(r'<li class="board__card board__card--(\w+)', page)
    assert len(cards) == 2 and "red" in cards
    assert page.count('class="light light--') == 2
    assert "board__card--returned" in page and REASON in page
    assert rows[late.pk]["timing"].light == "red"


def test_the_item_page_says_why_it_came_back_until_it_moves_on(staff, office):
    item = rejected(staff, office)
    editor = client_for(staff["editor"])
    page = editor.get(reverse("newsroom:item", args=[item.pk])).content.decode()
    note = page[page.index('class="returned-note"') : page.index("</div>", page.index('class="returned-note"'))]
    assert REASON in note and staff["head"].get_full_name() in note

    step_complete(
        actor=staff["editor"], item_id=item.pk, step_number=2, outcome=Outcome.DONE, expected_revision=item.revision
    )
    assert 'class="returned-note"' not in editor.get(reverse("newsroom:item", args=[item.pk])).content.decode()
