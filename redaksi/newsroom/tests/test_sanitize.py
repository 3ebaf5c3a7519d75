import pytest

from redaksi.newsroom.sanitize import clean_html

# What Word puts on the clipboard, cut down: Office namespaces, mso- styles, conditional comments,
# o:p tags, a styled table with a merged cell.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head>
<style>p.MsoNormal { mso-style-parent: ""; }</style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
</head><body lang=IN style='tab-interval:36.0pt'>
<h1 style='mso-outline-level:1'>Hasil Rapat<o:p></o:p></h1>
<h3>Peserta</h3>
<p class=MsoNormal style='mso-margin-top-alt:auto'><b>Tebal</b> dan <i>miring</i>
 <a href="https://bengkaliskab.go.id/" style='mso-bidi-font-size:11pt'>tautan</a><o:p></o:p></p>
<ul><li>Satu</li></ul><ol start=3><li>Tiga</li></ol>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><th scope=col width=300>Uraian</th><th>Nilai</th></tr>
<tr><td width=300 valign=top style='mso-border-alt:solid windowtext .5pt'><p class=MsoNormal>Biaya<o:p></o:p></p></td>
<td colspan=2 rowspan=1 bgcolor=yellow><p>Rp 12 miliar<o:p>&nbsp;</o:p></p></td></tr></table>
<h6>Catatan</h6>
</body></html>"""


def test_word_html_keeps_its_structure_and_loses_its_office_markup():
    html = clean_html(WORD_HTML)
    for kept in ("<h2>Hasil Rapat</h2>", "<h3>Peserta</h3>", "<b>Tebal</b>", "<i>miring</i>", "<ul><li>Satu</li></ul>",
                 '<ol start="3">', '<th scope="col">Uraian</th>', '<td colspan="2" rowspan="1">', "Rp 12 miliar",
                 '<a href="https://bengkaliskab.go.id/" rel="noopener noreferrer nofollow">tautan</a>',
                 "<h4>Catatan</h4>"):  # fmt: skip
        assert kept in html, kept
    for gone in ("mso-", "o:p", "<style", "<xml", "w:View", "Print", "class=", "style=", "width=", "bgcolor",
                 "border=", "<h1", "<h6", "<!--", "<html", "<body"):  # fmt: skip
        assert gone not in html, gone


@pytest.mark.parametrize(
    "dangerous",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        "<script>alert(1)</script>",
        '<iframe src="https://example.com"></iframe>',
        '<h1 onmouseover="alert(1)">x</h1>',
        '<table background="javascript:alert(1)"><tr><td style="background:url(javascript:x)">x</td></tr></table>',
        "<svg><h1>x</h1><script>alert(1)</script></svg>",
    ],
)
def test_nothing_that_runs_survives(dangerous):
    html = clean_html(dangerous).lower()
    for bad in ("javascript", "onclick", "onmouseover", "<script", "<iframe", "<svg", "style=", "background"):
        assert bad not in html


def test_heading_renaming_touches_only_tags():
    assert clean_html("<p>h1 <b>h5</b> &lt;h1&gt;</p>") == "<p>h1 <b>h5</b> &lt;h1&gt;</p>"
