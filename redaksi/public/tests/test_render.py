import io
import os
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from redaksi.newsroom.selectors import public_path
from redaksi.public import search
from redaksi.public.render import engine, files

from .conftest import site_files, site_text

pytestmark = pytest.mark.django_db


def test_publish_writes_the_item_and_every_page_that_lists_it(publish, public_root):
    item = publish(tags=["Bantan"])
    path = public_path(item).lstrip("/")
    written = site_files(public_root)
    for rel in (
        f"{path}index.html",
        "index.html",
        "berita/index.html",
        "berita/halaman/1/index.html",
        "kategori/pemerintahan/index.html",
        "kategori/pemerintahan/rss.xml",
        "tag/bantan/index.html",
        f"{path[:15]}index.html",  # berita/YYYY/MM/
        "arsip/index.html",
        "rss.xml",
        "atom.xml",
        "sitemap.xml",
        "sitemap-news.xml",
        "404.html",
        "profil/index.html",
    ):
        assert rel in written, rel
        if rel.endswith(".html") and rel not in ("404.html", "profil/index.html", "arsip/index.html"):
            assert item.title.encode() in written[rel], rel
    assert not [rel for rel in written if ".tmp-" in rel]


def test_nothing_unpublished_is_ever_public(publish, takedown, unpublished, public_root, client):
    live = publish(title="Berita Tayang Biasa")
    gone = takedown(publish(title="Berita Ditarik Empat"))
    hidden = unpublished()
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    text = site_text(public_root)
    assert live.title in text
    for name, item in [*hidden.items(), ("gone", gone)]:
        assert item.title not in text, name
        assert not search.search(item.office, item.title), name
        assert client.get(
            public_path(item) if item.published_at else f"/berita/x/{item.pk}-{item.slug}/"
        ).status_code in (
            404,
            410,
        )
        found = client.get("/cari/", {"q": item.title}).content.decode()
        assert 'class="card' not in found and 'data-results="0"' in found, name
    assert search.search(live.office, "Tayang")


def test_a_scheduled_item_goes_live_at_its_time(unpublished, public_root, client):
    scheduled = unpublished()["scheduled"]
    assert client.get(public_path(scheduled)).status_code == 404
    with time_machine.travel(scheduled.published_at + timedelta(minutes=1)):
        assert engine.render_due() == 1
        assert client.get(public_path(scheduled)).status_code == 200
        assert scheduled.title in (public_root / "index.html").read_text()


def test_takedown_answers_410_and_leaves_every_list(publish, takedown, public_root, client):
    keep = publish(title="Berita Yang Tetap")
    item = publish(title="Berita Yang Ditarik", tags=["Duri"])
    assert client.get(public_path(item)).status_code == 200
    takedown(item)
    response = client.get(public_path(item))
    assert response.status_code == 410
    assert 'data-status="410"' in response.content.decode()
    text = site_text(public_root)
    assert item.title not in text
    assert keep.title in text
    assert (public_root / public_path(item).lstrip("/") / files.TOMBSTONE).exists()


def test_a_publish_touches_a_bounded_set_and_older_pages_never_change(publish, public_root):
    for n in range(7):
        publish(title=f"Berita Lama Nomor {n}", tags=["Bantan"])
    before = site_files(public_root)
    stamps = {rel: (public_root / rel).stat().st_mtime_ns for rel in before}
    new = publish(title="Berita Paling Baru", tags=["Bantan"])
    after = site_files(public_root)
    touched = {rel for rel in after if before.get(rel) != after[rel]}
    # item + home + (front, newest page) of all news, category, tag and month + category feeds
    # + categories index + year + archive + two feeds + sitemap index, pages, month and news sitemaps.
    assert len(touched) <= 23, sorted(touched)
    assert public_path(new).lstrip("/") + "index.html" in touched
    assert "berita/halaman/3/index.html" in touched  # 8 items, 3 a page: the newest page
    for old_page in ("berita/halaman/1/index.html", "berita/halaman/2/index.html"):
        assert old_page not in touched
        assert (public_root / old_page).stat().st_mtime_ns == stamps[old_page]
    old_items = [rel for rel in before if rel.startswith("berita/20") and rel.count("/") == 4]
    assert len(old_items) == 7 and not touched & set(old_items)


