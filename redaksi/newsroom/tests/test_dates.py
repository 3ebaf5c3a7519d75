"""Every date and time field round-trips in Indonesian: the value a form writes is one the browser reads.

Django writes a date widget's value in the active language's first input format (dd-mm-yyyy for
Indonesian), which a browser's date input rejects, showing the field empty: the next save erased the
date. These tests render each form in Indonesian, and a real browser saves an item untouched.
"""

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from redaksi.accounts.forms import AppointmentEndForm, AppointmentForm
from redaksi.audit.forms import EntryFilterForm
from redaksi.conftest import PASSWORD
from redaksi.core.clock import WIB
from redaksi.media.forms import GalleryDetailsForm
from redaksi.newsroom.forms import ItemForm, ScheduleForm
from redaksi.newsroom.models import NewsItem

from .factories import advance, new_item

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.mark.parametrize(
    ("form", "name", "value", "expected"),
    [
        (lambda initial: ItemForm(initial=initial), "event_date", date(2026, 12, 2), "2026-12-02"),
        (lambda initial: GalleryDetailsForm(initial=initial), "event_date", date(2026, 12, 2), "2026-12-02"),
        (lambda initial: AppointmentForm(initial=initial), "starts_on", date(2026, 12, 2), "2026-12-02"),
        (lambda initial: AppointmentForm(initial=initial), "ends_on", date(2027, 1, 31), "2027-01-31"),
        (lambda initial: AppointmentEndForm(initial=initial), "on", date(2026, 12, 2), "2026-12-02"),
        (lambda initial: EntryFilterForm(initial=initial), "date_from", date(2026, 12, 2), "2026-12-02"),
        (lambda initial: EntryFilterForm(initial=initial), "date_to", date(2026, 12, 2), "2026-12-02"),
        (
            lambda initial: ScheduleForm(initial=initial),
            "publish_at",
            datetime(2026, 12, 2, 9, 5, tzinfo=WIB),
            "2026-12-02T09:05",
        ),
    ],
)
@pytest.mark.django_db
def test_date_fields_render_iso_values_in_indonesian(settings, form, name, value, expected):
    settings.TIME_ZONE = "Asia/Jakarta"
    with translation.override("id"):
        html = str(form({name: value})[name])
    assert f'value="{expected}"' in html, html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editing_an_item_keeps_its_event_date_and_scheduled_time(
    browser, live_server, bengkalis, staff, office, settings
):
    settings.TIME_ZONE = "Asia/Jakarta"
    item = new_item(staff, office, event_date=date(2026, 12, 2), place="Bengkalis")
    advance(item, staff, 2)

    context, page = _logged_in(browser, live_server, staff["editor"])

    # Saved untouched apart from the title: the date the browser shows is the date kept.
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/sunting/")
    assert page.input_value("#id_event_date") == "2026-12-02"
    page.fill("#id_title", "Bupati Resmikan Jembatan Desa Teluk Lancar")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{item.pk}/")
    item.refresh_from_db()
    assert item.title == "Bupati Resmikan Jembatan Desa Teluk Lancar"
    assert item.event_date == date(2026, 12, 2)

    # A date chosen in the picker is stored as chosen.
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/sunting/")
    page.fill("#id_event_date", "2026-12-05")
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{item.pk}/")
    item.refresh_from_db()
    assert item.event_date == date(2026, 12, 5)
    context.close()

    # The scheduled time at the publication step shows as set and survives a save untouched.
    advance(item, staff, 7)
    NewsItem.objects.filter(pk=item.pk).update(publish_at=datetime(2027, 1, 4, 9, 30, tzinfo=WIB))
    context, page = _logged_in(browser, live_server, staff["admin"])
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/")
    assert page.input_value("#id_publish_at") == "2027-01-04T09:30"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "item-schedule-1280.png"), full_page=True)
    schedule = page.locator(f"form[action$='/berita/{item.pk}/jadwal/']")
    page.locator("details", has=schedule).locator("summary").click()
    schedule.locator("button[type=submit]").click()
    page.wait_for_url(f"**/redaksi/berita/{item.pk}/")
    item.refresh_from_db()
    assert item.publish_at == datetime(2027, 1, 4, 9, 30, tzinfo=WIB)
    context.close()


def _logged_in(browser, live_server, user):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/redaksi/")
    return context, page
