"""Galleries of their own ("Galeri Foto"): the staff pages, their rights, and what becomes public."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from redaksi.audit.models import AuditEntry
from redaksi.core.errors import NotPermitted
from redaksi.media import selectors, services
from redaksi.media.models import Gallery, GalleryPhoto, Photo, Rendition, Status

from .conftest import camera_jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run(fn):
        with django_capture_on_commit_callbacks(execute=True):
            return fn()

    return run


@pytest.fixture
def publisher(staff):
    """The Bengkalis SOP publishes at step 7 by the website administrator (staf-admin)."""
    return staff["admin"]


@pytest.fixture
def admin_client(client, publisher):
    client.force_login(publisher)
    return client


@pytest.fixture
def gallery(publisher):
    return services.gallery_details_save(
        actor=publisher, title="Peresmian Jembatan", event_date=datetime.date(2026, 11, 20), place="Bengkalis"
    )


def add_photo(actor, gallery, seed: int, name: str = "", run=None) -> Photo:
    data = camera_jpeg(seed=seed)

    def go():
        return services.gallery_photo_upload(
            actor=actor, gallery_id=gallery.pk, fileobj=io.BytesIO(data), filename=name or f"IMG_{seed:04}.JPG",
            size=len(data),
        )  # fmt: skip

    return (run(go) if run else go())[0]


def complete(photo: Photo) -> None:
    Photo.objects.filter(pk=photo.pk).update(caption="Bupati meresmikan jembatan.", alt_text="Bupati di jembatan")


def url(name: str, *args) -> str:
    return reverse(f"media:{name}", args=args)


# Services ------------------------------------------------------------------------------------------------


def test_only_the_publishing_role_makes_galleries(staff):
    for who in ("reporter", "editor", "head", "sysadmin"):
        with pytest.raises(NotPermitted):
            services.gallery_details_save(actor=staff[who], title="Galeri")
    assert not Gallery.objects.exists()


def test_upload_order_remove_and_audit(publisher, gallery, run_on_commit):
    photos = [add_photo(publisher, gallery, seed, run=run_on_commit) for seed in (1, 2, 3)]
    order = list(selectors.gallery_entries(gallery).values_list("photo_id", flat=True))
    assert order == [p.pk for p in photos]
    assert all(p.status == Status.PENDING for p in photos)  # rendered in the worker
    assert Photo.objects.filter(status=Status.READY).count() == 3  # ... which ran on commit here
    services.gallery_photo_arrange(actor=publisher, gallery_id=gallery.pk, photo_id=photos[2].pk, action="up")
    services.gallery_photo_arrange(actor=publisher, gallery_id=gallery.pk, photo_id=photos[0].pk, action="down")
    order = list(selectors.gallery_entries(gallery).values_list("photo_id", flat=True))
    assert order == [photos[2].pk, photos[0].pk, photos[1].pk]
    services.gallery_photo_arrange(actor=publisher, gallery_id=gallery.pk, photo_id=photos[0].pk, action="remove")
    entries = list(selectors.gallery_entries(gallery).values_list("photo_id", "position"))
    assert entries == [(photos[2].pk, 1), (photos[1].pk, 2)]
    assert Photo.objects.filter(pk=photos[0].pk).exists()  # the photo stays in the library
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"media.gallery.create", "media.photo.upload", "media.gallery.up", "media.gallery.remove"} <= actions


def test_the_same_photo_twice_is_one_photo_once(publisher, gallery):
    first = add_photo(publisher, gallery, 1)
    again = services.gallery_photo_upload(
        actor=publisher, gallery_id=gallery.pk, fileobj=io.BytesIO(camera_jpeg(seed=1)), filename="copy.jpg",
        size=len(camera_jpeg(seed=1)),
    )  # fmt: skip
    assert again == (first, True, False)
    assert GalleryPhoto.objects.filter(gallery=gallery).count() == 1


def test_library_photos_of_items_can_be_chosen(staff, publisher, gallery, item):
    data = camera_jpeg(seed=9)
    on_item = services.photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="DSC_9.JPG", size=len(data)
    ).photo
    # A reporter's first-step draft is theirs alone: its photos are not in anyone else's library.
    assert not selectors.library_photos(publisher).filter(pk=on_item.pk).exists()
    with pytest.raises(Exception, match="library"):
        services.gallery_photos_add(actor=publisher, gallery_id=gallery.pk, photo_ids=[on_item.pk])
    from redaksi.newsroom.tests.factories import advance

    advance(item, staff, 2)
    assert selectors.library_photos(publisher, query="dsc_9").filter(pk=on_item.pk).exists()
    assert not selectors.library_photos(publisher, query="nothing-like-it").exists()
    assert services.gallery_photos_add(actor=publisher, gallery_id=gallery.pk, photo_ids=[on_item.pk]) == 1
    assert not selectors.library_photos(publisher, exclude_gallery=gallery).filter(pk=on_item.pk).exists()


def test_publish_needs_photos_with_caption_and_alt_text(publisher, gallery, run_on_commit):
    with pytest.raises(Exception, match="no photos"):
        services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    photo = add_photo(publisher, gallery, 1, "DSC_0042.JPG", run=run_on_commit)
    with pytest.raises(Exception, match="DSC_0042.JPG"):
        services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    complete(photo)
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    gallery.refresh_from_db()
    assert gallery.published_at is not None
    # Published: no new photo, and a photo in it keeps its caption and alt text.
    with pytest.raises(Exception, match="Unpublish"):
        add_photo(publisher, gallery, 2)
    with pytest.raises(Exception, match="published gallery"):
        services.gallery_photo_update(
            actor=publisher, gallery_id=gallery.pk, photo_id=photo.pk, caption="", credit="", alt_text=""
        )
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=False)
    gallery.refresh_from_db()
    assert gallery.published_at is None
    assert list(AuditEntry.objects.filter(action__startswith="media.gallery.").values_list("action", flat=True))[
        -2:
    ] == ["media.gallery.publish", "media.gallery.unpublish"]


# Selectors for the public site and the file rule ---------------------------------------------------------


def test_public_selectors_see_only_published_galleries(publisher, gallery, run_on_commit):
    photos = [add_photo(publisher, gallery, seed, run=run_on_commit) for seed in (1, 2)]
    assert list(selectors.published_galleries()) == []
    assert selectors.gallery_photos(gallery) == []
    assert not selectors.public_gallery_renditions(gallery).exists()
    for photo in photos:
        complete(photo)
    services.gallery_photo_arrange(actor=publisher, gallery_id=gallery.pk, photo_id=photos[1].pk, action="up")
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    listed = list(selectors.published_galleries())
    assert listed == [gallery] and listed[0].photo_count == 2
    assert [p.pk for p in selectors.gallery_photos(gallery)] == [photos[1].pk, photos[0].pk]
    assert selectors.public_gallery_renditions(gallery).count() == Rendition.objects.count() > 0
    later = timezone.now() - datetime.timedelta(days=1)
    assert list(selectors.published_galleries(now=later)) == []  # not yet published then


def test_files_of_an_unpublished_gallery_are_never_public(client, publisher, gallery, run_on_commit):
    photo = add_photo(publisher, gallery, 1, run=run_on_commit)
    complete(photo)
    rendition = photo.renditions.filter(kind=Rendition.Kind.WIDTH, format="jpeg").first()
    public_url = url("file", photo.key, rendition.variant)
    original_url = url("file", photo.key, "original")
    assert client.get(public_url).status_code == 404  # anonymous, unpublished
    assert client.get(url("file", photo.key, "thumb.jpg")).status_code == 404
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    response = client.get(public_url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("public")
    assert client.get(original_url).status_code == 404  # originals never
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=False)
    assert client.get(public_url).status_code == 404  # taken off: private again
    client.force_login(publisher)
    assert client.get(public_url).status_code == 200  # staff still see it
    assert client.get(original_url).status_code == 200


def test_a_gallery_of_another_office_does_not_make_a_photo_public(client, publisher, gallery, run_on_commit):
    photo = add_photo(publisher, gallery, 1, run=run_on_commit)
    complete(photo)
    # A gallery on an unpublished item holds the photo too, "published_at" set by mistake: not public.
    other = Gallery.objects.create(office=gallery.office, title="x", created_by=publisher)
    GalleryPhoto.objects.create(gallery=other, photo=photo, position=1)
    assert not selectors.public_photos().filter(pk=photo.pk).exists()
    Gallery.objects.filter(pk=other.pk).update(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert not selectors.public_photos().filter(pk=photo.pk).exists()  # scheduled, not due
    Gallery.objects.filter(pk=other.pk).update(published_at=timezone.now())
    assert selectors.public_photos().filter(pk=photo.pk).exists()


# Pages -------------------------------------------------------------------------------------------------


def test_list_shows_title_date_count_and_state(admin_client, publisher, gallery, run_on_commit):
    photo = add_photo(publisher, gallery, 1, run=run_on_commit)
    complete(photo)
    services.gallery_details_save(actor=publisher, title="Rapat Paripurna")
    services.gallery_publish(actor=publisher, gallery_id=gallery.pk, publish=True)
    response = admin_client.get(url("gallery_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peresmian Jembatan" in html and "Rapat Paripurna" in html
    assert "20 November 2026" in html
    assert "1 photo" in html and "0 photos" in html
    assert ">Published<" in html and ">Not published<" in html
    assert url("gallery_new") in html
    assert "<script>" not in html.replace('<script src="', "") and ' style="' not in html


def test_create_edit_and_publish_through_the_pages(admin_client, publisher, django_capture_on_commit_callbacks):
    response = admin_client.post(
        url("gallery_new"),
        {"title": "Hari Jadi Bengkalis", "description": "Upacara.", "event_date": "2026-11-20", "place": "Alun-alun"},
    )
    gallery = Gallery.objects.get()
    assert response.status_code == 302 and response["Location"] == url("gallery", gallery.pk)
    assert gallery.event_date == datetime.date(2026, 11, 20) and gallery.place == "Alun-alun"
    assert admin_client.post(url("gallery_new"), {"title": " "}).status_code == 400
    page = admin_client.get(url("gallery", gallery.pk)).content.decode()
    assert "data-media-upload" in page and url("gallery_upload", gallery.pk) in page
    assert "data-video-url" not in page
    response = admin_client.post(url("gallery", gallery.pk), {"title": "Hari Jadi ke-514", "event_date": "2026-11-21"})
    assert response.status_code == 302
    gallery.refresh_from_db()
    assert gallery.title == "Hari Jadi ke-514" and gallery.description == ""

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url("gallery_upload", gallery.pk), {"file": SimpleUploadedFile("IMG_1.JPG", camera_jpeg(seed=1))}
        )
    assert response.status_code == 201, response.content
    assert 'id="photo-' in response.json()["html"] and url("gallery_upload", gallery.pk) in response.json()["html"]
    photo = Photo.objects.get()
    response = admin_client.post(url("gallery_publish", gallery.pk), {"action": "publish"}, follow=True)
    assert "IMG_1.JPG" in response.content.decode() and "cannot be published yet" in response.content.decode()
    gallery.refresh_from_db()
    assert gallery.published_at is None

    prefix = f"p{photo.pk}"
    data = {f"{prefix}-caption": "Upacara.", f"{prefix}-credit": "Humas", f"{prefix}-alt_text": "Barisan upacara"}
    response = admin_client.post(url("gallery_photo", gallery.pk, photo.pk), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Upacara." in response.content
    response = admin_client.post(url("gallery_publish", gallery.pk), {"action": "publish"})
    gallery.refresh_from_db()
    assert response.status_code == 302 and gallery.published_at is not None
    page = admin_client.get(url("gallery", gallery.pk)).content.decode()
    assert 'value="unpublish"' in page and "data-media-upload" not in page


def test_order_through_htmx_returns_the_list(admin_client, publisher, gallery):
    photos = [add_photo(publisher, gallery, seed) for seed in (1, 2)]
    response = admin_client.post(
        url("gallery_arrange", gallery.pk, photos[1].pk), {"action": "up"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(f'id="photo-{photos[1].pk}"') < html.index(f'id="photo-{photos[0].pk}"')
    assert html.startswith('<section id="foto"')
    response = admin_client.post(url("gallery_arrange", gallery.pk, photos[1].pk), {"action": "down"})
    assert response.status_code == 302
    assert list(selectors.gallery_entries(gallery).values_list("photo_id", flat=True)) == [p.pk for p in photos]


def test_library_picker_searches_and_adds(admin_client, staff, publisher, gallery, item):
    from redaksi.newsroom.tests.factories import advance

    data = camera_jpeg(seed=7)
    photo = services.photo_upload(
        actor=staff["reporter"], item_id=item.pk, fileobj=io.BytesIO(data), filename="Jembatan.jpg", size=len(data)
    ).photo
    advance(item, staff, 2)
    response = admin_client.get(url("gallery_library", gallery.pk), {"q": "jembatan"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and b"Jembatan.jpg" in response.content
    response = admin_client.get(url("gallery_library", gallery.pk), {"q": "zzz"}, HTTP_HX_REQUEST="true")
    assert b"Jembatan.jpg" not in response.content and "zzz" in response.content.decode()
    response = admin_client.post(url("gallery_library", gallery.pk), {"photos": [photo.pk]})
    assert response.status_code == 302
    assert GalleryPhoto.objects.filter(gallery=gallery, photo=photo).exists()
    assert AuditEntry.objects.filter(action="media.gallery.add").exists()


@pytest.mark.parametrize("who", ["reporter", "editor", "head", "sysadmin"])
def test_other_roles_get_403_and_it_is_recorded(client, staff, gallery, who):
    client.force_login(staff[who])
    photo = add_photo(staff["admin"], gallery, 1)
    attempts = [
        ("get", url("gallery_list"), {}),
        ("get", url("gallery_new"), {}),
        ("post", url("gallery_new"), {"title": "X"}),
        ("get", url("gallery", gallery.pk), {}),
        ("post", url("gallery_upload", gallery.pk), {"file": SimpleUploadedFile("a.jpg", camera_jpeg(seed=3))}),
        ("post", url("gallery_library", gallery.pk), {"photos": [photo.pk]}),
        ("post", url("gallery_photo", gallery.pk, photo.pk), {f"p{photo.pk}-caption": "x"}),
        ("post", url("gallery_arrange", gallery.pk, photo.pk), {"action": "up"}),
        ("post", url("gallery_publish", gallery.pk), {"action": "publish"}),
    ]
    for method, address, data in attempts:
        assert getattr(client, method)(address, data).status_code == 403, address
    assert AuditEntry.objects.filter(action="authz.denied", data__what__startswith="media.gallery").count() == len(
        attempts
    )
    assert Gallery.objects.count() == 1 and GalleryPhoto.objects.count() == 1


def test_anonymous_is_sent_to_log_in(client, gallery):
    response = client.get(url("gallery_list"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_unknown_ids_and_other_galleries_are_404(admin_client, publisher, gallery, item, staff):
    photo = add_photo(publisher, gallery, 1)
    on_item = Gallery.objects.create(office=gallery.office, item=item, title="On item", created_by=staff["reporter"])
    for address in (
        url("gallery", 10**9),
        url("gallery", on_item.pk),
        url("gallery_photo", gallery.pk, 10**9),
        url("gallery_photo", 10**9, photo.pk),
    ):
        assert admin_client.get(address).status_code == 404, address
    for address in (
        url("gallery_arrange", gallery.pk, 10**9),
        url("gallery_publish", 10**9),
        url("gallery_upload", on_item.pk),
    ):
        assert admin_client.post(address, {"action": "up"}).status_code == 404, address


def test_titles_and_captions_with_markup_are_escaped(admin_client, publisher, run_on_commit):
    evil = '<img src=x onerror="alert(1)">'
    gallery = services.gallery_details_save(actor=publisher, title=f"Galeri {evil}", place=evil, description=evil)
    photo = add_photo(publisher, gallery, 1, name=f"{evil}.jpg", run=run_on_commit)
    services.gallery_photo_update(
        actor=publisher, gallery_id=gallery.pk, photo_id=photo.pk, caption=f"x\" onmouseover=\"alert(1) {evil}",
        credit=evil, alt_text='alt" onload="alert(2)',
    )  # fmt: skip
    for address in (url("gallery_list"), url("gallery", gallery.pk)):
        html = admin_client.get(address).content.decode()
        assert "<img src=x" not in html and 'onerror="alert(1)"' not in html, address
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    html = admin_client.get(url("gallery", gallery.pk)).content.decode()
    assert 'onmouseover="alert(1)' not in html and 'onload="alert(2)"' not in html
    response = admin_client.get(url("gallery_library", gallery.pk), {"q": evil}, HTTP_HX_REQUEST="true")
    assert "<img src=x" not in response.content.decode()