def test_a_new_page_also_gives_the_previous_newest_page_its_newer_link(publish, public_root):
    for n in range(3):
        publish(title=f"Berita {n}")
    publish(title="Berita Pembuka Halaman Dua")
    assert 'href="/berita/halaman/2/"' in (public_root / "berita/halaman/1/index.html").read_text()


def test_writes_are_atomic(public_root, monkeypatch):
    target = public_root / "contoh" / "index.html"
    files.write_atomic(target, b"versi lama")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        files.write_atomic(target, b"versi baru yang tidak selesai")
    assert target.read_bytes() == b"versi lama"
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"


def test_unchanged_pages_keep_their_time_stamp(public_root):
    writer = files.Writer()
    assert writer.write("a.html", "sama")
    stamp = (public_root / "a.html").stat().st_mtime_ns
    assert not writer.write("a.html", "sama")
    assert (public_root / "a.html").stat().st_mtime_ns == stamp


def test_rebuild_matches_the_incremental_pages_and_sweeps_stale_files(publish, public_root, capsys):
    for n in range(4):
        publish(title=f"Berita Bangun Ulang {n}", tags=["Rupat"])
    incremental = site_files(public_root)
    (public_root / "berita/2020/01/9-lama/").mkdir(parents=True)
    (public_root / "berita/2020/01/9-lama/index.html").write_text("basi")
    call_command("public_rebuild")
    rebuilt = site_files(public_root)
    assert "berita/2020/01/9-lama/index.html" not in rebuilt
    assert "100.0%" in capsys.readouterr().err
    for rel, data in incremental.items():
        if rel.endswith(".html") and rel != "sitemap-news.xml":
            assert rebuilt.get(rel) == data, rel


def test_sitemaps_and_feeds_name_the_item(publish, public_root):
    item = publish(title="Pasar Murah Digelar")
    url = "https://diskominfotik.bengkaliskab.go.id" + public_path(item)
    month = timezone.localtime(item.published_at)
    assert url in (public_root / "rss.xml").read_text()
    assert url in (public_root / "atom.xml").read_text()
    assert url in (public_root / f"sitemap-berita-{month:%Y-%m}.xml").read_text()
    news = (public_root / "sitemap-news.xml").read_text()
    assert "<news:title>Pasar Murah Digelar</news:title>" in news
    assert f"sitemap-berita-{month:%Y-%m}.xml" in (public_root / "sitemap.xml").read_text()
    assert "Sitemap: https://diskominfotik.bengkaliskab.go.id/sitemap.xml" in (public_root / "robots.txt").read_text()


def test_month_counts_kept_beside_the_pages_follow_publishes_and_takedowns(publish, takedown, public_root, office):
    import json

    from redaksi.public.render import pages

    first = publish(title="Berita Bulan Ini Satu")
    publish(title="Berita Bulan Ini Dua")
    stored = json.loads((public_root / engine.MONTHS_FILE).read_text())
    assert [tuple(r) for r in stored] == pages.months(office) and stored[0][2] == 2
    takedown(first)
    stored = json.loads((public_root / engine.MONTHS_FILE).read_text())
    assert [tuple(r) for r in stored] == pages.months(office) and stored[0][2] == 1
    assert "Berita Bulan Ini Satu" not in (public_root / "arsip/index.html").read_text()


def test_an_edit_of_a_live_item_never_reaches_the_site_before_approval(staff, office, on_commit, public_root):
    """Urgent publication, then an edit at step 2: the site keeps the published text, also after a rebuild."""
    from redaksi.newsroom.services import ItemText, item_publish_urgent, item_save
    from redaksi.newsroom.tests.factories import advance, new_item

    with on_commit():
        item = advance(
            new_item(staff, office, title="Peringatan Dini Banjir Rob", body="<p>Teks darurat</p>"), staff, 2
        )
        item_publish_urgent(actor=staff["head"], item_id=item.pk, reason="Air pasang malam ini")
    with on_commit():
        item.refresh_from_db()
        item_save(
            actor=staff["editor"], item_id=item.pk, base_revision=item.revision,
            text=ItemText(title="Judul Belum Disetujui", lead=item.lead, body="<p>TEKS BELUM DISETUJUI</p>"),
        )  # fmt: skip
    call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
    text = site_text(public_root)
    assert "Teks darurat" in text and "Peringatan Dini Banjir Rob" in text
    assert "TEKS BELUM DISETUJUI" not in text and "Judul Belum Disetujui" not in text
    assert not search.search(item.office, "Disetujui")
    with on_commit():
        advance(item, staff, 4)  # the head approves the new text
    text = site_text(public_root)
    assert "TEKS BELUM DISETUJUI" in text and "Judul Belum Disetujui" in text


