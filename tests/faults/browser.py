"""A client of a real server that posts forms back as a browser would."""

from html.parser import HTMLParser

import httpx


class FormFields(HTMLParser):
    """The fields of the page's own form (the one the app checks itself, `novalidate`:
    not the header's), with the values a browser would send."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._inside = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._inside = "novalidate" in attributes
        name = attributes.get("name")
        if not self._inside or not name:
            return
        if tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "input" and (
            attributes.get("type") not in {"radio", "checkbox"} or "checked" in attributes
        ):
            self.fields[name] = attributes.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._inside = False


def form_fields(page: httpx.Response) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page.text)
    return parser.fields
