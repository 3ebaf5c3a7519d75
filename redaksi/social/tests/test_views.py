"""The step's form and its status fragment, through the test client."""

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


def test_an_office_without_accounts_sees_the_links_box(client, at_share, staff):
    client.login(username="webadmin", password=PASSWORD)
    page = client.get(reverse("newsroom:item", args=[at_share.pk])).content.decode()
    assert 'name="links"' in page and 'id="shares"' not in page


def test_someone_else_cannot_send(client, at_share, accounts, staff):
    client.login(username="reporter", password=PASSWORD)
    x = accounts["x"]
    response = client.post(reverse("social:act", args=[at_share.pk]), {f"text-{x.pk}": "Halo", "send": str(x.pk)})
    assert response.status_code == 403 and not Share.objects.exists()
