import json

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NETWORK_CHOICES


class AccountForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"), choices=NETWORK_CHOICES)
    name = forms.CharField(
        label=_("Name shown to staff"), max_length=120, help_text=_("E.g. the page's or channel's name.")
    )
    backend = forms.CharField(
        label=_("Client"),
        max_length=200,
        required=False,
        help_text=_("Empty: the network's own client. “console” prints posts; “memory” is for tests."),
    )
    options = forms.CharField(
        label=_("Options (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('E.g. {"page_id": "1234567890"}. Never put the token here.'),
    )
    base_url = forms.CharField(
        label=_("API address"), max_length=300, required=False, help_text=_("Empty: the network's real address.")
    )
    required = forms.BooleanField(label=_("Required for step 8"), required=False, initial=True)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def clean_options(self):
        text = self.cleaned_data["options"].strip() or "{}"
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("The options are not valid JSON: %(error)s") % {"error": exc}) from exc
        if not isinstance(value, dict) or not all(isinstance(v, str | int | bool) for v in value.values()):
            raise forms.ValidationError(_('Write the options as {"name": "value", …}.'))
        return value


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("New access token"), widget=forms.PasswordInput(render_value=False), max_length=4000, strip=True
    )
    expires_at = forms.DateTimeField(
        label=_("Ends on (if the network says)"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
