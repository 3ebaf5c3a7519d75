"""The one PDF renderer: our static files load, nothing else is ever fetched."""

import base64
import io
import re
import threading
import zlib
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from PIL import Image

from redaksi.core.pdf import render_pdf

BASE = "http://127.0.0.1:8000/"


def pixel() -> str:
    """A small PNG, base64."""
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that counts the requests it gets (it must get none)."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the standard library's name
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def page_box(pdf: bytes) -> tuple[float, float]:
    inflated = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    width, height = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", b"\n".join(inflated)).groups()
    return float(width), float(height)


def test_static_files_load_when_asked():
    html = '<link rel="stylesheet" href="/static/redaksi/sop-document.css"><p>SOP</p>'
    assert (
        page_box(render_pdf(html, base_url=BASE, with_static=True))[0] > page_box(render_pdf(html, base_url=BASE))[0]
    )  # the SOP style sheet turns the page to A4 landscape; without it the page stays portrait


def test_inline_images_are_drawn():
    pdf = render_pdf(f'<img src="data:image/png;base64,{pixel()}" width="40">', base_url=BASE)
    assert pdf.startswith(b"%PDF") and b"/Image" in pdf


@pytest.mark.parametrize("with_static", [False, True])
def test_nothing_else_is_fetched(listener, with_static):
    address, hits = listener
    html = (
        f'<img src="{address}/internal.png"><link rel="stylesheet" href="{address}/x.css">'
        f'<img src="/media/secret.jpg"><p>Teks</p>'
    )
    pdf = render_pdf(html, base_url=f"{address}/", with_static=with_static)
    assert pdf.startswith(b"%PDF")
    assert hits == []
