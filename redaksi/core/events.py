"""Events inside a transaction: an app announces, the apps above it subscribe.

A service dispatches an event inside its transaction; each subscriber, registered in its app's
`AppConfig.ready()`, records intent only (a row, a `transaction.on_commit` task) and never does
slow or external work there. Subscribers run in `order` (then registration order); a subscriber
for a base class also hears its subclasses. An exception in a subscriber rolls the change back,
as any failure inside the transaction does.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Handler = Callable[[Any], None]

_subscribers: dict[type, list[tuple[int, int, Handler]]] = defaultdict(list)
_counter = 0


def subscribe(event_type: type, handler: Handler, *, order: int = 100) -> None:
    """Call `handler(event)` for every dispatched event of `event_type` (or a subclass). Idempotent."""
    global _counter
    if any(h is handler for _order, _n, h in _subscribers[event_type]):
        return
    _counter += 1
    _subscribers[event_type].append((order, _counter, handler))
    _subscribers[event_type].sort(key=lambda entry: entry[:2])


def unsubscribe(event_type: type, handler: Handler) -> None:
    _subscribers[event_type] = [e for e in _subscribers[event_type] if e[2] is not handler]


def subscribers(event_type: type) -> list[Handler]:
    """Who hears an event of this type, in the order they are called."""
    entries = [e for cls in event_type.__mro__ for e in _subscribers.get(cls, ())]
    return [handler for _order, _n, handler in sorted(entries, key=lambda entry: entry[:2])]


def dispatch(event: Any) -> None:
    for handler in subscribers(type(event)):
        handler(event)
