from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from ..forms import LOGIN_PASSWORD_MAX_LENGTH


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}),
    )


class ConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("The code the app shows"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class RemoveForm(forms.Form):
    """Proof that it is the user, before the second factor goes: a current code or the password."""

    code = forms.CharField(label=_("Verification code"), max_length=32, required=False)
    password = forms.CharField(
        label=_("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        validators=[MaxLengthValidator(LOGIN_PASSWORD_MAX_LENGTH)],
    )


class LockedLoginForm(forms.Form):
    """While wrong passwords lock an account at an address, its owner still gets in with all three at once."""

    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        validators=[MaxLengthValidator(LOGIN_PASSWORD_MAX_LENGTH)],
    )
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )
