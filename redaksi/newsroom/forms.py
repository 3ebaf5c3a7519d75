from django import forms
from django.utils.translation import gettext_lazy as _

from redaksi.core.widgets import DateInput, DateTimeLocalInput

from .models import Category
from .services import BODY_MAX, LEAD_MAX, TITLE_MAX


class ItemForm(forms.Form):
    """Only these fields are read: anything else in the POST (status, approved_by, dates) is ignored."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    lead = forms.CharField(
        label=_("Lead"), max_length=LEAD_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Body"),
        max_length=BODY_MAX,
        required=False,
        # static/redaksi/editor.js turns this into the rich-text editor; without JavaScript it stays HTML.
        widget=forms.Textarea(
            attrs={
                "rows": 18,
                "class": "body-editor",
                "data-rich-editor": "",
                # The names of the editor's block formats, in the reader's language.
                "data-block-p": _("Paragraph"),
                "data-block-h2": _("Heading"),
                "data-block-h3": _("Subheading"),
                "data-block-h4": _("Minor heading"),
                "data-block-blockquote": _("Quote"),
            }
        ),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False)
    tags = forms.CharField(
        label=_("Tags"),
        max_length=600,
        required=False,
        help_text=_("Separate tags with commas, e.g. pembangunan, pendidikan."),
    )
    byline = forms.CharField(label=_("Byline"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    event_date = forms.DateField(label=_("Event date"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=500, required=False,
        help_text=_("Required at a correction step."),
    )  # fmt: skip
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(office=office)

    def clean(self):
        data = super().clean()
        for name in ("title", "lead", "body", "byline", "place", "tags", "reason"):
            if "\x00" in (data.get(name) or ""):
                self.add_error(name, _("The text contains a NUL character, which is not allowed."))
        return data

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data.get("tags", "").split(",") if t.strip()]


class StepForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("done", "done"), ("approve", "approve"), ("reject", "reject")])
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)
    expected_revision = forms.IntegerField(min_value=0, max_value=2**31)
    links = forms.CharField(
        label=_("Links shared"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One address per line, e.g. the Facebook and X posts."),
    )  # fmt: skip

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        if "\x00" in reason:
            raise forms.ValidationError(_("The text contains a NUL character, which is not allowed."))
        return reason

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = forms.URLField(assume_scheme="https").clean
        return [validate(link) for link in links[:20]]


class UrgentForm(forms.Form):
    reason = forms.CharField(label=_("Why must this be published at once?"), max_length=500)


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )  # fmt: skip


class CompareForm(forms.Form):
    a = forms.IntegerField(min_value=1, max_value=2**31)
    b = forms.IntegerField(min_value=1, max_value=2**31)


class WordImportForm(forms.Form):
    document = forms.FileField(
        label=_("Word document (.docx)"),
        help_text=_("The title is taken from the first heading or line; the rest becomes the body."),
    )
