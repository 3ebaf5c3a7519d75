"""The Indonesian catalogue is complete, sound and compiled: officials read Indonesian first."""

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# A printf conversion as Python's % operator reads it: %s, %d, %(name)s, %(m)02d, %(s).1f; "%%" is a literal.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(token: str) -> str:
    assert token.startswith('"') and token.endswith('"'), token
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), token[1:-1])


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list), flags. Obsolete (#~) lines are skipped."""
    entries, entry, field = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            entry, field = None, None
            continue
        if line.startswith("#"):
            if line.startswith("#~"):
                continue
            if entry is None or field is not None:
                entry, field = {"flags": set(), "msgstr": {}}, None
                entries.append(entry)
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        if match:
            if entry is None or (match.group(1) in ("msgctxt", "msgid") and "msgid" in entry):
                entry, field = {"flags": set(), "msgstr": {}}, None
                entries.append(entry)
            name, index, text = match.group(1), match.group(2), _unquote(match.group(3))
            if name.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = text
            else:
                field = (name, None)
                entry[name] = text
        else:
            assert field is not None, f"Unexpected line in {path.name}: {raw!r}"
            text = _unquote(line)
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
    for entry in entries:
        entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
    return entries


def placeholders(text: str) -> set[str]:
    return {m.group(0) if m.group(1) is None else f"%({m.group(1)})" for m in PLACEHOLDER.finditer(text)} - {"%%"}


def tags(text: str) -> Counter:
    return Counter(TAG.findall(text))


def label(entry: dict) -> str:
    return (entry.get("msgctxt", "") + " | " if entry.get("msgctxt") else "") + entry["msgid"]


ENTRIES = [e for e in parse_po(PO) if e.get("msgid")]


def test_the_catalogue_is_parsed():
    header = next(e for e in parse_po(PO) if e.get("msgid") == "")
    assert "Language: id\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    assert len(ENTRIES) > 500
    assert any(e.get("msgctxt") == "filters" for e in ENTRIES)
    assert any("msgid_plural" in e for e in ENTRIES)


def test_every_entry_is_translated():
    untranslated = [label(e) for e in ENTRIES if not e["msgstr"] or not all(s.strip() for s in e["msgstr"])]
    assert untranslated == []


def test_no_entry_is_fuzzy():
    assert [label(e) for e in ENTRIES if "fuzzy" in e["flags"]] == []


def test_plural_entries_have_one_form_as_the_header_says():
    assert [label(e) for e in ENTRIES if "msgid_plural" in e and len(e["msgstr"]) != 1] == []


def test_placeholders_match():
    wrong = []
    for entry in ENTRIES:
        # One Indonesian form serves every count, so it takes the plural's placeholders.
        expected = placeholders(entry.get("msgid_plural", entry["msgid"]))
        wrong += [(label(entry), s) for s in entry["msgstr"] if placeholders(s) != expected]
    assert wrong == []


def test_html_tags_are_kept():
    wrong = []
    for entry in ENTRIES:
        wrong += [(label(entry), s) for s in entry["msgstr"] if tags(s) != tags(entry["msgid"])]
    assert wrong == []


def test_leading_and_trailing_spaces_are_kept():
    wrong = []
    for entry in ENTRIES:
        for s in entry["msgstr"]:
            if (s[:1].isspace(), s[-1:].isspace()) != (entry["msgid"][:1].isspace(), entry["msgid"][-1:].isspace()):
                wrong.append((label(entry), s))
    assert wrong == []


def test_the_compiled_catalogue_carries_the_translations():
    assert MO.exists(), "Run: python manage.py compilemessages -l id --ignore .venv"
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Log in") == "Masuk"
    assert catalogue.gettext("Log out") == "Keluar"
    assert catalogue.gettext("Desk") == "Meja Redaksi"
    assert catalogue.gettext("My work") == "Tugas Saya"
    assert catalogue.gettext("Audit record") == "Catatan Aktivitas"
    assert catalogue.gettext("Acting officials") == "Plt./Plh."
    assert catalogue.gettext("Approve") == "Setujui"
    assert catalogue.gettext("Reject") == "Tolak"
    assert catalogue.gettext("Queue time") == "Waktu tunggu"
    assert catalogue.ngettext("%(n)s user", "%(n)s users", 5) == "%(n)s pengguna"
    assert catalogue.pgettext("sequence number column", "No") == "No"
    # Every translation in the .po is in the .mo, so a stale .mo is caught.
    stale = [label(e) for e in ENTRIES if "msgid_plural" not in e and e["msgstr"][0] != _lookup(catalogue, e)]
    assert stale == [], "The .mo is older than the .po: run compilemessages"


def _lookup(catalogue: gettext.GNUTranslations, entry: dict) -> str:
    if entry.get("msgctxt") is not None:
        return catalogue.pgettext(entry["msgctxt"], entry["msgid"])
    return catalogue.gettext(entry["msgid"])


@pytest.mark.django_db
def test_the_login_page_speaks_indonesian_then_english(client):
    page = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Masuk" in page and "Kata sandi" in page
    assert "Log in" not in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    page = client.get("/akun/masuk/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Log in" in page and "Password" in page
