import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redaksi.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_first_administrator_from_the_environment(office, monkeypatch):
    monkeypatch.setenv("REDAKSI_ADMIN_PASSWORD", "Sandi-Kuat-Pelita-2026")
    out = io.StringIO()
    call_command("admin_create", "--username", "admin", "--full-name", "Andi Pranata", stdout=out)
    user = User.objects.get(username="admin")
    assert user.is_staff and user.office == office and user.check_password("Sandi-Kuat-Pelita-2026")
    call_command("admin_create", "--username", "admin", stdout=out)
    assert "already exists" in out.getvalue() and User.objects.filter(username="admin").count() == 1


def test_a_weak_password_is_refused(office, monkeypatch):
    monkeypatch.setenv("REDAKSI_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too short|too common|entirely numeric"):
        call_command("admin_create", "--username", "admin", "--full-name", "Andi")
    assert not User.objects.filter(username="admin").exists()


def test_no_password_and_no_terminal_is_an_error(office, monkeypatch):
    monkeypatch.delenv("REDAKSI_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt: (_ for _ in ()).throw(EOFError()))
    with pytest.raises(EOFError):
        call_command("admin_create", "--username", "admin", "--full-name", "Andi")
    assert not User.objects.filter(username="admin").exists()
