from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from django.utils.text import slugify

from redaksi.conftest import PASSWORD as PASSWORD_FOR_TESTS  # noqa: F401
from redaksi.newsroom.models import Category, NewsItem
from redaksi.newsroom.services import item_schedule, item_takedown
from redaksi.newsroom.tests.factories import advance, new_item


@pytest.fixture(autouse=True)
def public_root(settings, tmp_path):
    settings.REDAKSI_PUBLIC_ROOT = tmp_path / "site"
    settings.REDAKSI_PUBLIC = {
        **settings.REDAKSI_PUBLIC,
        "BASE_URL": "https://diskominfotik.bengkaliskab.go.id",
        "PAGE_SIZE": 3,
    }
    return Path(settings.REDAKSI_PUBLIC_ROOT)


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category(office):
    def make(name: str = "Pemerintahan") -> Category:
        return Category.objects.get_or_create(office=office, slug=slugify(name), defaults={"name": name})[0]

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the after-commit work (rendering) the way a real request's commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def publish(staff, office, category, on_commit):
    """Write an item and take it through every step; the rendering runs after commit."""

    def do(title: str = "Bupati Resmikan Jembatan Desa", category_name: str = "Pemerintahan", **kw) -> NewsItem:
        with on_commit():
            item = new_item(staff, office, title=title, category=category(category_name), **kw)
            return advance(item, staff, None)

    return do


@pytest.fixture
def takedown(staff, on_commit):
    def do(item: NewsItem, reason: str = "Data dalam berita keliru.") -> NewsItem:
        with on_commit():
            return item_takedown(actor=staff["admin"], item_id=item.pk, reason=reason)

    return do


@pytest.fixture
def unpublished(staff, office, category, on_commit):
    """Items in every state that must never be public: a draft, one waiting at step 7, one scheduled."""

    def make() -> dict[str, NewsItem]:
        with on_commit():
            draft = new_item(staff, office, title="Draf Rahasia Satu", category=category())
            waiting = advance(new_item(staff, office, title="Menunggu Terbit Dua", category=category()), staff, 7)
            scheduled = advance(new_item(staff, office, title="Terjadwal Tiga", category=category()), staff, 7)
            item_schedule(actor=staff["admin"], item_id=scheduled.pk, publish_at=timezone.now() + timedelta(days=2))
            scheduled = advance(scheduled, staff, None)
        assert scheduled.published_at > timezone.now()
        return {"draft": draft, "waiting": waiting, "scheduled": scheduled}

    return make


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def site_text(root: Path) -> str:
    return "\n".join(data.decode(errors="replace") for data in site_files(root).values())