def test_a_queue_that_is_down_still_leaves_the_site_current(publish, public_root, monkeypatch):
    from redaksi.public import tasks

    def down(*args, **kwargs):
        raise ConnectionError("queue down")

    monkeypatch.setattr(tasks, "enqueue_render", down)
    item = publish(title="Berita Saat Antrean Mati")
    assert item.title in site_text(public_root)


def test_times_carry_no_fraction_and_listings_do_not_skip_a_heading_level(publish, public_root):
    import re

    item = publish(title="Berita Dengan Waktu Tepat", tags=["Bantan"])
    article = public_path(item).lstrip("/") + "index.html"  # published_at has microseconds; pages drop them
    for rel in (article, "index.html", "berita/index.html", "tag/bantan/index.html"):
        html = (public_root / rel).read_text()
        stamps = re.findall(r'datetime="([^"]+)"', html)
        assert stamps, rel
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), (rel, stamp)
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (rel, levels)


def test_the_dateline_is_shown_once(publish, public_root):
    body = "<p>BENGKALIS – Bupati meninjau jembatan desa.</p><p>Paragraf kedua.</p>"
    item = publish(title="Berita Berdateline", body=body, place="Bengkalis", lead="Jembatan itu selesai.")
    html = (public_root / public_path(item).lstrip("/") / "index.html").read_text()
    assert html.count("BENGKALIS –") == 1
    other = publish(title="Berita Tanpa Dateline Di Badan", place="Bengkalis", lead="Jembatan itu selesai.")
    html = (public_root / public_path(other).lstrip("/") / "index.html").read_text()
    assert "<strong>BENGKALIS</strong> – Jembatan itu selesai." in html


def _sitemap_paths(public_root) -> list[str]:
    import re

    text = (public_root / "sitemap-halaman.xml").read_text()
    return [
        loc.removeprefix("https://diskominfotik.bengkaliskab.go.id") for loc in re.findall(r"<loc>([^<]+)</loc>", text)
    ]


def test_empty_sections_have_a_page_that_says_so_and_the_sitemap_names_only_pages(
    publish, takedown, category, office, public_root, client
):
    from redaksi.newsroom.models import Tag

    category("Ekonomi")  # no item yet
    Tag.objects.create(office=office, name="Kosong", slug="kosong")  # on no public item
    item = publish(title="Satu-satunya Berita", tags=["Duri"])
    empty = {"/kategori/ekonomi/": "Belum ada berita", "/kategori/pengumuman/": "Belum ada berita"}
    empty |= {"/galeri/": "Belum ada galeri", "/video/": "Belum ada video"}
    for rebuilt in (False, True):
        if rebuilt:
            call_command("public_rebuild", "--quiet-progress", stdout=io.StringIO())
        for path, says in empty.items():
            response = client.get(path)
            assert response.status_code == 200, (path, rebuilt)
            assert says in response.content.decode(), (path, rebuilt)
        listed = _sitemap_paths(public_root)
        assert set(empty) <= set(listed) and "/tag/duri/" in listed and "/tag/kosong/" not in listed
        for path in listed:
            assert client.get(path).status_code == 200, (path, rebuilt)
    takedown(item)
    assert client.get("/tag/duri/").status_code == 200  # the tag's page stays, empty
    assert "/tag/duri/" not in _sitemap_paths(public_root)
    assert "Belum ada berita" in client.get("/kategori/pemerintahan/").content.decode()


def _rebuild() -> files.Writer:
    return engine.rebuild()


