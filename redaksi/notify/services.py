"""Writes of notifications: inbox entries, handoff mails, preferences and the digest."""

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redaksi.accounts.models import User
from redaksi.audit.services import audit_log
from redaksi.core.actor import Actor
from redaksi.newsroom.models import NewsItem, StepRun

from . import conf
from .messages import Message
from .models import Notification, Preference
from .outbox import mail_queue

# The kinds that announce a step to its role: done when the item leaves that step.
STEP_KINDS = ("handoff", "returned", "approval", "reminder")


def preference_mode(user: User) -> str:
    pref = Preference.objects.filter(user=user).first()
    return pref.mode if pref else Preference.Mode.INSTANT


def notify_users(
    users: Iterable[User],
    *,
    kind: str,
    title: str | Message,
    body: str | Message = "",
    url: str = "",
    item: NewsItem | None = None,
    step_run: StepRun | None = None,
    mail: bool = True,
) -> list[Notification]:
    """An inbox entry for each user; a mail now, or in tomorrow's digest, as each user chose.

    An entry about a step run replaces the user's open entries of the same kind about that run (a
    second reminder, a second "your turn"): the inbox holds one entry per task and kind.

    A `Message` is kept as its key and values, and worded in each reader's language when it is read;
    its `title` and `body` columns get the office language's words.
    """
    words = _words(title, body)
    made = []
    for user in {u.pk: u for u in users}.values():
        digest = mail and bool(user.email) and preference_mode(user) == Preference.Mode.DIGEST
        if step_run is not None:
            _close(Notification.objects.filter(user=user, step_run=step_run, kind=kind, done_at__isnull=True))
        note = Notification.objects.create(
            user=user,
            item=item,
            step_run=step_run,
            kind=kind,
            url=url,
            **words,
            digest_pending=digest,
        )
        made.append(note)
        if mail and user.email and not digest:
            _mail_notice(user, note)
    return made


def _words(title: str | Message, body: str | Message) -> dict:
    """The columns of an entry's words: the message keys and values, and the office language's text."""
    fields: dict = {"title_key": "", "body_key": "", "params": {}}
    with translation.override(settings.LANGUAGE_CODE):
        for name, value in (("title", title), ("body", body)):
            if isinstance(value, Message):
                fields[f"{name}_key"] = value.key
                fields["params"] = {**fields["params"], **value.params}
                value = value.render()
            fields[name] = value
    fields["title"] = fields["title"][:300]
    return fields


def _close(notes) -> int:
    """Done: out of the inbox, off the badge, and out of a digest not sent yet."""
    return notes.update(done_at=timezone.now(), digest_pending=False)


def notifications_done(*, item: NewsItem, keep_run: StepRun | None = None) -> int:
    """The item left a step: the entries announcing its earlier steps are done, for every holder of the role
    (whoever did the task) and for the one who did it. Entries about `keep_run`, the step now open, stay.

    Called inside the newsroom's transaction (its StepStarted and StepCompleted events): rows only.
    """
    notes = Notification.objects.filter(item=item, kind__in=STEP_KINDS, done_at__isnull=True)
    if keep_run is not None:
        notes = notes.exclude(step_run=keep_run)
    return _close(notes)


def _mail_notice(user: User, note: Notification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "note": note, "url": conf.base_url() + note.url if note.url else conf.base_url()}
        text = render_to_string("notify/mail/notice.txt", context)
        html = render_to_string("notify/mail/notice.html", context)
    mail_queue(kind=f"notice.{note.kind}", to=[user.email], subject=note.title, text=text, html=html, item=note.item)


@transaction.atomic
def preference_set(*, actor: Actor | User, mode: str) -> Preference:
    who = Actor.of(actor)
    actor = who.user
    if mode not in Preference.Mode.values:
        raise ValueError(mode)
    pref, _created = Preference.objects.get_or_create(user=actor)
    if pref.mode != mode:
        pref.mode = mode
        pref.save(update_fields=["mode", "updated_at"])
        audit_log(action="notify.preference.set", actor=who, data={"mode": mode})
    return pref


def notifications_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own entries read (all unread ones when ids is None)."""
    qs = Notification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def digest_send() -> int:
    """One mail per user with the entries that waited for the daily digest."""
    sent = 0
    user_ids = Notification.objects.filter(digest_pending=True).values_list("user_id", flat=True).distinct()
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True):
        with transaction.atomic():
            notes = list(
                Notification.objects.select_for_update().filter(user=user, digest_pending=True).order_by("created_at")
            )
            if not notes:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                context = {"user": user, "notes": notes, "base_url": conf.base_url()}
                subject = _("Redaksi: %(n)s notifications of the day") % {"n": len(notes)}
                text = render_to_string("notify/mail/digest.txt", context)
                html = render_to_string("notify/mail/digest.html", context)
            mail_queue(kind="digest", to=[user.email], subject=subject, text=text, html=html)
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(digest_pending=False)
            sent += 1
    return sent
