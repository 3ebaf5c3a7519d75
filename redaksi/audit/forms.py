from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from redaksi.core.widgets import DateInput

# Dates outside these years are typing mistakes, and at the edges of the calendar
# the conversion to UTC would overflow.
EARLIEST = date(2000, 1, 1)
LATEST = date(2999, 12, 31)


class EntryFilterForm(forms.Form):
    """The record's filters, read from the query string. Every value is bounded."""

    actor = forms.CharField(
        label=_("Actor"),
        max_length=200,
        required=False,
        help_text=_("Part of a name, or a user number."),
        widget=forms.TextInput(attrs={"type": "search", "size": 18}),
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=100,
        required=False,
        help_text=_("Beginning of the action, e.g. auth. or sop.step"),
        widget=forms.TextInput(attrs={"type": "search", "size": 14}),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput)
    object_type = forms.CharField(
        label=_("Object type"),
        max_length=100,
        required=False,
        help_text=_("e.g. accounts.user"),
        widget=forms.TextInput(attrs={"type": "search", "size": 14}),
    )
    object_id = forms.CharField(
        label=_("Object ID"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "size": 6}),
    )

    def _clean_day(self, name: str) -> date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                params={"first": EARLIEST.year, "last": LATEST.year},
                code="out_of_range",
            )
        return value

    def clean_date_from(self) -> date | None:
        return self._clean_day("date_from")

    def clean_date_to(self) -> date | None:
        return self._clean_day("date_to")

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date comes before the start date."))
        return data

    def filters(self) -> dict:
        """The valid, non-empty filters, as the selector and the query string take them."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
