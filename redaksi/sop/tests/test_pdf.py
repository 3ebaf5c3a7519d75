"""The SOP's PDF is drawn by a task, never inside a request, and served from the stored file."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from redaksi.accounts.models import Role
from redaksi.conftest import BENGKALIS
from redaksi.sop.models import SopPdf
from redaksi.sop.pdf import ASK_AGAIN_AFTER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def reader(client, staff):
    client.force_login(staff["reporter"])
    return client


def pdf_url(version) -> str:
    return reverse("sop:version_pdf", args=[version.sop.pk, version.number])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_first_ask_queues_the_drawing_and_says_so(reader, bengkalis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = reader.get(pdf_url(bengkalis))
    assert response.status_code == 202
    assert response["Retry-After"] == "3"
    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "The PDF is being drawn" in html
    assert reverse("sop:version", args=[bengkalis.sop.pk, 1]) in html
    assert len(queued) == 1  # the drawing, for after commit
    assert not SopPdf.objects.get().file  # nothing was drawn in the request


def test_once_drawn_the_stored_file_is_served_and_never_drawn_again(
    reader, bengkalis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert reader.get(pdf_url(bengkalis)).status_code == 202
    stored = SopPdf.objects.get()
    assert stored.file and stored.drawn_at is not None and stored.language == "en"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first, second = reader.get(pdf_url(bengkalis)), reader.get(pdf_url(bengkalis))
    assert queued == []
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first["Content-Disposition"] == 'attachment; filename="SOP-pengelolaan-berita-v1.pdf"'
    with stored.file.open("rb") as fh:
        assert body(first) == body(second) == fh.read()
    assert SopPdf.objects.count() == 1


def test_asking_again_while_it_is_drawn_queues_nothing_more_until_the_task_is_lost(
    reader, bengkalis, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        reader.get(pdf_url(bengkalis))
        reader.get(pdf_url(bengkalis))
    assert len(queued) == 1
    SopPdf.objects.update(requested_at=SopPdf.objects.get().requested_at - ASK_AGAIN_AFTER - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert reader.get(pdf_url(bengkalis)).status_code == 202
    assert len(queued) == 1


def test_a_relabelled_role_gives_a_fresh_drawing(reader, bengkalis, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reader.get(pdf_url(bengkalis))
    before = body(reader.get(pdf_url(bengkalis)))
    Role.objects.filter(office=bengkalis.sop.office, code="kabag").update(name="Kepala Bidang IKP")
    with django_capture_on_commit_callbacks(execute=True):
        assert reader.get(pdf_url(bengkalis)).status_code == 202
    after = reader.get(pdf_url(bengkalis))
    assert after.status_code == 200 and body(after) != before
    assert SopPdf.objects.filter(version=bengkalis).count() == 2


def test_loading_an_sop_draws_its_pdf_in_the_background(db, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("sop_load", str(BENGKALIS), stdout=StringIO())
    assert len(queued) == 1
    stored = SopPdf.objects.get()
    assert stored.language == settings.LANGUAGE_CODE
    with stored.file.open("rb") as fh:
        assert fh.read().startswith(b"%PDF")
