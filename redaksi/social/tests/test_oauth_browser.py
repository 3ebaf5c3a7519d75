"""“Hubungkan dengan X” in a real browser: the accounts screen, X's authorize page (the fake approves and redirects
back), and the account connected, in Indonesian, with no secret on any page."""

from pathlib import Path

import pytest

from redaksi.social import crypto
from redaksi.social.models import SocialAccount
from redaksi.social.tests.fakes.x import XFake

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture
def x_fake():
    fake = XFake()
    yield fake
    fake.close()
    assert fake.violations == []


def test_the_administrator_connects_x_and_is_back_connected(page, login, live_server, settings, staff, office, x_fake):
    settings.REDAKSI_BASE_URL = live_server.url  # the redirect URI registered at X leads back to this server
    account = SocialAccount.objects.create(
        office=office, network="x", name="@diskominfotik", backend="x", base_url=x_fake.url,
        options={"client_id": x_fake.client_id},
    )  # fmt: skip
    login(staff["sysadmin"])
    page.goto(f"{live_server.url}/redaksi/sosial/akun/?kantor={office.slug}")
    card = page.locator(f".account-card[data-account='{account.pk}']")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"social-connect-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    card.get_by_label("Client secret aplikasi kantor").fill(x_fake.client_secret)
    card.get_by_role("button", name="Hubungkan dengan X").click()
    page.get_by_text("terhubung. Tokennya diperbarui otomatis").wait_for()  # back from X's page
    assert page.url.startswith(f"{live_server.url}/redaksi/sosial/akun/?kantor=")
    body = page.locator("body").inner_text()
    assert "@diskominfotik terhubung. Tokennya diperbarui otomatis" in body
    assert "Terhubung: token diperbarui otomatis." in body
    assert len(x_fake.calls("GET", "/i/oauth2/authorize")) == 1 and len(x_fake.calls("POST", "/2/oauth2/token")) == 1
    account.refresh_from_db()
    assert crypto.unseal(account.token_encrypted) == x_fake.token
    html = page.content()
    assert x_fake.client_secret not in html and x_fake.token not in html
    assert x_fake.issued[0]["refresh_token"] not in html
    assert page.locator(f"#secret-{account.pk}").input_value() == ""
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"social-connected-{width}.png"), full_page=True)

    # The same answer again (the browser's Back, a copied address): refused, in Indonesian, nothing changes.
    (asked,) = x_fake.calls("GET", "/i/oauth2/authorize")
    replay = f"{live_server.url}/redaksi/sosial/akun/terhubung/?state={asked.query['state']}&code=code-9"
    page.goto(replay)
    assert "Jawaban penghubungan ini tidak sah" in page.locator("body").inner_text()
    assert len(x_fake.calls("POST", "/2/oauth2/token")) == 1
