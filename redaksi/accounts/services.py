"""Writes to staff, roles and appointments. Each one is atomic and leaves its record entry."""

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from redaksi.audit.services import audit_log
from redaksi.core import events
from redaksi.core.actor import Actor

from . import sessions, throttle
from .events import LoginUnderAttack
from .models import ActingAppointment, Office, Role, User, UserSession, normalize_nip
from .selectors import overlapping_appointments, today

security_log = logging.getLogger("redaksi.security")

PROFILE_FIELDS = ("full_name", "nip", "jabatan", "pangkat", "email", "is_staff", "is_active")


@transaction.atomic
def user_create(
    *,
    actor: Actor | User,
    office: Office | None,
    username: str,
    full_name: str,
    password: str | None = None,
    nip: str = "",
    jabatan: str = "",
    pangkat: str = "",
    email: str = "",
    is_staff: bool = False,
    roles: Iterable[Role] = (),
) -> User:
    who = Actor.of(actor)
    actor = who.user
    role_list = list(roles)
    _check_roles(role_list, office)
    nip = normalize_nip(nip)
    _check_nip_free(nip, user=None)
    user = User(
        username=username,
        full_name=full_name,
        nip=nip,
        jabatan=jabatan,
        pangkat=pangkat,
        email=email,
        is_staff=is_staff,
        office=office,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.roles.set(role_list)
    audit_log(
        action="accounts.user.create",
        actor=who,
        obj=user,
        data={"username": username, "is_staff": is_staff, "roles": sorted(r.code for r in role_list)},
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: Actor | User,
    user: User,
    roles: Iterable[Role] | None = None,
    password: str | None = None,
    session_key: str | None = None,
    **fields: Any,
) -> User:
    """Change a user's profile, roles and (if given) password, in one transaction."""
    who = Actor.of(actor)
    actor = who.user
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"user_update does not set {sorted(unknown)}")
    user = User.objects.select_for_update().get(pk=user.pk)
    if "nip" in fields:
        fields["nip"] = normalize_nip(fields["nip"])
        _check_nip_free(fields["nip"], user=user)
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if getattr(user, name) != value:
            changes[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if actor.pk == user.pk and ("is_staff" in changes or "is_active" in changes):
        raise ValidationError(_("You cannot remove your own administrator rights or deactivate yourself."))
    user.full_clean(exclude=["password"])
    user.save()
    if roles is not None:
        before = sorted(r.code for r in user.roles.all())
        role_list = list(roles)
        _check_roles(role_list, user.office)
        after = sorted(r.code for r in role_list)
        if before != after:
            user.roles.set(role_list)
            changes["roles"] = [before, after]
    if changes.get("is_active") == [True, False]:
        _end_sessions(user, reason=UserSession.Ended.DISABLED, actor=who)
    if changes:
        audit_log(action="accounts.user.update", actor=who, obj=user, data=changes)
    if password:
        user_set_password(actor=who, user=user, password=password, session_key=session_key)
    return user


def _check_roles(roles: list[Role], office: Office | None) -> None:
    if any(role.office_id != (office.pk if office else None) for role in roles):
        raise ValidationError({"roles": _("A role of another office cannot be given to this user.")})


def _check_nip_free(nip: str, *, user: User | None) -> None:
    if not nip:
        return
    other = User.objects.filter(nip=nip).exclude(pk=user.pk if user else None).first()
    if other is not None:
        raise ValidationError({"nip": _("This NIP already belongs to %(name)s.") % {"name": other}})


def _end_sessions(user: User, *, reason: str, actor: Actor, keep: str | None = None) -> None:
    # The tracking rows end the sessions in any store, on record (sessions.py); rows in the database store go too.
    sessions.end_user_sessions(user, reason=reason, actor=actor, keep_key=keep)
    # Sessions are signed blobs; decode each to find the user's. Small offices have few.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


@transaction.atomic
def user_set_password(*, actor: Actor | User, user: User, password: str, session_key: str | None = None) -> None:
    """Set the password and end the user's sessions; `session_key` is the one the actor acts from.

    An administrator changing their own password stays logged in there (the view then refreshes that
    session's hash, an HTTP matter).
    """
    who = Actor.of(actor)
    actor = who.user
    user.set_password(password)
    user.save(update_fields=["password"])
    own = session_key is not None and actor is not None and actor.pk == user.pk
    _end_sessions(user, reason=UserSession.Ended.PASSWORD, actor=who, keep=session_key if own else None)
    audit_log(action="accounts.user.password_set", actor=who, obj=user)


@transaction.atomic
def role_relabel(*, actor: Actor | User, role: Role, name: str, description: str) -> Role:
    who = Actor.of(actor)
    actor = who.user
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = {"name": role.name, "description": role.description}
    name, description = name.strip(), description.strip()
    if before == {"name": name, "description": description}:
        return role
    if Role.objects.filter(office_id=role.office_id, name__iexact=name).exclude(pk=role.pk).exists():
        raise ValidationError({"name": _("Another role is already called %(name)s.") % {"name": name}})
    role.name, role.description = name, description
    role.full_clean()
    role.save(update_fields=["name", "description"])
    audit_log(
        action="accounts.role.relabel",
        actor=who,
        obj=role,
        data={"before": before, "after": {"name": role.name, "description": role.description}},
    )
    return role


def _format_range(starts_on: date, ends_on: date) -> str:
    return f"{formats.date_format(starts_on, 'j F Y')} – {formats.date_format(ends_on, 'j F Y')}"


def _appointment_role(*, user: User, role: Role, starts_on: date, ends_on: date) -> Role:
    """The role, locked, once the appointment is known to fit: dates in order, same office, free dates."""
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if role.office_id != user.office_id:
        raise ValidationError({"role": _("The role belongs to another office.")})
    if not User.objects.filter(pk=user.pk, is_active=True).exists():
        raise ValidationError({"user": _("%(name)s is not an active user.") % {"name": user}})
    # Lock the role row (it always exists, unlike its appointments), so two administrators
    # cannot book the same dates at once.
    role = Role.objects.select_for_update().get(pk=role.pk)
    if user.roles.filter(pk=role.pk).exists():
        raise ValidationError({"user": _("%(name)s already holds this role.") % {"name": user}})
    clash = overlapping_appointments(role=role, starts_on=starts_on, ends_on=ends_on).first()
    if clash is not None:
        raise ValidationError(
            _("%(who)s is already %(prefix)s %(role)s for %(range)s. End that appointment first or choose other dates.")
            % {
                "who": clash.user,
                "prefix": clash.prefix,
                "role": role.name,
                "range": _format_range(clash.starts_on, clash.ends_on),
            }
        )
    return role


@transaction.atomic
def appointment_create(
    *,
    actor: Actor | User,
    user: User,
    role: Role,
    kind: str,
    starts_on: date,
    ends_on: date,
    letter_number: str,
    reason: str = "",
) -> ActingAppointment:
    who = Actor.of(actor)
    role = _appointment_role(user=user, role=role, starts_on=starts_on, ends_on=ends_on)
    appointment = ActingAppointment(
        user=user,
        role=role,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        letter_number=letter_number.strip(),
        reason=reason.strip(),
        created_by=who.user,
    )
    appointment.full_clean()
    appointment.save()
    audit_log(
        action="accounts.appointment.create",
        actor=who,
        obj=appointment,
        data={
            "user": user.pk,
            "role": role.code,
            "kind": kind,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "letter_number": appointment.letter_number,
        },
    )
    return appointment


@transaction.atomic
def appointment_end(*, actor: Actor | User, appointment: ActingAppointment, on: date, reason: str) -> ActingAppointment:
    """End an appointment after `on`; one that has not started yet is cancelled instead."""
    who = Actor.of(actor)
    actor = who.user
    appointment = ActingAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.cancelled or appointment.ended_early_at is not None:
        raise ValidationError(_("This appointment has already been ended."))
    if on >= appointment.ends_on:
        raise ValidationError({"on": _("The appointment already ends on or before that date.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for ending the appointment.")})
    yesterday = today() - timedelta(days=1)
    if on < yesterday and appointment.starts_on <= yesterday:
        # The days already served stay on the record: ending is never backdated.
        raise ValidationError(
            {"on": _("The last day cannot be before %(day)s.") % {"day": formats.date_format(yesterday, "j F Y")}}
        )
    before = appointment.ends_on
    if on < appointment.starts_on:
        appointment.cancelled = True
    else:
        appointment.ends_on = on
    appointment.ended_early_at = timezone.now()
    appointment.ended_by = actor
    appointment.end_reason = reason.strip()
    appointment.save()
    audit_log(
        action="accounts.appointment.cancel" if appointment.cancelled else "accounts.appointment.end",
        actor=who,
        obj=appointment,
        data={"ends_on_before": before, "ends_on": appointment.ends_on, "reason": appointment.end_reason},
    )
    return appointment


def login_succeeded(*, actor: Actor) -> None:
    """The person logged in: their failed attempts are forgotten, the login is on record."""
    throttle.clear(actor.user.get_username(), actor.ip or "")
    audit_log(action="auth.login", actor=actor)


def login_refused(*, actor: Actor, username: str, why: str) -> None:
    """A refused login: a wrong password counts toward the throttle; a throttled one is recorded once a window."""
    if why == "throttled":
        # The first refusal of a window enters the record; the rest of a flood only the log.
        key = f"login-throttled-recorded:{throttle.key_part(username)}:{actor.ip}"
        if throttle.store().add(key, 1, settings.LOGIN_THROTTLE_WINDOW):
            audit_log(action="auth.login.throttled", actor=actor, data={"username": username})
        security_log.warning("login throttled for username %s from %s", username, actor.ip)
        return
    alerts = throttle.record_failure(username, actor.ip)
    audit_log(action="auth.login.failed", actor=actor, data={"username": username})
    security_log.warning("login failed for username %s from %s", username, actor.ip)
    if alerts:
        account = User.objects.filter(username__iexact=username.strip()).only("office_id").first()
        for what in alerts:
            audit_log(action="auth.login.attack", actor=actor, data={"what": what, "username": username})
            security_log.warning("login attack (%s) on username %s from %s", what, username, actor.ip)
            events.dispatch(
                LoginUnderAttack(what=what, username=username, ip=actor.ip, office_id=account and account.office_id)
            )


def logout_record(*, actor: Actor) -> None:
    audit_log(action="auth.logout", actor=actor)
