import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from redaksi.audit.models import AuditEntry
from redaksi.media.models import ItemMedia, Photo
from redaksi.newsroom.tests.factories import advance

from .conftest import camera_jpeg

pytestmark = pytest.mark.django_db


def post_photo(client, item, data: bytes, name: str = "IMG_0001.JPG", **extra):
    return client.post(reverse("media:photo_upload", args=[item.pk]), {"file": SimpleUploadedFile(name, data)}, **extra)


@pytest.fixture
def reporter_client(client, staff):
    client.force_login(staff["reporter"])
    return client


def test_page_shows_the_upload_panel_to_the_writer(reporter_client, item):
    response = reporter_client.get(reverse("media:item", args=[item.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-media-upload" in html and "webkitdirectory" in html and "multiple" in html
    assert "<script>" not in html.replace('<script src="', "")  # no inline script (CSP)
    assert ' style="' not in html


def test_page_is_read_only_for_other_roles_and_404_for_invisible_items(client, staff, item):
    client.force_login(staff["reporter2"])
    assert client.get(reverse("media:item", args=[item.pk])).status_code == 404  # another writer's draft
    item = advance(item, staff, 2)
    response = client.get(reverse("media:item", args=[item.pk]))
    assert response.status_code == 200 and b"data-media-upload" not in response.content


def test_upload_answers_json_with_the_card_and_then_recognises_the_duplicate(
    reporter_client, item, django_capture_on_commit_callbacks
):
    data = camera_jpeg()
    with django_capture_on_commit_callbacks(execute=True):
        first = post_photo(reporter_client, item, data)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["ok"] and not body["duplicate"] and 'id="photo-' in body["html"]
    # The renditions are made after the answer; the card asks for them until they are there.
    assert 'hx-trigger="every 2s"' in body["html"]
    photo = Photo.objects.get()
    preview = reporter_client.get(reverse("media:photo", args=[item.pk, photo.pk]) + "?part=preview")
    assert b"<picture" in preview.content and b"hx-trigger" not in preview.content
    second = post_photo(reporter_client, item, data, "copy.jpg")
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert "IMG_0001.JPG" in second.json()["message"]
    assert Photo.objects.count() == 1


def test_upload_by_another_role_is_403_and_recorded(client, staff, item):
    item = advance(item, staff, 2)
    client.force_login(staff["editor"])
    response = post_photo(client, item, camera_jpeg())
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied", data__what="media.photo_upload").exists()


def test_upload_wants_one_file(reporter_client, item):
    url = reverse("media:photo_upload", args=[item.pk])
    response = reporter_client.post(url, {"file": [SimpleUploadedFile("a.jpg", camera_jpeg(seed=1)),
                                                   SimpleUploadedFile("b.jpg", camera_jpeg(seed=2))]})  # fmt: skip
    assert response.status_code == 400
    assert reporter_client.post(url, {}).status_code == 400


def test_caption_form_through_htmx_returns_the_card(reporter_client, item):
    post_photo(reporter_client, item, camera_jpeg())
    photo = Photo.objects.get()
    url = reverse("media:photo", args=[item.pk, photo.pk])
    data = {
        f"p{photo.pk}-caption": "Bupati meninjau.",
        f"p{photo.pk}-credit": "Humas",
        f"p{photo.pk}-alt_text": "Bupati",
    }
    response = reporter_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Bupati meninjau." in response.content
    photo.refresh_from_db()
    assert photo.caption == "Bupati meninjau."
    data[f"p{photo.pk}-caption"] = 'x" onmouseover="alert(1)'  # case 13: attribute-escaped
    response = reporter_client.post(url, data, HTTP_HX_REQUEST="true")
    assert b'onmouseover="alert(1)' not in response.content
    assert b"x&quot; onmouseover=&quot;alert(1)" in response.content


def test_arrange_and_gallery_views(reporter_client, item):
    for seed in (1, 2):
        post_photo(reporter_client, item, camera_jpeg(seed=seed))
    links = list(ItemMedia.objects.filter(item=item).order_by("position"))
    response = reporter_client.post(reverse("media:arrange", args=[item.pk, links[1].pk]), {"action": "lead"})
    assert response.status_code == 302
    assert ItemMedia.objects.get(is_lead=True).pk == links[1].pk
    response = reporter_client.post(
        reverse("media:gallery_create", args=[item.pk]),
        {"title": "Peresmian", "photos": [links[1].photo_id, links[0].photo_id]},
    )
    assert response.status_code == 302
    page = reporter_client.get(reverse("media:item", args=[item.pk])).content.decode()
    assert "Peresmian" in page


def test_picture_tag_offers_avif_webp_and_a_jpeg_fallback(staff, item, django_capture_on_commit_callbacks):
    from redaksi.media.services import photo_update, photo_upload

    data = camera_jpeg(2000, 1000)
    with django_capture_on_commit_callbacks(execute=True):
        photo = photo_upload(actor=staff["reporter"], item_id=item.pk, fileobj=__import__("io").BytesIO(data),
                             filename="a.jpg", size=len(data)).photo  # fmt: skip
    photo_update(actor=staff["reporter"], item_id=item.pk, photo_id=photo.pk, caption="c", credit="",
                 alt_text='Bupati "tersenyum"')  # fmt: skip
    photo.refresh_from_db()
    html = Template('{% load media %}{% picture photo sizes="50vw" %}').render(Context({"photo": photo}))
    assert '<source type="image/avif"' in html and '<source type="image/webp"' in html
    assert " 480w" in html and " 1600w" in html and 'sizes="50vw"' in html
    assert 'alt="Bupati &quot;tersenyum&quot;"' in html and 'loading="lazy"' in html
    public = Template('{% load media %}{% picture photo base="/media/" %}').render(Context({"photo": photo}))
    assert f"/media/{photo.key.hex}/w960.jpg" in public


def test_youtube_link_is_validated_and_embedded_without_cookies(reporter_client, item):
    url = reverse("media:youtube", args=[item.pk])
    reporter_client.post(url, {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10"})
    video = ItemMedia.objects.get(item=item).video
    assert video.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    reporter_client.post(url, {"url": "http://127.0.0.1:8000/admin"})
    reporter_client.post(url, {"url": "https://evil.example/watch?v=dQw4w9WgXcQ"})
    assert ItemMedia.objects.filter(item=item).count() == 1
