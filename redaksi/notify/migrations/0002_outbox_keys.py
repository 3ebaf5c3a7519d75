"""The mail outbox becomes the first user of redaksi.core.outbox: an idempotency key and the provider's id.

Rows already in the table get a key of their own before the column turns unique; a queued row then
goes out as before.
"""

import uuid

from django.db import migrations, models


def give_keys(apps, schema_editor):
    OutboundMail = apps.get_model("notify", "OutboundMail")
    for pk in OutboundMail.objects.filter(idempotency_key__isnull=True).values_list("pk", flat=True).iterator():
        OutboundMail.objects.filter(pk=pk).update(idempotency_key=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundmail",
            name="idempotency_key",
            field=models.CharField(editable=False, max_length=100, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
    ]
