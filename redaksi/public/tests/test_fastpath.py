"""The rendered site's files served before Django: the same answers as the app's view, or none at all."""

import os
from wsgiref.util import setup_testing_defaults

import pytest

from redaksi.newsroom.selectors import public_path
from redaksi.public.fastpath import PublicFiles, staff_prefixes
from redaksi.public.render import files

pytestmark = pytest.mark.django_db


class Inner:
    """Django, as far as the wrapper can tell: records that it was asked."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    def __call__(self, environ, start_response):
        self.paths.append(environ["PATH_INFO"])
        start_response("299 Django", [("Content-Type", "text/plain")])
        return [b"django"]


def call(app, path: str, method: str = "GET", **headers: str):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, **headers}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, response_headers):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(response_headers)

    answer["body"] = b"".join(app(environ, start_response))
    return answer


@pytest.fixture
def item(publish):
    return publish(title="Festival Pantai Selatbaru", tags=["Bantan"])


@pytest.fixture
def app():
    inner = Inner()
    return PublicFiles(inner), inner


def test_staff_addresses_are_reserved_and_public_ones_are_not():
    reserved = staff_prefixes()
    for prefix in ("/akun/", "/redaksi/", "/sop/", "/catatan/", "/notifikasi/", "/staf/", "/i18n/", "/static/"):
        assert prefix in reserved, reserved
    assert not any(p in reserved for p in ("/cari/", "/api/", "/berita/", "/"))


def test_rendered_files_get_the_same_answer_as_from_the_app(item, client, app):
    wrapper, inner = app
    page = client.get(public_path(item))
    css = page.content.decode().split('rel="stylesheet" href="')[1].split('"')[0]
    for path in (public_path(item), "/", "/rss.xml", "/sitemap.xml", css):
        django = client.get(path)
        fast = call(wrapper, path)
        assert fast["status"] == 200 == django.status_code, path
        assert fast["body"] == django.content, path
        for header in (
            "Content-Type",
            "Content-Length",
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
        ):
            assert fast["headers"].get(header) == django.get(header), (path, header)
    assert inner.paths == []

    again = call(wrapper, public_path(item), HTTP_IF_NONE_MATCH=page["ETag"])
    assert again["status"] == 304 and again["body"] == b""
    head = call(wrapper, public_path(item), method="HEAD")
    assert head["status"] == 200 and head["body"] == b"" and head["headers"]["Content-Length"] == page["Content-Length"]


def test_everything_else_is_left_to_django(item, app, public_root):
    wrapper, inner = app
    (public_root / "akun" / "masuk").mkdir(parents=True)
    (public_root / "akun" / "masuk" / "index.html").write_text("not the login page")
    (public_root / "gone").mkdir()
    (public_root / "gone" / "index.html").write_text("taken down")
    (public_root / "gone" / files.TOMBSTONE).write_text("")
    (public_root / "besar.mp4").write_bytes(b"\0" * (4 * 1024 * 1024 + 1))
    (public_root / "catatan.zzq").write_bytes(b"MZ")
    outside = public_root.parent / "rahasia.html"
    outside.write_text("SECRET")
    os.symlink(outside, public_root / "tautan.html")
    asked = [
        "/akun/masuk/",  # staff addresses win even over a file of the same name
        "/gone/",  # taken down: Django answers 410
        "/tidak-ada/",  # unknown: the friendly 404
        "/berita",  # a folder without its slash: Django redirects
        "/besar.mp4",  # streamed by Django
        "/catatan.zzq",  # a kind of file the renderer never writes
        "/tautan.html",  # a link out of the folder
        "/../rahasia.html",
        "/.render.lock",
        "/berita/.gone",
        "/index.html\x00.txt",
        "relative",
    ]
    for path in asked:
        assert call(wrapper, path)["status"] == 299, path
    assert call(wrapper, public_path(item), method="POST")["status"] == 299
    assert inner.paths == [*asked, public_path(item)]
