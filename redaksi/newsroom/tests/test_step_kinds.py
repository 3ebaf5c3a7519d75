"""A step of several kinds: "upload and publish" in one step, as other offices' SOPs say."""

import pytest

from redaksi.conftest import BENGKALIS
from redaksi.core.errors import Conflict
from redaksi.newsroom.models import NewsItem
from redaksi.newsroom.selectors import flow_for, published_items
from redaksi.newsroom.services import step_complete
from redaksi.newsroom.steps import handler_of
from redaksi.sop.engine import Outcome
from redaksi.sop.models import SopStep
from redaksi.sop.services import sop_load

from .factories import advance, new_item
from .test_reapproval import with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload_and_publish(bengkalis, staff):
    sop_load(text=with_steps(BENGKALIS, s5={"kind": ["upload", "publish"]}), source_name="unggah-dan-tayang.yaml")
    return staff


def test_an_upload_and_publish_step_does_both(upload_and_publish, office):
    staff = upload_and_publish
    item = advance(new_item(staff, office), staff, 5)
    step = flow_for(item).step(5)
    assert step.kinds == ("upload", "publish") and step.kind == "upload"
    assert handler_of(step).publishes and not handler_of(step).approves
    assert not published_items().filter(pk=item.pk).exists()
    item = advance(item, staff, 6)
    assert item.uploaded_at is not None and item.published_at is not None  # the upload's and the publish's
    assert published_items().filter(pk=item.pk).exists()
    assert SopStep.objects.get(version=item.sop_version, number=5).kind == "upload+publish"


def test_the_publish_part_still_refuses_a_text_that_is_not_approved(upload_and_publish, office):
    staff = upload_and_publish
    item = advance(new_item(staff, office), staff, 5)
    NewsItem.objects.filter(pk=item.pk).update(approved_text_hash="")
    with pytest.raises(Conflict, match="has not been approved"):
        step_complete(
            actor=staff["admin"], item_id=item.pk, step_number=5, outcome=Outcome.DONE, expected_revision=item.revision
        )
    item.refresh_from_db()
    assert item.current_step == 5 and item.uploaded_at is None  # nothing of either kind was written
