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
from redaksi.newsroom.models import NewsItem

from . import conf
from .models import Notification, Preference
from .outbox import mail_queue


def preference_mode(user: User) -> str:
    pref = Preference.objects.filter(user=user).first()
    return pref.mode if pref else Preference.Mode.INSTANT


def notify_users(
    users: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    item: NewsItem | None = None,
    mail: bool = True,
) -> list[Notification]:
    """An inbox entry for each user; a mail now, or in tomorrow's digest, as each user chose."""
    made = []
    for user in {u.pk: u for u in users}.values():
        digest = mail and bool(user.email) and preference_mode(user) == Preference.Mode.DIGEST
        note = Notification.objects.create(
            user=user, item=item, kind=kind, title=title[:300], body=body, url=url, digest_pending=digest
        )
        made.append(note)
        if mail and user.email and not digest:
            _mail_notice(user, note)
    return made


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
