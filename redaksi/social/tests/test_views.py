"""The step's form and its status fragment, through the test client."""

import io

from django.urls import reverse

from redaksi.conftest import PASSWORD
from redaksi.social.models import Share


def test_the_form_keeps_texts_sends_one_and_the_statuses_follow(client, at_share, accounts, staff):
    client.login(username="webadmin", password=PASSWORD)
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert page.count('class="share-card"') == 3 and 'name="links"' not in page
    fb, x, wa = accounts["facebook"], accounts["x"], accounts["whatsapp"]
    data = {f"text-{fb.pk}": "Teks Facebook", f"text-{x.pk}": "Teks X", f"text-{wa.pk}": "Teks WA", "send": str(x.pk)}
    client.post(reverse("social:act", args=[at_share.pk]), data)
    shares = {s.account_id: s for s in Share.objects.filter(item=at_share)}
    assert shares[fb.pk].status == Share.Status.DRAFT and shares[fb.pk].text == "Teks Facebook"
    assert shares[x.pk].status == Share.Status.QUEUED and shares[wa.pk].text == "Teks WA"
    fragment = client.get(reverse("social:statuses", args=[at_share.pk])).content.decode()
    assert f'id="share-status-{x.pk}" data-status="queued" hx-swap-oob="true"' in fragment
    assert 'hx-trigger="every 4s"' in fragment  # it keeps asking while a post is on its way
    Share.objects.filter(account=x).update(status=Share.Status.POSTED)
    assert "HX-Refresh" not in client.get(reverse("social:statuses", args=[at_share.pk]))  # the drafts stay as typed
    Share.objects.filter(account=x).update(status=Share.Status.REFUSED)
    answer = client.get(reverse("social:statuses", args=[at_share.pk]))
    assert answer["HX-Refresh"] == "true" and 'hx-trigger="every 4s"' not in answer.content.decode()


def test_an_office_without_accounts_sees_the_links_box(client, at_share, staff):
    client.login(username="webadmin", password=PASSWORD)
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert 'name="links"' in page and 'id="shares"' not in page


def test_someone_else_cannot_send(client, at_share, accounts, staff):
    client.login(username="reporter", password=PASSWORD)
    x = accounts["x"]
    response = client.post(reverse("social:act", args=[at_share.pk]), {f"text-{x.pk}": "Halo", "send": str(x.pk)})
    assert response.status_code == 403 and not Share.objects.exists()


def test_the_reach_shows_on_the_item_after_the_step(client, at_share, accounts, staff, time_machine):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from redaksi.newsroom.services import step_complete
    from redaksi.social import sending, services
    from redaksi.sop.engine import Outcome

    time_machine.move_to(timezone.now(), tick=False)
    for account in (accounts["x"], accounts["whatsapp"]):
        account.active = False
        account.save()
    fb = accounts["facebook"]
    sent = services.shares_send(actor=staff["admin"], item_id=at_share.pk, texts={fb.pk: ("Halo", "")}, send=[fb.pk])
    sending.share_deliver(sent.queued[0].pk)
    step_complete(
        actor=staff["admin"],
        item_id=at_share.pk,
        step_number=8,
        outcome=Outcome.DONE,
        expected_revision=at_share.revision,
    )
    time_machine.shift(timedelta(days=1, minutes=1))
    out = io.StringIO()
    call_command("social_send", stdout=out)
    assert out.getvalue().strip() == "posted 0, reach read 1, follow-ups done 0"
    client.login(username="webadmin", password=PASSWORD)
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert "100 reached" in page and "150 views" in page and "https://memory.example/facebook/m1" in page


def test_an_administrator_finds_the_accounts_screen_from_the_website_profile(client, staff, office):
    client.login(username="sysadmin", password=PASSWORD)
    page = client.get(reverse("public_staff:profile")).content.decode()
    assert f'href="{reverse("social:accounts")}?kantor={office.slug}"' in page


def test_a_network_that_gives_no_figures_says_so_and_figures_are_one_list(
    client, at_share, accounts, staff, time_machine, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from redaksi.social import sending, services
    from redaksi.social.base import Metrics
    from redaksi.social.networks import memory

    time_machine.move_to(timezone.now(), tick=False)
    fb, x = accounts["facebook"], accounts["x"]
    texts = {fb.pk: ("Halo", ""), x.pk: ("Halo X", "")}
    for share in services.shares_send(
        actor=staff["admin"], item_id=at_share.pk, texts=texts, send=[fb.pk, x.pk]
    ).queued:
        sending.share_deliver(share.pk)
    real = memory.Client.metrics
    monkeypatch.setattr(  # X's account answers no figures, as Telegram's Bot API does
        memory.Client, "metrics", lambda self, p: Metrics() if self.account == "x" else real(self, p)
    )
    time_machine.shift(timedelta(days=1, minutes=1))
    assert sending.shares_sweep() == (0, 2)
    client.login(username="editor", password=PASSWORD)  # not the step's person: the posts' table
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert "<span>100 reached</span><span>150 views</span><span>7 likes</span>" in page
    assert page.count("The network gives no figures for this post.") == 1
