import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from redaksi.audit import services
from redaksi.audit.models import AuditEntry
from redaksi.audit.services import audit_log

LIST = reverse("audit:list")
CSV = reverse("audit:csv")
VERIFY = reverse("audit:verify")


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff["sysadmin"])
    return client


@pytest.fixture
def at(monkeypatch):
    """Write entries at a chosen UTC time."""

    def write(when: datetime, **kwargs) -> AuditEntry:
        # django.utils.timezone itself: put it back at once, or sessions would expire oddly.
        with monkeypatch.context() as patch:
            patch.setattr(services.timezone, "now", lambda: when)
            return audit_log(**kwargs)

    return write


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_list_shows_entries_newest_first_in_local_time(admin_client, at, staff):
    at(
        datetime(2026, 11, 24, 3, 15, tzinfo=UTC),
        action="sop.step.approve",
        actor=staff["head"],
        acting_role="Plh. Kabag",
        obj=staff["reporter"],
        data={"catatan": "Sudah sesuai"},
    )
    at(datetime(2026, 11, 24, 4, 0, tzinfo=UTC), action="auth.logout", actor=staff["editor"])
    response = admin_client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "24 November 2026 10.15 WIB" in html
    assert "24 November 2026 11.00 WIB" in html
    assert html.index("auth.logout") < html.index("sop.step.approve")
    assert "Hendra Saputra" in html and "Plh. Kabag" in html
    assert f"accounts.user #{staff['reporter'].pk}" in html
    assert "{&quot;catatan&quot;:&quot;Sudah sesuai&quot;}" in html
    assert response["Cache-Control"].startswith("private") or "no-store" in response["Cache-Control"]


def test_actor_name_with_markup_is_escaped(admin_client):
    audit_log(action="auth.login_failed", actor_name="<script>alert(1)</script>", data={"u": "<b>x</b>"})
    html = admin_client.get(LIST).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>x</b>" not in html


def test_filters(admin_client, at, staff):
    base = datetime(2025, 3, 9, 17, 30, tzinfo=UTC)  # 10 March 00.30 WIB
    at(base - timedelta(hours=1), action="auth.login", actor=staff["editor"])  # 9 March 23.30 WIB
    at(base, action="sop.step.submit", actor=staff["reporter"], obj=staff["head"])
    at(base + timedelta(days=1), action="sop.steps", actor=staff["head"])
    at(base + timedelta(days=1), action="auth.logout", actor_name="Tamu")

    def actions(**query) -> set[str]:
        response = admin_client.get(LIST, query)
        assert response.status_code == 200
        return {e.action for e in response.context["page"].entries}

    assert actions(action="sop.step.") == {"sop.step.submit"}
    assert actions(action="sop.step") == {"sop.step.submit", "sop.steps"}
    assert actions(action="auth.", actor="tam") == {"auth.logout"}
    assert actions(actor="siti", action="auth.") == {"auth.login"}
    assert actions(actor=str(staff["head"].pk), action="sop.") == {"sop.steps"}
    assert actions(date_from="2025-03-10", date_to="2025-03-10", action="s") == {"sop.step.submit"}
    assert actions(date_from="2025-03-10", action="auth.") == {"auth.logout"}
    assert actions(date_to="2025-03-09", action="auth.") == {"auth.login"}
    assert actions(object_type="accounts.user", object_id=str(staff["head"].pk), action="s") == {"sop.step.submit"}
    assert actions(object_id=str(staff["head"].pk), action="sop.") == {"sop.step.submit"}
    assert actions(action="nothing.") == set()


def test_keyset_pages_without_counting(admin_client):
    for n in range(1, 121):
        audit_log(action="page.test", data={"n": n})
    seqs = AuditEntry.objects.filter(action="page.test").order_by("-seq").values_list("seq", flat=True)
    newest_first = list(seqs)

    with CaptureQueriesContext(connection) as queries:
        first = admin_client.get(LIST, {"action": "page."}).context
    # Other counts on the page (the inbox badge) are small; the record itself is never counted.
    assert not any(
        "COUNT(" in q["sql"].upper() and "AUDIT_AUDITENTRY" in q["sql"].upper() for q in queries.captured_queries
    )
    assert [e.seq for e in first["page"].entries] == newest_first[:50]
    assert first["page"].newer_after is None

    second = admin_client.get(LIST + "?" + first["older_query"]).context
    assert [e.seq for e in second["page"].entries] == newest_first[50:100]
    third = admin_client.get(LIST + "?" + second["older_query"]).context
    assert [e.seq for e in third["page"].entries] == newest_first[100:]
    assert third["page"].older_before is None

    back = admin_client.get(LIST + "?" + third["newer_query"]).context
    assert [e.seq for e in back["page"].entries] == newest_first[50:100]
    oldest = admin_client.get(LIST + "?" + first["oldest_query"]).context
    assert [e.seq for e in oldest["page"].entries] == newest_first[70:]
    assert "action=page." in first["older_query"]
    html = admin_client.get(LIST + "?" + first["older_query"]).content.decode()
    assert "Newer" in html or "Lebih baru" in html


