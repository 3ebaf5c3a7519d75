"""What the production web server checks before it starts serving (deploy/gunicorn.conf.py, on_starting)."""

from django.contrib.auth import get_user_model

from redaksi.demo.staff import DEMO_PASSWORD


def demo_password_accounts() -> list[str]:
    """Usernames of active accounts whose password is the demo password printed by `make run`.

    Every active account is tried (one password hash each, a fraction of a second per account): the demo
    password is public, so any account still using it is open to anyone.
    """
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    return [u.username for u in users.iterator() if u.has_usable_password() and u.check_password(DEMO_PASSWORD)]


def refuse_demo_passwords() -> None:
    names = demo_password_accounts()
    if names:
        raise SystemExit(
            "Redaksi refuses to start: these active accounts use the public demo password: "
            + ", ".join(names)
            + ". Change their passwords or deactivate them (manage.py changepassword NAME), then start again."
        )
