"""The idempotency key turns unique once every row has one (0002); on PostgreSQL in its own transaction."""

from django.db import migrations, models

import redaksi.core.models


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0002_outbox_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outboundmail",
            name="idempotency_key",
            field=models.CharField(
                default=redaksi.core.models.new_idempotency_key, editable=False, max_length=100, unique=True
            ),
        ),
        migrations.AddField(
            model_name="outboundmail",
            name="remote_id",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="outboundmail",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("failed", "Failed for good"),
                    ("held", "Waiting for a person"),
                ],
                db_index=True,
                default="queued",
                max_length=10,
            ),
        ),
    ]
