from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from redaksi.core.actor import Actor
from redaksi.core.widgets import DateInput

from . import throttle
from .models import ActingAppointment, Role, User, nip_validator, normalize_nip

# No real password is this long; refusing it up front keeps a megabyte of text away from the
# password hasher (bad input 38).
LOGIN_PASSWORD_MAX_LENGTH = 1024


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is wrong. Check both and try again."),
        "inactive": _("The username or password is wrong. Check both and try again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets the username's max_length after the field is built, so no
        # validator enforces it; add both, so an oversized value never reaches authenticate().
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["password"].validators.append(MaxLengthValidator(LOGIN_PASSWORD_MAX_LENGTH))

    # Why the login was refused, for the view to put on record: "throttled", "failed" or "" (a form error).
    refusal = ""

    def attempted_username(self) -> str:
        return (self.cleaned_data.get("username") or "")[:150]

    def clean(self):
        username = self.attempted_username()
        ip = Actor.from_request(self.request).ip if self.request else None
        minutes = throttle.lock_minutes(username, ip) if username else 0
        if minutes:
            self.refusal = "throttled"
            raise ValidationError(
                ngettext(
                    "Too many failed attempts from here. Wait %(minutes)d minute, or use “Forgot your password?” "
                    "to get a link by e-mail, which lets you in at once.",
                    "Too many failed attempts from here. Wait %(minutes)d minutes, or use “Forgot your password?” "
                    "to get a link by e-mail, which lets you in at once.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            self.refusal = "failed"
            raise


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValidationError(_("The text contains a character that is not allowed."))
    return value.strip()


class UserForm(forms.Form):
    # ASCII only: a Cyrillic "а" in a username would pass for a Latin "a" (bad input 14).
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"\A[A-Za-z0-9.@+_-]+\Z",
        help_text=_("Letters a-z, digits and . @ + - _ only."),
    )
    full_name = forms.CharField(label=_("Full name with titles"), max_length=200)
    nip = forms.CharField(label=_("NIP"), max_length=21, required=False, validators=[nip_validator])
    jabatan = forms.CharField(label=_("Position (jabatan)"), max_length=200, required=False)
    pangkat = forms.CharField(label=_("Rank (pangkat/golongan)"), max_length=100, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    roles = forms.ModelMultipleChoiceField(
        label=_("Roles"), queryset=Role.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    is_staff = forms.BooleanField(label=_("System administrator"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput,
        help_text=_("Leave empty to keep the current password."),
    )

    def __init__(self, *args, office=None, instance: User | None = None, **kwargs):
        self.instance = instance
        self.office = instance.office if instance is not None and instance.office_id else office
        super().__init__(*args, **kwargs)
        self.fields["roles"].queryset = Role.objects.filter(office=office) if office else Role.objects.all()
        if instance is not None:
            self.fields["username"].disabled = True
        else:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_full_name(self):
        return _clean_text(self.cleaned_data["full_name"])

    def clean_jabatan(self):
        return _clean_text(self.cleaned_data["jabatan"])

    def clean_pangkat(self):
        return _clean_text(self.cleaned_data["pangkat"])

    def clean_username(self):
        username = self.cleaned_data["username"]
        if self.instance is None and User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already taken."))
        return username

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"])

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            # Compare the password with what the new or edited user will look like, so that
            # "a password like my name" is caught on creation too.
            subject = User(
                username=self.instance.username if self.instance else data.get("username", ""),
                full_name=data.get("full_name", ""),
                email=data.get("email", ""),
                nip=data.get("nip", ""),
                office=self.office,
            )
            try:
                password_validation.validate_password(password, subject)
            except ValidationError as exc:
                self.add_error("password", exc)
        return data


class RoleForm(forms.Form):
    name = forms.CharField(label=_("Name shown"), max_length=100)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)

    def clean_name(self):
        return _clean_text(self.cleaned_data["name"])

    def clean_description(self):
        return _clean_text(self.cleaned_data["description"])


class AppointmentForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Official"), queryset=User.objects.none())
    role = forms.ModelChoiceField(label=_("Acting as"), queryset=Role.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActingAppointment.Kind.choices)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())
    letter_number = forms.CharField(label=_("Letter number (Nomor surat)"), max_length=120)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True, office=office)
        self.fields["role"].queryset = Role.objects.filter(office=office)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class AppointmentEndForm(forms.Form):
    on = forms.DateField(label=_("Last day in office"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300)
