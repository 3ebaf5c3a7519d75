import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.shared import Inches
from PIL import Image

from redaksi.conftest import PASSWORD
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.wordimport import WordImportError, read_docx


def docx_bytes(*, title="Bupati Resmikan Jembatan", picture=False) -> bytes:
    doc = Document()
    doc.add_heading(title, level=0)  # the "Title" style
    doc.add_paragraph("BENGKALIS – Bupati meresmikan jembatan penghubung dua desa.")
    p = doc.add_paragraph("Jembatan ini ")
    p.add_run("sangat ditunggu").bold = True
    p.add_run(" warga.")
    doc.add_paragraph("Desa Teluk Lancar", style="List Bullet")
    doc.add_paragraph("Desa Selatbaru", style="List Bullet")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Panjang", "120 m"
    table.cell(1, 0).text, table.cell(1, 1).text = "Biaya", "Rp 12 miliar"
    if picture:
        img = io.BytesIO()
        Image.new("RGB", (40, 30), "red").save(img, "PNG")
        img.seek(0)
        doc.add_picture(img, width=Inches(1))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def rezip(data: bytes, change) -> bytes:
    """A copy of a .docx with its parts passed through change(name, content) -> (name, content) | None."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            result = change(info.filename, src.read(info.filename))
            if result is not None:
                dst.writestr(result[0], result[1])
    return out.getvalue()


def test_title_paragraphs_lists_and_tables_come_through():
    draft = read_docx(docx_bytes())
    assert draft.title == "Bupati Resmikan Jembatan"
    assert "<strong>sangat ditunggu</strong>" in draft.body
    assert "<ul>" in draft.body and "<li>Desa Selatbaru</li>" in draft.body
    assert "<table>" in draft.body and "Rp 12 miliar" in draft.body
    assert "Bupati Resmikan Jembatan" not in draft.body


def test_embedded_pictures_are_collected_not_inlined():
    draft = read_docx(docx_bytes(picture=True))
    assert len(draft.images) == 1 and draft.images[0].content_type == "image/png"
    assert draft.images[0].data.startswith(b"\x89PNG")
    assert "<img" not in draft.body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "old Word file (.doc)"),
        (b"<html><script>alert(1)</script></html>", "not a Word document"),
        (b"PK\x03\x04 broken zip", "damaged"),
        (b"x" * (21 * 1024 * 1024), "larger than"),
    ],
)
def test_files_that_are_not_docx_get_a_clear_message(data, expected):
    with pytest.raises(WordImportError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        read_docx(data)


def test_macro_enabled_document_is_refused():
    def to_docm(name, content):
        if name == "[Content_Types].xml":
            content = content.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
        return name, content

    with pytest.raises(WordImportError, match="macros"):
        read_docx(rezip(docx_bytes(), to_docm))


def test_external_entity_doctype_is_refused_before_parsing():
    def xxe(name, content):
        if name == "word/document.xml":
            content = content.replace(
                b"<w:document", b'<!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:document', 1
            )
        return name, content

    with pytest.raises(WordImportError, match="DOCTYPE"):
        read_docx(rezip(docx_bytes(), xxe))


def test_a_doctype_is_refused_wherever_it_sits_and_whatever_the_part_is_called():
    def late(name, content):
        if name == "word/document.xml":
            hidden = b"<!--" + b"x" * 5000 + b'--><!DOCTYPE w [<!ENTITY big "BOOM">]>'
            content = content.replace(b"<w:document", hidden + b"<w:document", 1)
        return name, content

    def renamed(data: bytes) -> bytes:
        # The package's relationships name word/main.dat as the main part; word/document.xml stays harmless.
        main = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
        main = main.replace(b"<w:document", b'<!DOCTYPE w [<!ENTITY e "x">]><w:document', 1)
        data = rezip(data, lambda n, c: (n, c.replace(b"word/document.xml", b"word/main.dat")))
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/main.dat", main)
        return out.getvalue()

    def utf16(name, content):
        if name == "word/styles.xml":
            text = content.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
            text = text.replace("<w:styles", '<!DOCTYPE s [<!ENTITY e "x">]><w:styles', 1)
            content = text.encode("utf-16")
        return name, content

    for data in (rezip(docx_bytes(), late), renamed(docx_bytes()), rezip(docx_bytes(), utf16)):
        with pytest.raises(WordImportError, match="DOCTYPE"):
            read_docx(data)


def test_zip_bomb_is_refused_before_extraction():
    def bomb(name, content):
        return name, content

    data = rezip(docx_bytes(), bomb)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/zeros.bin", b"\x00" * (30 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(WordImportError, match="suspicious"):
        read_docx(out.getvalue())


@pytest.mark.parametrize("bad_name", ["../../evil.xml", "/abs/evil.xml"])
def test_unsafe_part_names_are_refused(bad_name):
    data = rezip(docx_bytes(), lambda n, c: (n, c))
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(bad_name, b"x")
    with pytest.raises(WordImportError, match="unsafe name"):
        read_docx(out.getvalue())


def test_too_many_parts_is_refused():
    out = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(out, "a") as z:
        for i in range(1001):
            z.writestr(f"customXml/p{i}.bin", b"")
    with pytest.raises(WordImportError, match="too many parts"):
        read_docx(out.getvalue())


@pytest.mark.django_db
def test_import_through_the_desk_makes_a_draft(staff, office):
    c = Client()
    c.login(username=staff["reporter"].username, password=PASSWORD)
    upload = io.BytesIO(docx_bytes(title="Pasar Murah Digelar"))
    upload.name = "berita.docx"
    response = c.post(reverse("newsroom:item_import"), {"document": upload})
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("newsroom:item_edit", args=[item.pk])
    assert item.title == "Pasar Murah Digelar" and "<table>" in item.body
    assert item.revisions.get().kind == "import"


@pytest.mark.django_db
def test_a_bad_file_through_the_desk_is_a_message_and_no_item(staff, office):
    c = Client()
    c.login(username=staff["reporter"].username, password=PASSWORD)
    upload = io.BytesIO(b"<svg onload=alert(1)>")
    upload.name = "berita.docx"
    response = c.post(reverse("newsroom:item_import"), {"document": upload}, follow=True)
    assert not NewsItem.objects.exists()
    assert "not a Word document" in response.content.decode() or "bukan dokumen Word" in response.content.decode()


@pytest.mark.django_db
def test_only_the_writing_role_may_import(staff, office):
    c = Client()
    c.login(username=staff["head"].username, password=PASSWORD)
    upload = io.BytesIO(docx_bytes())
    upload.name = "berita.docx"
    assert c.post(reverse("newsroom:item_import"), {"document": upload}).status_code == 403
    assert not NewsItem.objects.exists()


@pytest.mark.django_db
def test_pictures_of_the_document_go_into_the_media_library(staff, office):
    from redaksi.media.models import ItemMedia

    c = Client()
    c.login(username=staff["reporter"].username, password=PASSWORD)
    upload = io.BytesIO(docx_bytes(picture=True))
    upload.name = "berita.docx"
    c.post(reverse("newsroom:item_import"), {"document": upload})
    item = NewsItem.objects.get()
    links = ItemMedia.objects.filter(item=item)
    assert links.count() == 1 and links.get().photo.width == 40


def test_a_part_that_fails_its_checksum_is_a_clear_message():
    data = bytearray(docx_bytes())
    start = data.find(b"word/document.xml")
    # Flip a byte inside the compressed document part, past its local header.
    data[start + 200] ^= 0xFF
    with pytest.raises(WordImportError, match="damaged"):
        read_docx(bytes(data))
