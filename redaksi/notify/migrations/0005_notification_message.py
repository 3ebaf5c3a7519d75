"""Inbox entries keep their message key and values, worded in the reader's language when read.

Entries of before were stored worded, in the language of whoever caused them: each whose title (and
body) reads as one of our messages, in Indonesian or English, gets its keys and values back, so it too
is worded in the reader's language; an entry that matches none keeps its words as they are.
"""

from django.db import migrations, models

LANGUAGES = ("id", "en")


def recover_messages(apps, schema_editor):
    from redaksi.notify.messages import recover

    notification = apps.get_model("notify", "Notification")
    for note in notification.objects.filter(title_key="").iterator(chunk_size=500):
        title = recover(note.title, LANGUAGES)
        body = recover(note.body, LANGUAGES) if note.body else None
        if title is None or (note.body and body is None):
            continue
        note.title_key, note.params = title[0], dict(title[1])
        if body is not None:
            note.body_key = body[0]
            note.params.update(body[1])
        note.save(update_fields=["title_key", "body_key", "params"])


class Migration(migrations.Migration):
    dependencies = [
        ("notify", "0004_notification_done"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="body_key",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="notification",
            name="params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="notification",
            name="title_key",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.RunPython(recover_messages, migrations.RunPython.noop),
    ]