def test_htmx_gets_only_the_results(admin_client):
    audit_log(action="auth.login", actor_name="Siti")
    response = admin_client.get(LIST, {"action": "auth."}, headers={"HX-Request": "true", "HX-Target": "audit-results"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="audit-results"')
    assert "<html" not in html and "auth.login" in html
    assert "HX-Target" in response["Vary"]


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "x" * 5000},
        {"action": "a" * 101},
        {"object_type": "t" * 101},
        {"object_id": "1" * 65},
        {"actor": "bob\x00"},
        {"date_from": "2026-13-45"},
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "2026-11-25", "date_to": "2026-11-24"},
        {"date_from": "'; DROP TABLE audit_auditentry; --"},
    ],
)
def test_malformed_filters_give_a_form_error(admin_client, query):
    response = admin_client.get(LIST, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["page"] is None
    assert 'class="error"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"before": "abc"},
        {"before": "9" * 5000},
        {"after": "-1"},
        {"after": "１２"},  # full-width digits
        {"before": "99999999999999999999999"},
        {"actor": "9" * 40},
        {"actor": "%", "action": "_"},
    ],
)
def test_odd_page_anchors_and_wildcards_are_harmless(admin_client, query):
    audit_log(action="auth.login", actor_name="Siti")
    response = admin_client.get(LIST, query)
    assert response.status_code == 200
    assert not response.context["form"].errors


