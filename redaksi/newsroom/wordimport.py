"""A draft from a Word file, as step 1 of the SOP says ("diketik di Microsoft Word").

The file is checked as a zip before any XML is read: size, entry count, unpacked size,
compression ratio, paths and links, macros and DOCTYPEs. Only then does mammoth turn the
document into HTML, which is sanitised like any body.
"""

import io
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field

import mammoth
from django.utils.translation import gettext as _

from redaksi.core.errors import RedaksiError

from .sanitize import clean_html

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 1000
MAX_UNPACKED_BYTES = 150 * 1024 * 1024
MAX_RATIO = 200  # ordinary Word XML compresses about 10:1; bombs go far past 200:1
MAX_IMAGES = 100
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => h2:fresh"
_PLACEHOLDER = re.compile(r'<img[^>]*src="redaksi-image:(\d+)"[^>]*>')
_FIRST_BLOCK = re.compile(r"^\s*<(h1|h2|p)>(.*?)</\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class WordImportError(RedaksiError):
    pass


@dataclass
class WordImage:
    content_type: str
    data: bytes
    alt: str = ""


@dataclass
class ImportedDraft:
    title: str
    body: str
    images: list[WordImage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _check_container(data: bytes) -> None:
    try:
        _check_parts(data)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, ValueError) as exc:
        # A part that fails its checksum, uses an unknown compression or is encrypted.
        raise WordImportError(
            _("The Word file is damaged and cannot be read. Save it again in Word and retry.")
        ) from exc


def _check_parts(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise WordImportError(
            _("The file is larger than %(mb)s MB. Save the document without large pictures and try again.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if data.startswith(OLE_MAGIC):
        raise WordImportError(
            _(
                "This is an old Word file (.doc). Open it in Word, choose Save As, pick "
                "“Word Document (.docx)”, and upload that."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        raise WordImportError(_("This file is not a Word document (.docx), whatever its name says."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise WordImportError(
            _("The Word file is damaged and cannot be read. Save it again in Word and retry.")
        ) from exc
    if len(entries) > MAX_ENTRIES:
        raise WordImportError(_("The Word file has too many parts to be an ordinary document."))
    if sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise WordImportError(_("The Word file unpacks to more than we accept. Save it without large pictures."))
    names = set()
    for entry in entries:
        name = entry.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or "\x00" in name:
            raise WordImportError(_("The Word file contains a part with an unsafe name."))
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise WordImportError(_("The Word file contains a link, which a Word document never has."))
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise WordImportError(_("The Word file is packed in a suspicious way and was refused."))
        names.add(name)
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise WordImportError(_("This file is not a Word document (.docx), whatever its name says."))
    content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise WordImportError(
            _("This Word file contains macros (.docm), which we do not accept. Save it as an ordinary .docx.")
        )
    for name in names:
        if not name.lower().endswith(PICTURE_PARTS) and _declares_doctype(archive.read(name)):
            raise WordImportError(_("The Word file contains a declaration we do not accept (DOCTYPE)."))


# Parts that are pictures or fonts, never parsed as XML; every other part (whatever its name: a main part can be
# renamed through the relationships) is searched whole.
PICTURE_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".odttf", ".ttf")
DOCTYPE_FORMS = tuple(
    "<!doctype".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def _declares_doctype(content: bytes) -> bool:
    """A DOCTYPE anywhere in a part, in any encoding an XML parser would accept (entities hide behind it)."""
    lowered = content.lower()  # ASCII letters only: the UTF-16/32 forms keep their zero bytes
    return any(form in lowered for form in DOCTYPE_FORMS)


def read_docx(data: bytes) -> ImportedDraft:
    """Title, body and pictures of a .docx; raise WordImportError with a message for people."""
    _check_container(data)
    images: list[WordImage] = []

    def keep_image(image) -> dict[str, str]:
        if len(images) >= MAX_IMAGES:
            return {"src": "redaksi-image:skip"}
        with image.open() as stream:
            images.append(WordImage(image.content_type or "", stream.read(MAX_FILE_BYTES), image.alt_text or ""))
        return {"src": f"redaksi-image:{len(images) - 1}"}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as exc:  # mammoth raises many kinds on broken XML; all mean the same to the user
        raise WordImportError(
            _("The Word file is damaged and cannot be read. Save it again in Word and retry.")
        ) from exc
    html = _PLACEHOLDER.sub("", result.value).replace('<img src="redaksi-image:skip" />', "")
    title = ""
    first = _FIRST_BLOCK.match(html)
    if first is not None:
        text = " ".join(_TAGS.sub("", first.group(2)).split())
        if 0 < len(text) <= 300:
            title, html = text, html[first.end() :]
    warnings = []  # what became of the pictures is said by whoever takes them (the desk's import view)
    if not title:
        warnings.append(_("No title was found at the top of the document; type it in."))
    return ImportedDraft(title=title, body=clean_html(html).strip(), images=images, warnings=warnings)
