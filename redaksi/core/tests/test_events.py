"""The event registry: order, subclasses, idempotent subscription; and who hears the newsroom."""

from dataclasses import dataclass

import pytest
from django.test import RequestFactory

from redaksi.core import events
from redaksi.core.actor import SYSTEM, Actor


@dataclass(frozen=True)
class Base:
    n: int


@dataclass(frozen=True)
class Child(Base):
    pass


@pytest.fixture
def heard():
    calls = []
    handlers = {
        "late": lambda e: calls.append(("late", e.n)),
        "early": lambda e: calls.append(("early", e.n)),
        "child": lambda e: calls.append(("child", e.n)),
    }
    events.subscribe(Base, handlers["late"], order=200)
    events.subscribe(Base, handlers["early"], order=10)
    events.subscribe(Child, handlers["child"])
    yield calls, handlers
    events.unsubscribe(Base, handlers["late"])
    events.unsubscribe(Base, handlers["early"])
    events.unsubscribe(Child, handlers["child"])


def test_subscribers_run_in_order_and_hear_subclasses(heard):
    calls, _handlers = heard
    events.dispatch(Base(1))
    events.dispatch(Child(2))
    assert calls == [("early", 1), ("late", 1), ("early", 2), ("child", 2), ("late", 2)]


def test_subscribing_twice_is_once(heard):
    calls, handlers = heard
    events.subscribe(Base, handlers["early"], order=10)
    events.dispatch(Base(3))
    assert calls == [("early", 3), ("late", 3)]


def test_the_apps_subscribe_to_the_newsroom_and_media():
    from redaksi.media.events import GalleryChanged
    from redaksi.newsroom.events import ItemPublished, ItemTakenDown, PublicItemChanged, StepStarted
    from redaksi.notify.handoffs import on_step_started
    from redaksi.public import hooks
    from redaksi.social import hooks as social
    from redaksi.social.hooks import on_step_started as social_on_step_started

    assert events.subscribers(StepStarted) == [on_step_started, social_on_step_started]
    assert events.subscribers(ItemPublished) == [hooks.on_item_event]
    # Step 8's follow-ups (rows only) and cards hear changes of a live item before the public site re-renders it.
    assert events.subscribers(ItemTakenDown) == [social.on_item_taken_down, hooks.on_item_event]
    assert events.subscribers(PublicItemChanged) == [
        social.on_text_changed,
        social.on_public_item_changed,
        hooks.on_item_event,
    ]
    assert events.subscribers(GalleryChanged) == [hooks.on_gallery_changed]


def test_an_actor_from_a_request_carries_the_address_and_no_anonymous_user():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0::1", HTTP_X_REQUEST_ID="abc")
    actor = Actor.from_request(request)
    assert actor == Actor(user=None, ip="2001:db8::1", request_id="abc")
    assert Actor.from_request(RequestFactory().get("/", REMOTE_ADDR="not an address")).ip is None
    assert Actor.of(None) is SYSTEM and SYSTEM.is_system
    assert Actor.of(actor) is actor
