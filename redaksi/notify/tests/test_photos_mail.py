"""The approval mail shows the item's photos: small inline JPEGs (cid:) with their captions, never metadata."""

import io
import re
import uuid
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from PIL import Image

from redaksi.media.models import ItemMedia, Photo, Rendition, Status
from redaksi.media.services import photos as photo_services
from redaksi.media.storage import media_storage
from redaksi.newsroom.tests.factories import advance, new_item
from redaksi.notify import photos as mail_photos_module
from redaksi.notify.models import OutboundMail
from redaksi.notify.outbox import RelatedMessage
from redaksi.notify.photos import jpeg_without_metadata, mail_photos

pytestmark = pytest.mark.django_db

CID_SRC = re.compile(r'src="cid:([^"]+)"')


def camera_jpeg(width=640, height=480, *, color=(30, 120, 200), seed=0) -> bytes:
    """A JPEG as a camera writes it: EXIF with the camera, the time and GPS, and a comment."""
    im = Image.new("RGB", (width, height), color)
    im.paste((seed * 53 % 256, seed * 97 % 256, 0), (0, 0, 16, 16))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Canon", "Canon EOS 90D"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:20 09:15:30"
    exif.get_ifd(0x8825).update({1: "N", 2: (1.0, 28.0, 12.5), 3: "E", 4: (102.0, 6.0, 30.0)})
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90, exif=exif.tobytes(), comment=b"Pemkab Bengkalis")
    return out.getvalue()


def clean_jpeg(size=(320, 320), color=(10, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "JPEG", quality=82)
    return out.getvalue()


def add_photo(item, user, n, *, caption="", credit="", status=Status.READY, data=None, kind="thumb"):
    """A photo on the item, with one JPEG rendition stored as the media app stores it."""
    data = data or clean_jpeg(color=(n * 20 % 256, 90, 160))
    name = media_storage().save(f"renditions/test/{uuid.uuid4().hex}.jpg", ContentFile(data))
    photo = Photo.objects.create(
        office=item.office,
        uploaded_by=user,
        original=name,
        format="jpeg",
        size_bytes=len(data),
        sha256=f"{n:064x}",
        width=320,
        height=320,
        caption=caption,
        credit=credit,
        status=status,
    )
    if status == Status.READY:
        width = 320 if kind == "thumb" else 480
        Rendition.objects.create(
            photo=photo, kind=kind, format="jpeg", width=width, height=320, file=name, size_bytes=len(data)
        )
    ItemMedia.objects.create(item=item, photo=photo, position=n, added_by=user)
    return photo


def to_approval(item, staff, capture):
    with capture(execute=True):
        return advance(item, staff, 3)


def approval_mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address] and "[ref:" in m.subject]
    return message


def parsed(message):
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)


def images_of(message):
    return [part for part in message.walk() if part.get_content_type() == "image/jpeg"]


