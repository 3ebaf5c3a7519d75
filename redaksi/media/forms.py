"""Forms parse and bound the input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from redaksi.core.widgets import DateInput

from .models import Photo, Video


class PhotoForm(forms.ModelForm):
    focal_x = forms.FloatField(min_value=0, max_value=1, required=False, widget=forms.HiddenInput)
    focal_y = forms.FloatField(min_value=0, max_value=1, required=False, widget=forms.HiddenInput)

    class Meta:
        model = Photo
        fields = ["caption", "credit", "alt_text"]
        labels = {"caption": _("Caption (Teks foto)"), "credit": _("Credit (Foto: …)"), "alt_text": _("Alt text")}
        help_texts = {
            "alt_text": _("What the photo shows, for readers who cannot see it."),
            "credit": _("The photographer's name, shown as “Foto: name”."),
        }
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "credit": forms.TextInput(attrs={"maxlength": 120}),
            "alt_text": forms.TextInput(attrs={"maxlength": 300}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial.setdefault("focal_x", self.instance.focal_x)
            self.initial.setdefault("focal_y", self.instance.focal_y)

    def _post_clean(self):
        # The service validates and writes; the form never saves the model itself.
        pass


class VideoForm(forms.ModelForm):
    class Meta:
        model = Video
        fields = ["caption", "credit"]
        labels = {"caption": _("Caption"), "credit": _("Credit (Video: …)")}
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "maxlength": 1000})}

    def _post_clean(self):
        pass


class YouTubeForm(forms.Form):
    url = forms.CharField(label=_("YouTube address"), max_length=500)


class GalleryForm(forms.Form):
    title = forms.CharField(label=_("Gallery title"), max_length=200)
    photos = forms.CharField(max_length=20_000)

    def clean_photos(self) -> list[int]:
        raw = self.data.getlist("photos") if hasattr(self.data, "getlist") else [self.cleaned_data["photos"]]
        try:
            ids = [int(x) for x in raw[:500]]
        except ValueError as exc:
            raise forms.ValidationError(_("Choose photos from the list.")) from exc
        if not ids:
            raise forms.ValidationError(_("Choose at least one photo."))
        return ids


class GalleryDetailsForm(forms.Form):
    """What a gallery of its own says about the event; the service cleans and decides."""

    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"maxlength": 200}))
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 2000}),
    )
    event_date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 200}),
        help_text=_("Where the photos were taken, e.g. “Balai Kerapatan Sri Mahkota, Bengkalis”."),
    )


class PhotoChoiceForm(forms.Form):
    """Photo ids chosen from the library; checked against the library by the service."""

    photos = forms.CharField(max_length=20_000)

    def clean_photos(self) -> list[int]:
        raw = self.data.getlist("photos") if hasattr(self.data, "getlist") else [self.cleaned_data["photos"]]
        try:
            ids = [int(x) for x in raw[:500]]
        except ValueError as exc:
            raise forms.ValidationError(_("Choose photos from the list.")) from exc
        return ids