def test_csv_export(admin_client, staff):
    audit_log(
        action="sop.step.approve",
        actor=staff["head"],
        acting_role="Plh. Kabag",
        obj=staff["reporter"],
        data={"judul": "Jembatan Siak — “baru”"},
    )
    response = admin_client.get(CSV, {"action": "sop.step"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="catatan-aktivitas-')
    rows = csv_rows(response)
    assert list(rows[0]) == [
        "seq",
        "created_at",
        "actor_id",
        "actor_name",
        "acting_role",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "data",
        "ip",
        "prev_hash",
        "hash",
    ]
    assert len(rows) == 1
    entry = AuditEntry.objects.get(action="sop.step.approve")
    row = rows[0]
    assert row["seq"] == str(entry.seq)
    assert row["created_at"] == entry.created_at.astimezone(UTC).isoformat(timespec="microseconds")
    assert row["created_at"].endswith("+00:00")
    assert row["actor_id"] == str(staff["head"].pk)
    assert row["actor_name"] == "Hendra Saputra"
    assert row["acting_role"] == "Plh. Kabag"
    assert row["object_type"] == "accounts.user"
    assert row["data"] == '{"judul":"Jembatan Siak — “baru”"}'
    assert (row["prev_hash"], row["hash"]) == (entry.prev_hash, entry.hash)
    assert AuditEntry.objects.filter(action="audit.exported", actor_id=staff["sysadmin"].pk).exists()


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_csv_defuses_formulas(admin_client, name):
    audit_log(action="auth.login_failed", actor_name=name, data={"u": name})
    rows = csv_rows(admin_client.get(CSV, {"action": "auth.login_failed"}))
    assert rows[0]["actor_name"] == "'" + name
    assert rows[0]["data"].startswith("{")


def test_csv_with_bad_filters_returns_to_the_list(admin_client):
    response = admin_client.get(CSV, {"date_from": "kemarin"})
    assert response.status_code == 302
    assert response["Location"].startswith(LIST + "?")
    assert admin_client.get(response["Location"]).context["form"].errors


@pytest.mark.parametrize("url", [LIST, CSV])
def test_non_admin_is_refused_and_recorded(client, staff, url):
    client.force_login(staff["editor"])
    response = client.get(url)
    assert response.status_code == 403
    assert "system administrator" in response.content.decode() or "administrator" in response.content.decode()
    denied = AuditEntry.objects.filter(action="authz.denied").get()
    assert denied.actor_id == staff["editor"].pk
    assert denied.data["path"] == url


def test_non_admin_cannot_run_verification(client, staff):
    client.force_login(staff["reporter"])
    assert client.post(VERIFY).status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied", actor_id=staff["reporter"].pk).exists()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_verify_reports_an_intact_chain(admin_client):
    count = AuditEntry.objects.count()
    response = admin_client.post(VERIFY, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert (f"Intact: {count} entries." in response.content.decode()) or (f"Utuh: {count}" in response.content.decode())
    partial = admin_client.post(VERIFY, headers={"HX-Request": "true", "HX-Target": "audit-chain-status"})
    html = partial.content.decode()
    assert html.lstrip().startswith('<section id="audit-chain-status"')
    assert 'class="badge ok"' in html


def test_verify_names_the_first_break(admin_client):
    for n in range(3):
        audit_log(action="test.entry", data={"n": n})
    target = AuditEntry.objects.order_by("-seq")[1].seq
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
        cursor.execute("UPDATE audit_auditentry SET data = '{}' WHERE seq = %s", [target])
    response = admin_client.post(VERIFY, headers={"HX-Request": "true", "HX-Target": "audit-chain-status"})
    html = response.content.decode()
    assert 'class="badge bad"' in html
    assert str(target) in html and "content does not match its hash" in html


def test_verify_is_post_only(admin_client):
    assert admin_client.get(VERIFY).status_code == 405


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_a_browser_filters_and_the_check_work_in_place(page, live_server, staff, login):
    """With htmx (and our CSP) the table refreshes in place; the same form works without it."""
    audit_log(action="auth.login_failed", actor_name="<script>window.pwned=1</script>")
    audit_log(action="sop.step.approve", actor=staff["head"])
    login(staff["sysadmin"])
    page.goto(f"{live_server.url}{LIST}")
    page.evaluate("window.marker = 'same page'")
    assert page.locator(".audit-table tbody tr").filter(has_text="sop.step.approve").count() == 1

    page.fill("#id_action", "auth.login_f")
    page.press("#id_action", "Enter")
    page.wait_for_url("**action=auth.login_f**")
    rows = page.locator(".audit-table tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "<script>window.pwned=1</script>" in rows.first.inner_text()
    assert page.evaluate("window.marker") == "same page"
    assert page.evaluate("window.pwned") is None

    page.click("#audit-chain-status button")
    page.locator("#audit-chain-status .badge.ok").wait_for()
    assert page.evaluate("window.marker") == "same page"


def test_an_office_administrator_cannot_read_other_offices_record(db, bengkalis, make_user):
    from django.test import Client

    from redaksi.accounts.models import Office
    from redaksi.conftest import PASSWORD

    other = Office.objects.create(slug="humas-setda", name="Bagian Humas Setda")
    admin_b = make_user(office=other, is_staff=True, username="admin-b")
    audit_log(action="page.test", data={"secret": "Rahasia Kantor A"})
    client = Client()
    client.login(username=admin_b.username, password=PASSWORD)
    response = client.get(LIST)
    assert response.status_code == 403 and "Rahasia Kantor A" not in response.content.decode()
    assert client.get(reverse("audit:csv")).status_code == 403
    installation_admin = make_user(is_staff=True, username="root-admin")
    installation_admin.office = None
    installation_admin.save(update_fields=["office"])
    client.login(username=installation_admin.username, password=PASSWORD)
    assert client.get(LIST).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_wide_record_can_be_scrolled_by_keyboard(page, live_server, staff, login):
    """The record's table is wider than a phone: its box takes a tab stop and scrolls with the arrows,
    also after htmx has swapped in new results; on a wide screen it fits and leaves the tab order."""
    audit_log(action="sop.step.approve", actor=staff["head"])
    login(staff["sysadmin"])
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}{LIST}")
    box = page.locator(".table-scroll:has(.audit-table)")
    assert box.get_attribute("tabindex") == "0"
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())

    page.fill("#id_action", "sop.")
    page.press("#id_action", "Enter")
    page.wait_for_url("**action=sop.**")
    page.wait_for_function("() => document.querySelector('.table-scroll:has(.audit-table)')?.tabIndex === 0")

    page.set_viewport_size({"width": 1600, "height": 800})
    page.wait_for_function("() => !document.querySelector('.table-scroll:has(.audit-table)').hasAttribute('tabindex')")
