"""The public search understands Indonesian word forms; run on SQLite and on PostgreSQL (see docs/development.md)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from redaksi.newsroom.tests.factories import new_item
from redaksi.public import search
from redaksi.public.models import SearchEntry

pytestmark = pytest.mark.django_db

# One root per row: prefixes me-, di-, ber-, pe-(r)-, and suffixes -kan, -an, -i. The first form is the
# one written in an item; every form (the first too) must find that item and no other.
FAMILIES = [
    ("meresmikan", "resmikan", "diresmikan", "peresmian"),
    ("pembangunan", "membangun", "dibangun", "bangunan", "bangun"),
    ("menulis", "ditulis", "tulisan", "penulis"),
    ("pertemuan", "menemui", "ditemui", "temu"),
    ("perjalanan", "berjalan", "menjalankan", "dijalankan", "jalan"),
    ("memperbaiki", "perbaikan", "diperbaiki", "baik"),
    ("menerima", "diterima", "penerimaan", "terima"),
    ("mengirim", "dikirim", "kiriman", "pengiriman"),
    ("belajar", "mengajar", "pelajaran", "diajarkan"),
    ("mendukung", "dukungan", "didukung", "pendukung"),
]


def test_every_form_of_a_root_finds_the_item_written_with_one_form(publish, office, client):
    items = {}
    for n, family in enumerate(FAMILIES):
        title = f"Warta Nomor {n + 1}"
        items[title] = family
        publish(title=title, lead="Lead berita.", body=f"<p>Hari ini bupati {family[0]} di kecamatan.</p>")
    misses = []
    for title, family in items.items():
        for form in family:
            page = client.get("/cari/", {"q": form}).content.decode()
            shown = {t for t in items if f">{t}<" in page}
            if shown != {title}:
                misses.append((form, sorted(shown), title))
    assert not misses


def test_meresmikan_finds_resmikan_and_the_prefix_still_matches_while_typing(publish, client):
    publish(title="Bupati Resmikan Jembatan Desa Teluk Pambang")
    publish(title="Rapat Koordinasi Banjir Rob")
    for query in ("meresmikan", "peresmian jembatan", "diresmikan", "resmik", "jemba", "RESMIKAN"):
        page = client.get("/cari/", {"q": query}).content.decode()
        assert "Bupati Resmikan Jembatan" in page, query
        assert "Rapat Koordinasi" not in page, query


def test_quotes_ask_for_the_exact_phrase(publish, client):
    publish(title="Bupati Meresmikan Gedung Baru")
    publish(title="Gedung Baru Diresmikan Bupati")
    loose = client.get("/cari/", {"q": "bupati meresmikan gedung"}).content.decode()
    assert "Bupati Meresmikan Gedung Baru" in loose and "Gedung Baru Diresmikan Bupati" in loose
    exact = client.get("/cari/", {"q": '"bupati meresmikan" gedung'}).content.decode()
    assert "Bupati Meresmikan Gedung Baru" in exact and "Gedung Baru Diresmikan Bupati" not in exact
    # A phrase is the words as written: another form of the same root is another phrase.
    other_form = client.get("/cari/", {"q": '"bupati resmikan"'}).content.decode()
    assert "Bupati Meresmikan" not in other_form and "Diresmikan Bupati" not in other_form
    # One quoted word is a word like any other; an unclosed quote is ignored.
    assert "Gedung Baru Diresmikan" in client.get("/cari/", {"q": '"resmikan"'}).content.decode()
    assert "Gedung Baru Diresmikan" in client.get("/cari/", {"q": 'gedung "resmikan'}).content.decode()


def test_the_query_is_parsed_into_bounded_words_and_phrases():
    parsed = search.parse('jalan "Bupati  Meresmikan" "satu" baru "')
    assert parsed.phrases == [["bupati", "meresmikan"]]
    assert parsed.words == ["satu", "jalan", "baru"]
    assert len(search.parse(" ".join(f'"a{n} b{n}"' for n in range(10))).phrases) == 4
    with pytest.raises(search.QueryTooLong):
        search.parse("x" * (search.MAX_QUERY + 1))


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_stems_the_entries_already_indexed(staff, office):
    executor = MigrationExecutor(connection)
    executor.migrate([("public", "0003_media_logo_galleries")])
    old_apps = executor.loader.project_state([("public", "0003_media_logo_galleries")]).apps
    item = new_item(staff, office, title="Bupati Meresmikan Pembangunan Pasar")
    old_apps.get_model("public", "SearchEntry").objects.create(
        item_id=item.pk,
        office_id=office.pk,
        published_at=timezone.now(),
        title="Bupati Meresmikan Pembangunan Pasar",
        text="Pasar dibangun oleh warga.",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    entry = SearchEntry.objects.get(item_id=item.pk)
    assert {"resmi", "bangun", "pasar"} <= set(entry.stems.split())
    assert search.search_ids(office, search.parse("diresmikan membangun"), 0, 10) == [item.pk]
