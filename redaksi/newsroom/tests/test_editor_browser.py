"""The body editor in a real browser: a Word table is edited as a table, and Word's clipboard is cleaned."""

from pathlib import Path

import pytest

from redaksi.conftest import PASSWORD
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.services import ItemText, item_create
from redaksi.newsroom.wordimport import read_docx

from .factories import advance
from .test_wordimport import docx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

# Word's clipboard, cut down: mso- styles, o:p tags, Word's list paragraphs with their bullets as
# text, a heading, a styled table with a merged cell, and things that must never get in.
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal { mso-style-parent: ""; }</style></head><body lang=IN>
<!--StartFragment-->
<h1 style='mso-outline-level:1'>Hasil Rapat Anggaran<o:p></o:p></h1>
<p class=MsoNormal style='mso-margin-top-alt:auto'>Rapat dipimpin <b>Sekretaris Daerah</b>.<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Dinas
Pendidikan<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Dinas
Kesehatan<o:p></o:p></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr><td width=200 style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal><b>Uraian<o:p></o:p></b></p></td>
<td width=200><p class=MsoNormal><b>Nilai<o:p></o:p></b></p></td></tr>
<tr><td colspan=2 style='background:yellow'><p class=MsoNormal>Rp 40 miliar<o:p></o:p></p></td></tr></table>
<p><a href="javascript:alert(1)">jahat</a><img src=x onerror="window.pwned=1"></p>
<!--EndFragment--></body></html>"""


@pytest.fixture
def word_item(staff, office) -> NewsItem:
    draft = read_docx(docx_bytes(title="Rapat Anggaran"))
    text = ItemText(title=draft.title, lead="Ringkasan rapat.", body=draft.body)
    item = item_create(actor=staff["reporter"], office=office, text=text, source="word")
    return advance(item, staff, 2)


def open_editor(page, live_server, login, user, item, width=1280):
    page.set_viewport_size({"width": width, "height": 900})
    login(user)
    page.goto(f"{live_server.url}/redaksi/berita/{item.pk}/sunting/")
    editor = page.locator(".jodit-wysiwyg")
    editor.wait_for()
    return editor


def test_a_word_table_is_edited_as_a_table_and_saved(page, live_server, login, staff, word_item):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    editor = open_editor(page, live_server, login, staff["editor"], word_item)
    # The table is a table to look at, not HTML source.
    assert editor.locator("table td").count() == 4
    assert page.locator("textarea#id_body").is_hidden()
    assert "<table" not in editor.inner_text()

    cell = editor.locator("td", has_text="120 m")
    cell.click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.type("150 m")
    bold = editor.locator("p", has_text="sangat ditunggu")
    bold.click()
    page.keyboard.press("End")
    page.keyboard.press("Shift+Home")
    page.keyboard.press("Control+b")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-word-table-1280.png"), full_page=True)
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{word_item.pk}/")

    word_item.refresh_from_db()
    body = word_item.body
    assert word_item.revision == 2
    assert "<table>" in body and "150 m" in body and "120 m" not in body and "Rp 12 miliar" in body
    assert "<p><strong>Jembatan ini sangat ditunggu warga.</strong></p>" in body
    assert "<ul><li>Desa Teluk Lancar</li>" in body
    assert not errors


def test_pasting_from_word_is_cleaned_and_keeps_its_structure(page, live_server, login, staff, word_item):
    editor = open_editor(page, live_server, login, staff["editor"], word_item, width=360)
    editor.locator("p", has_text="sangat ditunggu").click()
    page.keyboard.press("End")
    editor.evaluate(
        """(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Hasil Rapat Anggaran");
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_CLIPBOARD,
    )
    # What the editor shows is already clean: a heading, a real list, the table with its merged cell.
    assert editor.locator("h2", has_text="Hasil Rapat Anggaran").count() == 1
    assert editor.locator("ul li", has_text="Dinas Pendidikan").count() == 1
    assert editor.locator("td[colspan='2']", has_text="Rp 40 miliar").count() == 1
    shown = editor.inner_html()
    for gone in ("mso-", "o:p", "style=", "class=", "·", "<img", "javascript"):
        assert gone not in shown, gone
    # Google Docs wraps its clipboard in a "bold" that is not bold, and marks bold with a style.
    docs = (
        '<b style="font-weight:normal;" id="docs-internal-guid-1">'
        '<p><span style="font-weight:700">Tebal</span> biasa</p></b>'
    )
    assert page.evaluate("html => window.redaksiCleanPastedHtml(html)", docs) == "<p><strong>Tebal</strong> biasa</p>"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "editor-word-paste-360.png"), full_page=True)
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{word_item.pk}/")

    body = NewsItem.objects.get(pk=word_item.pk).body
    assert "<h2>Hasil Rapat Anggaran</h2>" in body
    assert "<li>Dinas Pendidikan</li><li>Dinas Kesehatan</li>" in " ".join(body.split()).replace("> <", "><")
    assert '<td colspan="2"><p>Rp 40 miliar</p></td>' in body
    assert "<strong>Sekretaris Daerah</strong>" in body
    assert "Panjang" in body  # the table that was there is still there
    for gone in ("mso-", "o:p", "style=", "class=", "<img", "javascript", "MsoNormal"):
        assert gone not in body, gone
    assert page.evaluate("window.pwned") is None


def test_without_javascript_the_body_is_edited_as_html(browser, live_server, staff, word_item):
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.fill("#id_username", staff["editor"].username)
    page.fill("#id_password", PASSWORD)
    page.click(".login button[type=submit]")
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    page.goto(f"{live_server.url}/redaksi/berita/{word_item.pk}/sunting/")
    body = page.locator("textarea#id_body")
    assert "<table>" in body.input_value()
    body.fill(body.input_value().replace("120 m", "130 m"))
    page.click("#item-form button[type=submit]")
    page.wait_for_url(f"**/redaksi/berita/{word_item.pk}/")
    assert "130 m" in NewsItem.objects.get(pk=word_item.pk).body
    context.close()


@pytest.mark.parametrize(("step", "who"), [(4, "reporter"), (6, "editor")])
def test_at_steps_4_and_6_a_word_table_is_still_a_table_to_edit(page, live_server, login, staff, word_item, step, who):
    """Issue 15, defect 2: the table turned the editor into raw HTML for the rest of the item's life."""
    item = advance(word_item, staff, step)  # Staf Pengolah Data composes at 4, Kasubag corrects at 6
    editor = open_editor(page, live_server, login, staff[who], item, width=360)
    assert editor.locator("table td").count() == 4
    assert page.locator("textarea#id_body").is_hidden()
    assert "<table" not in editor.inner_text()
