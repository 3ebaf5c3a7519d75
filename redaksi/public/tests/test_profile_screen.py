"""The website profile screen: system administrators only, recorded, validated, and it rebuilds the site."""

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from redaksi.audit.models import AuditEntry
from redaksi.conftest import PASSWORD
from redaksi.public import tasks
from redaksi.public.models import SiteProfile

pytestmark = [pytest.mark.django_db, pytest.mark.urls("redaksi.public.tests.staff_urlconf")]
URL = "/redaksi/situs/"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def png(width=600, height=300) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (10, 60, 110, 255)).save(out, "PNG")
    return out.getvalue()


def form_data(**extra) -> dict:
    data = {
        "government": "Pemerintah Kabupaten Bengkalis",
        "name": "Dinas Komunikasi, Informatika dan Statistik",
        "short_name": "Diskominfotik",
        "tagline": "Informasi publik yang cepat dan tepat.",
        "about": "Kami mengelola informasi publik.",
        "address": "Jl. Pertanian No. 1, Bengkalis",
        "phone": "(0766) 21010",
        "email": "diskominfotik@bengkaliskab.go.id",
        "website": "diskominfotik.bengkaliskab.go.id",
        "ppid_url": "https://ppid.bengkaliskab.go.id/",
    }
    data.update(extra)
    return data


@pytest.fixture
def as_user(client):
    def do(user):
        client.login(username=user.username, password=PASSWORD)
        return client

    return do


@pytest.mark.parametrize("who", ["reporter", "admin"])
def test_only_system_administrators_may_open_or_save_it_and_refusals_are_recorded(as_user, staff, who):
    client = as_user(staff[who])
    with mock.patch.object(tasks, "rebuild_site") as rebuild:
        assert client.get(URL).status_code == 403
        assert client.post(URL, form_data(name="Dinas Palsu")).status_code == 403
    rebuild.enqueue.assert_not_called()
    denied = AuditEntry.objects.filter(action="authz.denied", actor_id=staff[who].pk)
    assert denied.count() == 2
    assert denied.first().data["what"] == "profile_edit"


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_saving_records_the_change_and_queues_the_full_rebuild(
    as_user, staff, office, django_capture_on_commit_callbacks, public_root
):
    client = as_user(staff["sysadmin"])
    assert client.get(URL).status_code == 200
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    with mock.patch.object(tasks, "rebuild_site") as rebuild, django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**form_data(), "logo": logo})
    assert response.status_code == 302
    rebuild.enqueue.assert_called_once_with()
    office.refresh_from_db()
    assert office.short_name == "Diskominfotik" and office.email == "diskominfotik@bengkaliskab.go.id"
    profile = SiteProfile.objects.get(office=office)
    assert profile.ppid_url == "https://ppid.bengkaliskab.go.id/"
    assert bytes(profile.logo_png).startswith(b"\x89PNG") and profile.logo_height == 256
    entry = AuditEntry.objects.get(action="public.profile.edit")
    assert entry.actor_id == staff["sysadmin"].pk
    assert {"short_name", "logo", "ppid_url"} <= set(entry.data["changed"])


def test_the_logo_shows_in_the_masthead_after_the_rebuild(
    as_user, staff, django_capture_on_commit_callbacks, public_root, publish
):
    publish()
    client = as_user(staff["sysadmin"])
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs the rebuild
        client.post(URL, {**form_data(), "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png")})
    home = (public_root / "index.html").read_text()
    assert 'class="identity__logo" src="/aset/logo.' in home
    logo_file = next((public_root / "aset").glob("logo.*.png"))
    assert Image.open(logo_file).size == (512, 256)
    assert "Informasi publik yang cepat dan tepat." in (public_root / "profil/index.html").read_text()


@pytest.mark.parametrize(
    ("name", "content"),
    [("logo.svg", SVG), ("logo.png", SVG), ("logo.png", b"<html><script>alert(1)</script></html>")],
)
def test_an_svg_or_markup_logo_is_refused_whatever_its_name(as_user, staff, office, name, content):
    client = as_user(staff["sysadmin"])
    with mock.patch.object(tasks, "rebuild_site") as rebuild:
        response = client.post(URL, {**form_data(), "logo": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "SVG" in response.content.decode()
    rebuild.enqueue.assert_not_called()
    assert not SiteProfile.objects.filter(office=office).exclude(logo_png=b"").exists()


def test_a_pixel_flood_logo_is_refused(as_user, staff):
    client = as_user(staff["sysadmin"])
    flood = png(1, 1).replace(b"\x00\x00\x00\x01\x00\x00\x00\x01", b"\x00\x00\xc3\x50\x00\x00\xc3\x50", 1)
    response = client.post(URL, {**form_data(), "logo": SimpleUploadedFile("big.png", flood)})
    assert response.status_code == 200 and b"errorlist" in response.content


@pytest.mark.parametrize(
    ("field", "value"),
    [("email", "humas@gmail.com"), ("ppid_url", "javascript:alert(1)"), ("ppid_url", "http://ppid.example.go.id/")],
)
def test_bad_identity_values_are_refused(as_user, staff, office, field, value):
    client = as_user(staff["sysadmin"])
    response = client.post(URL, form_data(**{field: value}))
    assert response.status_code == 200 and b"errorlist" in response.content
    office.refresh_from_db()
    assert office.email != "humas@gmail.com"


def test_another_offices_administrator_may_not_edit_it(as_user, make_user, office):
    from redaksi.accounts.models import Office

    other = Office.objects.create(name="Dinas Lain", short_name="Lain", slug="dinas-lain")
    outsider = make_user(office=other, username="admin-lain", is_staff=True)
    client = as_user(outsider)
    with mock.patch.object(tasks, "rebuild_site") as rebuild:
        assert client.get(URL).status_code == 403
        assert client.post(URL, form_data(tagline="Diubah oleh dinas lain")).status_code == 403
    rebuild.enqueue.assert_not_called()
    assert not SiteProfile.objects.filter(office=office, tagline="Diubah oleh dinas lain").exists()
    denied = AuditEntry.objects.filter(action="authz.denied", actor_id=outsider.pk)
    assert denied.count() == 2 and denied.first().data["what"] == "profile_edit"


def test_the_main_colour_reaches_every_page_through_a_stylesheet(
    as_user, staff, office, django_capture_on_commit_callbacks, public_root, publish
):
    publish()
    assert "/aset/warna." not in (public_root / "index.html").read_text()  # the default needs no sheet
    client = as_user(staff["sysadmin"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, form_data(brand_colour="#8B1A1A")).status_code == 302
    assert SiteProfile.objects.get(office=office).brand_colour == "#8b1a1a"
    home = (public_root / "index.html").read_text()
    sheet = home.split('<link rel="stylesheet" href="/aset/warna.')[1].split('"')[0]
    assert "--brand:#8b1a1a;" in (public_root / "aset" / f"warna.{sheet}").read_text()
    assert f"/aset/warna.{sheet}" in (public_root / "profil/index.html").read_text()


@pytest.mark.parametrize(("given", "message"), [("#ffd84d", "terlalu terang"), ("biru", "heksadesimal")])
def test_a_light_or_malformed_colour_is_refused_in_indonesian(as_user, staff, office, given, message):
    client = as_user(staff["sysadmin"])
    with mock.patch.object(tasks, "rebuild_site") as rebuild:
        response = client.post(URL, form_data(brand_colour=given), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert message in response.content.decode()
    rebuild.enqueue.assert_not_called()
    assert not SiteProfile.objects.filter(office=office).exclude(brand_colour="#0b3d6e").exists()