def has_exif(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as im:
        return bool(im.getexif()) or "exif" in im.info or "comment" in im.info


def test_jpeg_without_metadata_drops_exif_gps_and_comments():
    raw = camera_jpeg()
    assert has_exif(raw) and b"Exif\x00\x00" in raw
    clean = jpeg_without_metadata(raw)
    assert clean is not None and b"Exif" not in clean and b"Pemkab" not in clean
    assert not has_exif(clean)
    with Image.open(io.BytesIO(clean)) as im:
        assert im.size == (640, 480) and im.format == "JPEG"
        im.load()  # the image data is whole
    assert jpeg_without_metadata(clean_jpeg()) is not None


@pytest.mark.parametrize("data", [b"", b"GIF89a....", b"\xff\xd8\xff\xe1\xff\xff", b"\xff\xd8", b"\xff\xd8\x00\x00"])
def test_jpeg_without_metadata_refuses_what_is_no_jpeg(data):
    assert jpeg_without_metadata(data) is None


def test_the_mail_shows_the_photos_through_the_real_pipeline_and_a_real_smtp_server(
    smtp, staff, office, notify_settings, django_capture_on_commit_callbacks
):
    """Upload camera JPEGs with GPS, render them, reach step 3: the mail carries clean inline thumbnails."""
    notify_settings.REDAKSI_MEDIA = {
        "RENDITION_FORMATS": ("jpeg",),
        "UPLOAD_TEMP_DIR": str(notify_settings.MEDIA_ROOT.parent / "uploads"),
    }
    item = new_item(staff, office, title="Bupati Tinjau Banjir")
    captions = ["Bupati meninjau <b>banjir</b> & warga", "Posko pengungsian di Desa Teluk Latak"]
    with django_capture_on_commit_callbacks(execute=True):
        for n, caption in enumerate(captions, start=1):
            data = camera_jpeg(seed=n)
            result = photo_services.photo_upload(
                actor=staff["reporter"],
                item_id=item.pk,
                fileobj=io.BytesIO(data),
                filename=f"IMG_{n}.JPG",
                size=len(data),
            )
            Photo.objects.filter(pk=result.photo.pk).update(caption=caption, credit="Humas")
    assert Photo.objects.filter(status=Status.READY).count() == 2
    add_photo(item, staff["reporter"], 9, caption="Masih diproses", status=Status.PROCESSING)
    item = to_approval(item, staff, django_capture_on_commit_callbacks)

    [received] = [m["message"] for m in smtp.messages if staff["head"].email in m["to"]]
    assert received.get_content_type() == "multipart/alternative"
    plain, related = received.get_payload()
    assert plain.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    html_part = related.get_payload()[0]
    assert html_part.get_content_type() == "text/html"
    html = html_part.get_content()
    images = images_of(received)
    assert len(images) == 2
    cids = CID_SRC.findall(html)
    assert cids == [image["Content-ID"].strip("<>") for image in images]
    for image in images:
        assert image.get_content_disposition() == "inline"
        data = image.get_content()
        assert data.startswith(b"\xff\xd8") and not has_exif(data) and b"Exif" not in data and b"GPS" not in data
        with Image.open(io.BytesIO(data)) as im:
            assert im.size == (320, 320)
    # The caption is escaped in the HTML, and listed in the text part.
    assert "Bupati meninjau &lt;b&gt;banjir&lt;/b&gt; &amp; warga" in html and "<b>banjir" not in html
    text = plain.get_content()
    assert "1. Bupati meninjau <b>banjir</b> & warga (Photo: Humas)" in text
    assert "2. Posko pengungsian di Desa Teluk Latak (Photo: Humas)" in text
    assert "1 photo is still being processed and is not shown here." in text
    assert "1 photo is still being processed and is not shown here." in html
    # The outbox kept the inline images with their Content-IDs (the round trip a retry takes).
    row = OutboundMail.objects.get(kind="approval", to=[staff["head"].email])
    assert [a["cid"] for a in row.attachments] == cids
    assert all(a["mimetype"] == "image/jpeg" for a in row.attachments)


def test_the_inline_images_survive_a_retry_through_the_outbox(
    smtp, staff, office, notify_settings, django_capture_on_commit_callbacks, time_machine
):
    from redaksi.notify.outbox import mail_flush

    item = new_item(staff, office)
    add_photo(item, staff["reporter"], 1, caption="Foto satu")
    smtp.stop()
    item = to_approval(item, staff, django_capture_on_commit_callbacks)
    row = OutboundMail.objects.get(kind="approval", to=[staff["head"].email])
    assert row.status == OutboundMail.Status.QUEUED
    smtp.start()
    time_machine.move_to(row.next_try_at, tick=False)
    mail_flush()
    [received] = [m["message"] for m in smtp.messages if staff["head"].email in m["to"]]
    [image] = images_of(received)
    html = received.get_body(("html",)).get_content()
    assert CID_SRC.findall(html) == [image["Content-ID"].strip("<>")]
    assert "Foto satu" in html


def test_a_photo_missing_from_storage_does_not_stop_the_mail(
    staff, office, notify_settings, django_capture_on_commit_callbacks
):
    item = new_item(staff, office)
    kept = add_photo(item, staff["reporter"], 1, caption="Ada")
    lost = add_photo(item, staff["reporter"], 2, caption="Hilang")
    media_storage().delete(lost.renditions.get().file.name)
    add_photo(item, staff["reporter"], 3, caption="Gagal", status=Status.FAILED)
    item = to_approval(item, staff, django_capture_on_commit_callbacks)
    message = approval_mail_to(staff["head"].email)
    msg = parsed(message)
    [image] = images_of(msg)
    assert image.get_content() == kept.renditions.get().file.open("rb").read()
    html = msg.get_body(("html",)).get_content()
    assert "Ada" in html and "Hilang" not in html
    assert "2 photos could not be shown; see them on the desk." in message.body
    assert item.current_step == 3


def test_at_most_eight_photos_and_a_bounded_size(staff, office, notify_settings, monkeypatch):
    item = new_item(staff, office)
    for n in range(1, 11):
        add_photo(item, staff["reporter"], n, caption=f"Foto {n}", kind="thumb" if n % 2 else "w")
    photos = mail_photos(item)
    assert len(photos.shown) == 8 and photos.more == 2 and photos.pending == photos.unavailable == 0
    assert [p.caption for p in photos.shown] == [f"Foto {n}" for n in range(1, 9)]
    assert len({p.cid for p in photos.shown}) == 8
    size = len(photos.shown[0].content)
    monkeypatch.setattr(mail_photos_module, "MAX_TOTAL_BYTES", size * 3 + 10)
    photos = mail_photos(item)
    assert len(photos.shown) == 3 and photos.more == 7
    assert sum(len(p.content) for p in photos.shown) <= size * 3 + 10


def test_an_item_without_photos_says_nothing_about_photos(at_approval, staff):
    at_approval()
    message = approval_mail_to(staff["head"].email)
    assert "Photo" not in message.body and "cid:" not in message.alternatives[0][0]
    assert parsed(message).get_content_type() == "multipart/alternative"
    assert images_of(parsed(message)) == []


def test_related_message_keeps_ordinary_attachments_beside_the_inline_images():
    image = clean_jpeg((8, 8))
    message = RelatedMessage(
        subject="Uji",
        body="Isi",
        to=["kabag@example.go.id"],
        inline=[("foto-1.jpg", image, "image/jpeg", "foto1.abc@redaksi")],
    )
    message.attach_alternative('<p><img src="cid:foto1.abc@redaksi"></p>', "text/html")
    message.attach("lembar.txt", b"lampiran", "text/plain")
    msg = parsed(message)
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.get_payload()
    assert alternative.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in alternative.get_payload()] == ["text/plain", "multipart/related"]
    related = alternative.get_payload()[1]
    assert [p.get_content_type() for p in related.get_payload()] == ["text/html", "image/jpeg"]
    assert related.get_payload()[1]["Content-ID"] == "<foto1.abc@redaksi>"
    assert related.get_payload()[1].get_content() == image
    assert attachment.get_filename() == "lembar.txt"


def test_the_photos_are_read_when_the_mail_is_sent_not_inside_the_items_transaction(
    staff, office, notify_settings, django_capture_on_commit_callbacks, monkeypatch
):
    from redaksi.notify import deferred
    from redaksi.notify.outbox import mail_send

    item = new_item(staff, office)
    add_photo(item, staff["reporter"], 1, caption="Foto satu")
    reads = []
    monkeypatch.setattr(deferred, "mail_photos", lambda item: reads.append(item.pk) or mail_photos(item))
    with django_capture_on_commit_callbacks(execute=False):
        advance(item, staff, 3)
    row = OutboundMail.objects.get(kind="approval", to=[staff["head"].email])
    assert reads == []
    assert row.attachments and all(a.get("deferred") == "approval_photos" for a in row.attachments)
    assert "Foto satu" not in row.html

    assert mail_send(row.pk)

    assert reads == [item.pk]
    row.refresh_from_db()
    assert [a.get("deferred") for a in row.attachments] == [None] and "Foto satu" in row.html
    [image] = images_of(parsed(approval_mail_to(staff["head"].email)))
    assert image["Content-ID"].strip("<>") == row.attachments[0]["cid"]
