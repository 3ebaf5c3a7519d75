from redaksi.core import backends
from redaksi.core.outbox import Outbox

from .models import Parcel


class ParcelOutbox(Outbox):
    def deliver(self, row):
        return backends.get("parcels").send({"text": row.text}, key=row.idempotency_key)

    def sent_changes(self, row):
        return {"secret": ""}


OUTBOX = ParcelOutbox(model=Parcel, task="redaksi.core.tests.outboxapp.tasks.send_parcel_task", max_attempts=lambda: 3)
