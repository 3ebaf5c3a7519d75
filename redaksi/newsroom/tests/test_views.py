import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.newsroom.models import NewsItem, Revision
from redaksi.newsroom.services.text import _slug

from .factories import advance, new_item

pytestmark = pytest.mark.django_db

XSS = '"><img src=x onerror=alert(1)><script>alert(1)</script>'


def client_for(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def step_post(client, item, number, outcome, **extra):
    data = {"outcome": outcome, "expected_revision": item.revision, **extra}
    return client.post(reverse("newsroom:step", args=[item.pk, number]), data)


def denied_count() -> int:
    return AuditEntry.objects.filter(action="authz.denied").count()


def test_desk_lists_my_work_oldest_first_with_lights(staff, office):
    first = advance(new_item(staff, office, title="Berita Pertama"), staff, 2)
    second = advance(new_item(staff, office, title="Berita Kedua"), staff, 2)
    advance(new_item(staff, office, title="Berita di Kabag"), staff, 3)
    page = client_for(staff["editor"]).get(reverse("newsroom:desk")).content.decode()
    assert page.index(first.title) < page.index(second.title)
    assert "Berita di Kabag" not in page
    assert "light--green" in page


def test_board_has_one_column_per_sop_step_and_filters(staff, office):
    advance(new_item(staff, office, title="Jembatan Desa"), staff, 5)
    advance(new_item(staff, office, title="Pasar Murah"), staff, 2)
    c = client_for(staff["head"])
    page = c.get(reverse("newsroom:board")).content.decode()
    for n in range(1, 9):
        assert f'id="col-{n}"' in page
    assert "Jembatan Desa" in page and "Pasar Murah" in page
    page = c.get(reverse("newsroom:board"), {"q": "jembatan"}).content.decode()
    assert "Jembatan Desa" in page and "Pasar Murah" not in page
    assert c.get(reverse("newsroom:board"), {"q": "(" * 100_000}).status_code == 200


def test_the_board_finds_a_title_by_any_form_of_its_words(staff, office):
    advance(new_item(staff, office, title="Peresmian Jembatan Desa Teluk Pambang"), staff, 5)
    advance(new_item(staff, office, title="Warga Membangun Pasar Desa"), staff, 2)
    advance(new_item(staff, office, title="Rapat Koordinasi Banjir Rob"), staff, 3)
    c = client_for(staff["head"])

    def shown(q: str) -> set[str]:
        page = c.get(reverse("newsroom:board"), {"q": q}).content.decode()
        return {t for t in ("Peresmian", "Membangun", "Rapat") if t in page}

    assert shown("meresmikan") == {"Peresmian"}
    assert shown("diresmikan jembatan") == {"Peresmian"}
    assert shown("pembangunan pasar") == {"Membangun"}
    assert shown("desa") == {"Peresmian", "Membangun"}
    assert shown("dibangun jembatan") == set()
    assert shown("((") == set()


def test_create_through_the_form_ignores_extra_fields(staff, office):
    c = client_for(staff["reporter"])
    response = c.post(
        reverse("newsroom:item_create"),
        {"title": "Judul Berita", "body": "<p>Isi</p>", "status": "published", "approved_by": staff["head"].pk,
         "published_at": "2000-01-01", "current_step": 7, "approved_revision": 1},
    )  # fmt: skip
    assert response.status_code == 302
    item = NewsItem.objects.get(title="Judul Berita")
    assert item.current_step == 1 and item.published_at is None and item.approved_revision is None


def test_reporter_posting_approve_or_publish_is_refused_and_recorded(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    c = client_for(staff["reporter"])
    before = denied_count()
    assert step_post(c, item, 3, "approve").status_code == 403
    item = advance(item, staff, 7)
    assert step_post(c, item, 7, "done").status_code == 403
    item.refresh_from_db()
    assert item.current_step == 7 and item.published_at is None
    assert denied_count() == before + 2


@pytest.mark.parametrize("who", ["reporter", "editor", "head", "sysadmin"])
def test_only_the_publish_role_publishes(staff, office, who):
    item = advance(new_item(staff, office), staff, 7)
    assert step_post(client_for(staff[who]), item, 7, "done").status_code == 403
    item.refresh_from_db()
    assert item.published_at is None
    assert step_post(client_for(staff["admin"]), item, 7, "done").status_code == 302
    item.refresh_from_db()
    assert item.published_at is not None
    published = AuditEntry.objects.filter(action="sop.step.complete", object_id=str(item.pk), data__kind="publish")
    assert published.count() == 1 and published.get().actor_id == staff["admin"].pk


def test_reporter_edit_after_approval_needs_a_new_approval(staff, office):
    item = advance(new_item(staff, office), staff, 4)
    c = client_for(staff["reporter"])
    response = c.post(
        reverse("newsroom:item_edit", args=[item.pk]),
        {
            "title": item.title,
            "lead": item.lead,
            "body": "<p>Diubah setelah disetujui</p>",
            "base_revision": item.revision,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_step == 3 and item.approved_revision is None


def test_stale_approval_is_409_and_publishes_nothing(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    response = client_for(staff["head"]).post(
        reverse("newsroom:step", args=[item.pk, 3]), {"outcome": "approve", "expected_revision": item.revision + 5}
    )
    assert response.status_code == 409
    assert "Nothing was changed" in response.content.decode() or "Tidak ada" in response.content.decode()
    item.refresh_from_db()
    assert item.current_step == 3 and item.approved_revision is None


def test_double_submit_gives_exactly_one_transition(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    c = client_for(staff["head"])
    assert step_post(c, item, 3, "approve").status_code == 302
    assert step_post(c, item, 3, "approve").status_code == 409
    assert AuditEntry.objects.filter(action="sop.step.complete", object_id=str(item.pk), data__step=3).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_give_one_transition(bengkalis, staff, office):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks: PostgreSQL (SQLite serialises writers by itself)")
    item = advance(new_item(staff, office), staff, 3)
    barrier, codes = threading.Barrier(4), []

    def approve():
        try:
            c = client_for(staff["head"])
            barrier.wait()
            codes.append(step_post(c, item, 3, "approve").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [302, 409, 409, 409]
    assert AuditEntry.objects.filter(action="sop.step.complete", object_id=str(item.pk), data__step=3).count() == 1


@pytest.mark.parametrize("bad", ["127777777777", "-1", "abc", "1 OR 1=1", "%00"])
def test_unknown_ids_are_404(staff, office, bad):
    c = client_for(staff["head"])
    for path in ("", "sunting/", "pratinjau/", "bandingkan/?a=1&b=2"):
        assert c.get(f"/redaksi/berita/{bad}/{path}").status_code == 404
    assert (
        c.post(f"/redaksi/berita/{bad}/langkah/3/", {"outcome": "approve", "expected_revision": 1}).status_code == 404
    )


def test_another_writers_draft_is_404_on_every_endpoint(staff, office):
    item = new_item(staff, office)
    c = client_for(staff["reporter2"])
    urls = [
        reverse("newsroom:item", args=[item.pk]),
        reverse("newsroom:item_edit", args=[item.pk]),
        reverse("newsroom:preview", args=[item.pk]),
        reverse("newsroom:compare", args=[item.pk]) + "?a=1&b=1",
    ]
    for url in urls:
        assert c.get(url).status_code == 404, url
    for url in [reverse("newsroom:step", args=[item.pk, 1]), reverse("newsroom:take", args=[item.pk, 1]),
                reverse("newsroom:urgent", args=[item.pk]), reverse("newsroom:schedule", args=[item.pk]),
                reverse("newsroom:item_edit", args=[item.pk])]:  # fmt: skip
        assert (
            c.post(url, {"outcome": "done", "expected_revision": 1, "title": "x", "reason": "x"}).status_code == 404
        ), url
    assert c.get(reverse("newsroom:board")).content.decode().count(item.title) == 0


def test_two_editors_saving_the_same_version_keep_both_texts(staff, office, make_user):
    editor2 = make_user("kasubag", username="editor2")
    item = advance(new_item(staff, office), staff, 2)
    url = reverse("newsroom:item_edit", args=[item.pk])
    base = item.revision
    r1 = client_for(staff["editor"]).post(
        url, {"title": item.title, "body": "<p>Versi editor satu</p>", "base_revision": base}
    )
    assert r1.status_code == 302
    r2 = client_for(editor2).post(url, {"title": item.title, "body": "<p>Versi editor dua</p>", "base_revision": base})
    assert r2.status_code == 409
    page = r2.content.decode()
    assert "<ins>" in page and "<del>" in page
    bodies = set(Revision.objects.filter(item=item).values_list("body", flat=True))
    assert {"<p>Versi editor satu</p>", "<p>Versi editor dua</p>"} <= bodies
    item.refresh_from_db()
    assert item.body == "<p>Versi editor satu</p>"


def test_markup_in_titles_is_escaped_everywhere(staff, office):
    item = advance(new_item(staff, office, title=XSS, body="<p>x</p>"), staff, 2)
    c = client_for(staff["editor"])
    r = c.post(
        reverse("newsroom:item_edit", args=[item.pk]),
        {"title": XSS + " baru", "body": "<p>y</p>", "base_revision": item.revision},
        follow=True,
    )
    item.refresh_from_db()
    pages = [
        r.content.decode(),
        c.get(reverse("newsroom:desk")).content.decode(),
        c.get(reverse("newsroom:board")).content.decode(),
        c.get(reverse("newsroom:item", args=[item.pk])).content.decode(),
        c.get(reverse("newsroom:preview", args=[item.pk])).content.decode(),
        c.get(reverse("newsroom:compare", args=[item.pk]), {"a": 1, "b": 2}).content.decode(),
    ]
    for page in pages:
        assert "<img src=x onerror" not in page and "<script>alert(1)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[3]


def test_body_links_and_embeds_are_sanitized_through_the_form(staff, office):
    c = client_for(staff["reporter"])
    body = ('<p><a href="JaVaScRiPt:alert(1)">a</a><a href="&#x6a;avascript:alert(1)">b</a>'
            '<a href="data:text/html,x">c</a></p><iframe src="x"></iframe><style>p{}</style>'
            '<svg><script>1</script></svg>'
            '<img src="x" onerror="alert(1)" alt="x&quot; onmouseover=&quot;alert(1)">')  # fmt: skip
    c.post(reverse("newsroom:item_create"), {"title": "Tautan", "body": body})
    stored = NewsItem.objects.get(title="Tautan").body
    for bad in ("javascript", "data:", "<iframe", "<style", "<svg", "<script", "onerror", 'onmouseover="'):
        assert bad not in stored.lower()


@pytest.mark.parametrize("title", ["../../admin", "<b>Judul</b>", "J" * 5000, "ﬁle Сyrillic"])
def test_slugs_are_normalised(title):
    slug = _slug(title)
    assert slug and len(slug) <= 100 and "/" not in slug and "<" not in slug and ".." not in slug


@pytest.mark.parametrize("title", ["Judul\x00berbahaya", "J" * 10_000])
def test_nul_and_huge_titles_are_form_errors(staff, office, title):
    response = client_for(staff["reporter"]).post(reverse("newsroom:item_create"), {"title": title, "body": "<p>x</p>"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not NewsItem.objects.exists()


def test_reject_without_reason_is_a_message_not_a_transition(staff, office):
    item = advance(new_item(staff, office), staff, 3)
    response = step_post(client_for(staff["head"]), item, 3, "reject", reason="  ")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_step == 3


def test_share_step_records_links_and_finishes(staff, office):
    item = advance(new_item(staff, office), staff, 8)
    response = step_post(
        client_for(staff["admin"]), item, 8, "done", links="https://facebook.com/p/1\nhttps://x.com/s/2"
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.current_step is None and item.share_links == ["https://facebook.com/p/1", "https://x.com/s/2"]
    bad = advance(new_item(staff, office, title="Lain"), staff, 8)
    step_post(client_for(staff["admin"]), bad, 8, "done", links="javascript:alert(1)")
    bad.refresh_from_db()
    assert bad.current_step == 8


def test_urgent_publication_through_the_desk(staff, office):
    item = advance(new_item(staff, office), staff, 2)
    c = client_for(staff["head"])
    assert c.post(reverse("newsroom:urgent", args=[item.pk]), {"reason": ""}).status_code == 302
    item.refresh_from_db()
    assert item.published_at is None
    assert (
        client_for(staff["editor"]).post(reverse("newsroom:urgent", args=[item.pk]), {"reason": "x"}).status_code == 403
    )
    c.post(reverse("newsroom:urgent", args=[item.pk]), {"reason": "Peringatan banjir rob"})
    item.refresh_from_db()
    assert item.urgent_published_at is not None and item.current_step == 2


def test_anonymous_is_sent_to_login(staff, office):
    item = new_item(staff, office)
    response = Client().get(reverse("newsroom:item", args=[item.pk]))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_takedown_needs_a_reason_and_the_right_role(staff, office):
    item = advance(new_item(staff, office), staff, None)
    url = reverse("newsroom:takedown", args=[item.pk])
    assert client_for(staff["reporter"]).post(url, {"reason": "salah"}).status_code == 403
    client_for(staff["head"]).post(url, {"reason": ""})
    item.refresh_from_db()
    assert item.taken_down_at is None
    assert client_for(staff["head"]).post(url, {"reason": "Data anggaran keliru"}).status_code == 302
    item.refresh_from_db()
    assert item.taken_down_at is not None and item.takedown_reason == "Data anggaran keliru"
    assert AuditEntry.objects.filter(action="newsroom.item.takedown", object_id=str(item.pk)).count() == 1
    assert client_for(staff["head"]).post(url, {"reason": "lagi"}).status_code == 409


def test_any_two_revisions_can_be_compared(staff, office):
    item = advance(new_item(staff, office, title="Judul Satu"), staff, 2)
    c = client_for(staff["editor"])
    for title in ["Judul Dua", "Judul Tiga"]:
        item.refresh_from_db()
        c.post(
            reverse("newsroom:item_edit", args=[item.pk]),
            {"title": title, "body": item.body, "base_revision": item.revision},
        )
    page = c.get(reverse("newsroom:item", args=[item.pk])).content.decode()
    assert 'name="a"' in page and 'name="b"' in page
    diff = c.get(reverse("newsroom:compare", args=[item.pk]), {"a": 1, "b": 3}).content.decode()
    assert "<del>Satu</del>" in diff and "<ins>Tiga</ins>" in diff
    assert c.get(reverse("newsroom:compare", args=[item.pk]), {"a": 1, "b": 99}).status_code == 404
    assert c.get(reverse("newsroom:compare", args=[item.pk]), {"a": "x", "b": 2}).status_code == 404
