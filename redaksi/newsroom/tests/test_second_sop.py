"""A second SOP of another shape (other roles, five steps, two decisions that both loop back to
the start) drives an item through the same desk, with no code change."""

import pytest
from django.test import Client
from django.urls import reverse

from redaksi.conftest import FIXTURES, PASSWORD
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import published_items
from redaksi.sop.services import sop_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def humas(bengkalis, settings, make_user):
    path = FIXTURES / "humas-pengumuman.yaml"
    version = sop_load(text=path.read_text(), source_name=path.name).version
    settings.REDAKSI_NEWS_SOP_CODE = "penerbitan-pengumuman"
    people = {
        "penulis": make_user("penulis", username="penulis"),
        "redaktur": make_user("redaktur", username="redaktur"),
        "pemred": make_user("pemimpin-redaksi", username="pemred"),
    }
    return version, people


def as_(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def act(user, item, outcome, reason=""):
    item.refresh_from_db()
    response = as_(user).post(
        reverse("newsroom:step", args=[item.pk, item.current_step]),
        {"outcome": outcome, "expected_revision": item.revision, "reason": reason},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    item.refresh_from_db()
    return item.current_step


def test_an_item_runs_through_a_differently_shaped_sop(humas):
    version, people = humas
    response = as_(people["penulis"]).post(
        reverse("newsroom:item_create"), {"title": "Pengumuman Libur", "body": "<p>Isi</p>"}
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.sop_version == version and item.current_step == 1

    assert act(people["penulis"], item, "done") == 2
    assert act(people["redaktur"], item, "reject", "Tanggal salah") == 1  # review "no" returns to the start
    assert act(people["penulis"], item, "done") == 2
    assert act(people["redaktur"], item, "approve") == 3
    assert act(people["pemred"], item, "reject", "Tunggu surat edaran") == 1  # approval "no" also returns to 1
    assert act(people["penulis"], item, "done") == 2
    assert act(people["redaktur"], item, "approve") == 3
    assert act(people["pemred"], item, "approve") == 4
    assert not published_items().filter(pk=item.pk).exists()
    assert act(people["redaktur"], item, "done") == 5  # the publish step of this SOP
    assert published_items().filter(pk=item.pk).exists()
    assert act(people["penulis"], item, "done") is None
    steps = list(item.step_runs.order_by("available_at", "pk").values_list("step_number", flat=True))
    assert steps == [1, 2, 1, 2, 3, 1, 2, 3, 4, 5]


def test_the_desk_shows_the_second_sops_columns_and_roles(humas):
    version, people = humas
    as_(people["penulis"]).post(reverse("newsroom:item_create"), {"title": "Pengumuman Seleksi", "body": "<p>x</p>"})
    item = NewsItem.objects.get()
    act(people["penulis"], item, "done")
    board = as_(people["redaktur"]).get(reverse("newsroom:board")).content.decode()
    assert "Menelaah naskah" in board and 'id="col-5"' in board and 'id="col-6"' not in board
    desk = as_(people["redaktur"]).get(reverse("newsroom:desk")).content.decode()
    assert "Pengumuman Seleksi" in desk
    assert (
        as_(people["pemred"])
        .post(reverse("newsroom:step", args=[item.pk, 2]), {"outcome": "approve", "expected_revision": item.revision})
        .status_code
        == 403
    )


def test_those_who_returned_an_item_to_its_writer_keep_seeing_it(humas, make_user):
    version, people = humas
    as_(people["penulis"]).post(reverse("newsroom:item_create"), {"title": "Pengumuman Lelang", "body": "<p>x</p>"})
    item = NewsItem.objects.get()
    page = reverse("newsroom:item", args=[item.pk])
    act(people["penulis"], item, "done")
    act(people["redaktur"], item, "approve")
    assert act(people["pemred"], item, "reject", "Tunggu surat edaran") == 1
    for who in ("penulis", "redaktur", "pemred"):  # the writer, and the editor and approver who had it
        assert as_(people[who]).get(page).status_code == 200, who
    assert "Pengumuman Lelang" in as_(people["pemred"]).get(reverse("newsroom:board")).content.decode()
    stranger = make_user("penulis", username="penulis2")  # never acted on it: still another writer's draft
    assert as_(stranger).get(page).status_code == 404
    assert as_(people["redaktur"]).get(reverse("newsroom:item_edit", args=[item.pk])).status_code == 403
