"""A takedown in a real browser: the item offers to delete its posts; the Staf Admin deletes them and confirms the
WhatsApp one by hand."""

from pathlib import Path

import pytest

from redaksi.newsroom.services import item_takedown
from redaksi.social import services
from redaksi.social.models import Followup, Share
from redaksi.social.networks import memory
from redaksi.social.selectors import item_shares

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def _account(office, network, name, handle):
    return services.SocialAccount.objects.create(
        office=office, network=network, name=name, backend="memory", options={"account": handle, "handle": handle}
    )


def _shot(page, name: str) -> None:
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#followups").screenshot(path=str(ARTIFACTS / f"social-followup-{name}-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), width


def test_a_takedown_offers_to_delete_the_posts_and_the_staf_admin_deletes_them(
    page, login, live_server, staff, office, at_share_with_photo
):
    item = at_share_with_photo
    fb = _account(office, "facebook", "Diskominfotik Bengkalis", "fb")
    x = _account(office, "x", "@diskominfotik", "x")
    wa = _account(office, "whatsapp", "Saluran Bengkalis", "wa")
    texts = {s.account_id: (s.text, s.title) for s in item_shares(item)}
    services.shares_send(actor=staff["admin"], item_id=item.pk, texts=texts, send=[fb.pk, x.pk])
    services.share_proof(actor=staff["admin"], item_id=item.pk, account_id=wa.pk, url="https://whatsapp.com/channel/1")
    assert len(memory.POSTS) == 2
    item_takedown(actor=staff["head"], item_id=item.pk, reason="Data jembatan keliru")

    login(staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    offers = page.locator("#followups .followup")
    assert offers.count() == 3
    assert page.locator("#followups [data-network=facebook] button[value=act]").inner_text() == "Hapus kiriman"
    assert "tidak dapat menjangkau" in page.locator("#followups [data-network=whatsapp]").inner_text()
    assert page.locator("#followups [data-network=whatsapp] button[value=act]").count() == 0
    _shot(page, "offered")

    page.click("#followups [data-network=facebook] button[value=act]")
    page.wait_for_url(lambda url: url.endswith("#followups"))
    assert page.locator("#followups [data-network=facebook]").get_attribute("data-status") == "done"
    assert "kiriman sudah dihapus" in page.locator("#followups [data-network=facebook]").inner_text()
    page.click("#followups [data-network=x] button[value=act]")
    assert page.locator("#followups [data-network=x]").get_attribute("data-status") == "done"
    assert all(kept.deleted for kept in memory.POSTS)

    # WhatsApp: without a note nothing is kept, and the page says why; with one, it is done by hand.
    page.click("#followups [data-network=whatsapp] button[value=by_hand]")
    assert "Tulis catatan" in page.locator(".messages, [role=alert], .message").first.inner_text()
    assert page.locator("#followups [data-network=whatsapp]").get_attribute("data-status") == "offered"
    page.fill("#followups [data-network=whatsapp] input[name=note]", "Dihapus dari saluran, 4 Des 10.15")
    page.click("#followups [data-network=whatsapp] button[value=by_hand]")
    assert page.locator("#followups [data-network=whatsapp]").get_attribute("data-status") == "by_hand"
    _shot(page, "done")
    assert set(Followup.objects.values_list("status", flat=True)) == {"done", "by_hand"}
    assert Share.objects.filter(item=item, deleted_at__isnull=False).count() == 3
