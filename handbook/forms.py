"""Form pieces every app shares, so that every form renders what a browser can send back.

A browser can show an `<input type="date">` only as YYYY-MM-DD, whatever the language: a value
in any other format is shown empty and submitted empty, wiping the stored date. Textareas come
back with CRLF line breaks; they are stored with LF so an untouched answer is not a change.
"""

import re

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """`<input type="date">` rendered in the one format the input type accepts."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


def one_newline(text: str) -> str:
    """Line breaks as LF, whatever the browser sent (textareas submit CRLF)."""
    return re.sub(r"\r\n?", "\n", text)
