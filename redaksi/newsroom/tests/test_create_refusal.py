"""Only the role of step 1 writes a new item: a form posted by another role is refused like the page
(found by the route matrix, issue 13: an empty POST used to show the form to any role)."""

import pytest
from django.urls import reverse

from redaksi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["editor", "head", "admin", "sysadmin"])
def test_another_role_posting_the_new_item_form_is_refused_and_recorded(client, staff, who):
    client.force_login(staff[who])
    for data in ({}, {"title": "Judul"}):
        assert client.post(reverse("newsroom:item_create"), data).status_code == 403
    assert AuditEntry.objects.filter(action="authz.denied", data__what="item_create").count() == 2


def test_the_writer_still_gets_the_form_back_with_its_errors(client, staff):
    client.force_login(staff["reporter"])
    response = client.post(reverse("newsroom:item_create"), {"title": ""})
    assert response.status_code == 200
    assert response.context["form"].errors
