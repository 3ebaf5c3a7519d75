"""Read-only pages refuse other methods; a form without its CSRF token gets a page in the user's language;
staff addresses stay out of search engines without being listed in robots.txt (issue 13, finding 10)."""

import logging

import pytest
from django.test import Client

from redaksi.newsroom.tests.factories import new_item

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "/staf/",
    "/akun/pengguna/",
    "/akun/peran/",
    "/akun/plt-plh/",
    "/sop/",
    "/catatan/",
    "/catatan/csv/",
    "/redaksi/",
    "/redaksi/papan/",
    "/redaksi/berita/{item}/",
    "/redaksi/berita/{item}/pratinjau/",
    "/redaksi/berita/{item}/bandingkan/",
    "/redaksi/media/berita/{item}/",
    "/redaksi/media/galeri/",
    "/notifikasi/",
    "/notifikasi/verifikasi/",
    "/cari/",
]


def test_read_only_pages_answer_other_methods_with_405(client, staff, office):
    item = new_item(staff, office)
    client.force_login(staff["sysadmin"])
    for address in READ_ONLY:
        address = address.format(item=item.pk)
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(address).status_code == 405, (method, address)
        assert client.head(address).status_code != 405, address  # HEAD is a read


def test_a_form_without_its_token_gets_a_page_in_indonesian_and_is_logged(staff, caplog):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(staff["reporter"])
    with caplog.at_level(logging.WARNING, logger="redaksi.security"):
        response = client.post("/redaksi/berita/baru/", {"title": "Judul"})
    assert response.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in response.content.decode()
    assert "CSRF refused: POST /redaksi/berita/baru/" in caplog.text


def test_staff_addresses_carry_noindex_and_robots_txt_names_none(client, settings, tmp_path):
    response = client.get("/akun/masuk/")
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    from django.template.loader import render_to_string

    robots = render_to_string("public/robots.txt", {"sitemap": "https://x.example/sitemap.xml"})
    for staff_path in ("/redaksi/", "/akun/", "/staf/", "/sop/", "/catatan/", "/notifikasi/"):
        assert staff_path not in robots
