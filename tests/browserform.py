"""Submit a rendered form exactly as a browser builds its form data set (HTML standard, 4.10.21).

What a direct `client.post(data)` hides and a browser does:
- an `<input type=date|time|number|...>` whose value the type cannot show is sent empty;
- only checked boxes and radios are sent, with "on" when they have no value;
- a single `<select>` with nothing selected sends its first option; a multiple one sends only
  the selected options;
- a `<textarea>` drops the newline right after its start tag and sends line breaks as CRLF;
- disabled controls, buttons and controls without a name send nothing, except the one button
  pressed (`post_data(pressed=label)`), which sends its name and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# What each input type can show; any other value is sanitised to "" before submission.
VALID_VALUE = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "week": re.compile(r"\d{4,}-W\d{2}"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
    "range": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
    "color": re.compile(r"#[0-9a-fA-F]{6}"),
}
NOT_SUBMITTED = {"submit", "button", "reset", "image", "file"}


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # value, selected, disabled
    text: str = ""

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    @property
    def type(self) -> str:
        return self.attrs.get("type", "text").lower() if self.tag == "input" else self.tag


@dataclass
class Form:
    attrs: dict[str, str]
    controls: list[Control] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)
    button_values: dict[str, tuple[str, str]] = field(default_factory=dict)  # label: name, value

    def unshowable(self) -> list[tuple[str, str, str]]:
        """(name, type, value) of every input whose rendered value its type cannot show."""
        found = []
        for control in self.controls:
            pattern = VALID_VALUE.get(control.type)
            value = control.attrs.get("value", "")
            if pattern and value and not pattern.fullmatch(value):
                found.append((control.name, control.type, value))
        return found

    def data(self) -> list[tuple[str, str]]:
        """The form data set a browser submits, in document order."""
        pairs = []
        for control in self.controls:
            if not control.name or "disabled" in control.attrs or control.type in NOT_SUBMITTED:
                continue
            if control.tag == "select":
                pairs += [(control.name, value) for value in _selected(control)]
            elif control.tag == "textarea":
                pairs.append((control.name, _crlf(control.text.removeprefix("\n"))))
            elif control.type in ("checkbox", "radio"):
                if "checked" in control.attrs:
                    pairs.append((control.name, control.attrs.get("value", "on")))
            else:
                value = control.attrs.get("value", "")
                pattern = VALID_VALUE.get(control.type)
                if pattern and not pattern.fullmatch(value):
                    value = ""
                if control.type not in ("hidden", "textarea"):
                    value = value.replace("\r", "").replace("\n", "")
                pairs.append((control.name, value))
        return pairs

    def post_data(self, *, pressed: str = "", **fill) -> dict[str, list[str]]:
        """The data set as a test client posts it, with `fill` typed over the named fields;
        `pressed` is the label of the button used to submit, if it is not the default one."""
        data: dict[str, list[str]] = {}
        for name, value in self.data():
            data.setdefault(name, []).append(value)
        if pressed:
            name, value = self.button_values[pressed]
            if name:
                data.setdefault(name, []).append(value)
        for name, value in fill.items():
            data[name] = list(value) if isinstance(value, list | tuple) else [value]
        return data


def _selected(control: Control) -> list[str]:
    chosen = [value for value, selected, disabled in control.options if selected and not disabled]
    if "multiple" in control.attrs:
        return chosen
    if chosen:
        return chosen[-1:]
    size = int(control.attrs.get("size", "1") or 1)
    enabled = [value for value, _, disabled in control.options if not disabled]
    return enabled[:1] if size <= 1 else []


def _crlf(text: str) -> str:
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Control | None = None
        self._option: list | None = None
        self._textarea: Control | None = None
        self._button: list[str] | None = None
        self._button_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.controls.append(Control("input", attrs))
        elif tag == "select":
            self._select = Control("select", attrs)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, "disabled" in attrs, ""]
        elif tag == "textarea":
            self._textarea = Control("textarea", attrs)
            self._form.controls.append(self._textarea)
        elif tag == "button":
            self._button = []
            self._button_attrs = attrs

    def handle_data(self, data):
        if self._option is not None:
            self._option[3] += data
        if self._textarea is not None:
            self._textarea.text += data
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value, selected, disabled, text = self._option
            label = " ".join(text.split())
            self._select.options.append((label if value is None else value, selected, disabled))
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "button" and self._button is not None:
            if self._form is not None:
                label = " ".join("".join(self._button).split())
                self._form.buttons.append(label)
                attrs = self._button_attrs
                self._form.button_values[label] = (attrs.get("name", ""), attrs.get("value", ""))
            self._button = None
        elif tag == "form":
            self._form = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def post_forms(html: str) -> list[Form]:
    return [f for f in forms_in(html) if f.attrs.get("method", "").lower() == "post"]


def form_with_button(html: str, label: str) -> Form:
    """The POST form whose submit button says `label`."""
    found = [f for f in post_forms(html) if label in f.buttons]
    assert len(found) == 1, f"expected one form with a {label!r} button, found {len(found)}"
    return found[0]
