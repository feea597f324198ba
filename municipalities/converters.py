"""Path converters for the site's pages (the API checks its own segments, to answer JSON)."""


class MunicipalityCodeConverter:
    """A municipality code, four digits. Any other segment matches no page and is a 404
    before a view runs: a lookup never sees it, and PostgreSQL refuses outright to compare
    text holding a NUL byte (%00), which made such an address a server error."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
