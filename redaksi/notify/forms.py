from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Return"))])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        reason = " ".join((data.get("reason") or "").replace("\x00", "").split())
        data["reason"] = reason
        if data.get("decision") == "reject" and not reason:
            self.add_error("reason", _("Say why the news item is returned."))
        return data


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Mail for notifications"), choices=Preference.Mode.choices, widget=forms.RadioSelect
    )


class VerifyForm(forms.Form):
    kode = forms.CharField(label=_("Verification code"), max_length=30)
