"""Form widgets whose value a browser reads the same in every language.

HTML's date and datetime-local inputs accept only ISO values (yyyy-mm-dd, yyyy-mm-ddThh:mm).
Django formats a date widget's value with the active language's first input format, which for
Indonesian is dd-mm-yyyy: the browser then shows the field empty, and the next save erases the
date. These widgets always write ISO values; the browser shows them in the reader's own format.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)