def test_a_rebuild_that_finds_nothing_changed_draws_nothing(publish, public_root, client):
    for n in range(5):
        publish(title=f"Berita Tetap Nomor {n}", tags=["Rupat"])
    _rebuild()
    before = site_files(public_root)
    writer = _rebuild()
    assert writer.written == [] and writer.removed == []
    pages_of_items = [rel for rel in before if rel.startswith("berita/20") and rel.count("/") == 4]
    assert len(pages_of_items) == 5 and set(pages_of_items) <= set(writer.skipped)
    assert {"berita/halaman/1/index.html", "kategori/pemerintahan/index.html"} <= set(writer.skipped)
    assert site_files(public_root) == before
    assert (public_root / ".fingerprints.json").exists()
    assert client.get("/.fingerprints.json").status_code == 404  # what the pages came from is not public


def test_a_rebuild_draws_what_changed_and_what_shows_it(publish, public_root):
    from redaksi.newsroom.models import NewsItem
    from redaksi.public.models import ItemViews

    items = [publish(title=f"Berita Ubah Nomor {n}") for n in range(5)]
    _rebuild()
    NewsItem.objects.filter(pk=items[1].pk).update(title="Judul Baru Setelah Ralat")
    ItemViews.objects.update_or_create(item_id=items[3].pk, defaults={"total": 41})
    writer = _rebuild()
    drawn = set(writer.written) | set(writer.unchanged)
    path = {i.pk: public_path(i).lstrip("/") + "index.html" for i in items}
    assert path[items[1].pk] in drawn and "Judul Baru Setelah Ralat" in (public_root / path[items[1].pk]).read_text()
    assert path[items[3].pk] in drawn  # its read count
    assert path[items[2].pk] in drawn  # its "related news" names the new title
    assert path[items[0].pk] in writer.skipped
    assert "berita/halaman/1/index.html" in drawn and "berita/index.html" in writer.skipped  # (3 a page)
    assert search.search(items[1].office, "Ralat")


def test_code_settings_and_files_changed_outside_invalidate_the_fingerprints(
    publish, public_root, settings, monkeypatch
):
    from redaksi.public.render import fingerprints

    item = publish(title="Berita Sidik Jari")
    rel = public_path(item).lstrip("/") + "index.html"
    _rebuild()
    assert rel in _rebuild().skipped
    (public_root / rel).write_text("diubah tangan")  # edited by hand (or by a publish) since
    assert rel not in _rebuild().skipped and "Berita Sidik Jari" in (public_root / rel).read_text()
    (public_root / rel).unlink()
    assert rel not in _rebuild().skipped and (public_root / rel).exists()
    settings.REDAKSI_PUBLIC = {**settings.REDAKSI_PUBLIC, "BASE_URL": "https://berita.bengkaliskab.go.id"}
    assert rel not in _rebuild().skipped and "https://berita.bengkaliskab.go.id" in (public_root / rel).read_text()
    assert rel in _rebuild().skipped
    monkeypatch.setattr(fingerprints, "_code_version", lambda: "templat baru")
    assert rel not in _rebuild().skipped


def test_beranda_leads_with_news_and_keeps_announcements_to_their_panel(publish, public_root):
    older = publish(title="Bupati Tinjau Pasar Terapung")
    publish(title="Pengumuman Jadwal Adminduk Keliling", category_name="Pengumuman")
    alone = (public_root / "index.html").read_text()
    assert older.title in alone.split('class="lead-story"')[1] and 'id="h-latest"' not in alone  # no empty heading
    newest_news = publish(title="Festival Pantai Selatbaru Dibuka")
    notice = publish(title="Pengumuman Penutupan Layanan Tatap Muka", category_name="Pengumuman")  # the newest
    home = (public_root / "index.html").read_text()
    lead = home.split('class="lead-story"')[1].split("</article>")[0]
    latest = home.split('aria-labelledby="h-latest"')[1].split("</section>")[0]
    panel = home.split('aria-labelledby="h-announce"')[1].split("</section>")[0]
    assert newest_news.title in lead and notice.title not in lead
    assert older.title in latest and notice.title not in latest and newest_news.title not in latest
    assert notice.title in panel and home.count(notice.title) == 1
    assert "Pengumuman Jadwal Adminduk" in panel
