from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import colour
from .logo import clean_logo


def _no_control(value: str) -> str:
    if any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise ValidationError(_("The text contains a character that is not allowed."))
    return value.strip()


class SiteProfileForm(forms.Form):
    """The office's public identity: what Beranda, the footer and the profile page show."""

    government = forms.CharField(label=_("Government"), max_length=200, required=False)
    name = forms.CharField(label=_("Office name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    about = forms.CharField(
        label=_("About the office"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.RegexField(
        label=_("Phone"),
        max_length=60,
        required=False,
        regex=r"\A[0-9 ()+.\-/,]*\Z",
        error_messages={"invalid": _("Use digits, spaces and ( ) + - / only.")},
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, required=False, help_text=_("An official address ending in .go.id.")
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    ppid_url = forms.URLField(
        label=_("PPID link"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="https://…",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )
    brand_colour = forms.CharField(
        label=_("Main colour"),
        max_length=7,
        required=False,
        initial=colour.DEFAULT,
        help_text=_(
            "The colour of the masthead, links and headings, e.g. #0b3d6e. It must be dark enough for white text."
        ),
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 2 MB. SVG is not accepted."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    data[name] = _no_control(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and not email.endswith(".go.id"):
            raise ValidationError(_("Use the office's official address, ending in .go.id."))
        return email

    def clean_ppid_url(self) -> str:
        url = self.cleaned_data["ppid_url"]
        if url and urlsplit(url).scheme != "https":
            raise ValidationError(_("The PPID address must start with https://."))
        return url

    def clean_brand_colour(self) -> str:
        value = self.cleaned_data["brand_colour"]
        return colour.clean(value) if value.strip() else colour.DEFAULT

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return clean_logo(upload, upload.size)
