"""Serve Plotly's JavaScript from the installed plotly package, so the two never drift,
and the stylesheet it would otherwise write inline."""

import base64
import hashlib
import re
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "vendor/plotly/plotly.min.js"
_PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"
_BUNDLE = _PACKAGE_DATA / "plotly.min.js"


class PlotlyFinder(BaseFinder):
    storage = FileSystemStorage(location=_PACKAGE_DATA)

    def find(self, path: str, find_all: bool = False, **kwargs):
        if path != PLOTLY_JS:
            return [] if find_all else None
        found = str(_BUNDLE)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield "plotly.min.js", _PrefixedStorage(location=_PACKAGE_DATA)


class _PrefixedStorage(FileSystemStorage):
    prefix = "vendor/plotly"


# Plotly writes its own stylesheet into a <style> element as a chart first draws, which a
# Content-Security-Policy without 'unsafe-inline' refuses; given a stylesheet element with
# the id below and the class "no-inline-styles", it leaves that to us. PLOTLY_CSS is that
# stylesheet, made from the rules in the installed bundle (a test keeps the two alike).
PLOTLY_CSS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "plotly" / "plotly.css"
_RULES = re.compile(r'\{"X,X div":.*?\};for\(', re.DOTALL)
_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''
_RULE = re.compile(rf"({_STRING}):({_STRING})")
_MAPLIBRE_CSS = re.compile(r"\.textContent=('\.maplibregl-map\{.*?'),document\.head", re.DOTALL)


def plotly_css() -> str:
    """Plotly's stylesheet, rule for rule as plotly.js would add it."""
    bundle = _BUNDLE.read_text(encoding="utf-8")
    found = _RULES.search(bundle)
    if found is None:
        raise LookupError("plotly.min.js no longer holds its stylesheet where we look for it")
    rules = [(_unquote(key), _unquote(value)) for key, value in _RULE.findall(found.group())]
    made_by = f"plotly {plotly.__version__}: python -m emognad.staticfiles"
    lines = [f"/* plotly.js's own rules ({made_by}) */"]
    # plotly.js inserts each rule at the top of its sheet, so its first rule comes last.
    for selector, declarations in reversed(rules):
        selector = selector.replace(",", " ,", 1) if selector.startswith(",") else selector
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        lines.append(f"{selector}{{{declarations}}}")
    return "\n".join(lines) + "\n"


def plotly_bundled_style_hash() -> str:
    """The CSP hash of the MapLibre stylesheet that plotly.js writes inline as it loads."""
    bundle = _BUNDLE.read_text(encoding="utf-8")
    found = _MAPLIBRE_CSS.search(bundle)
    if found is None:
        raise LookupError("plotly.min.js no longer writes MapLibre's stylesheet where we look")
    digest = hashlib.sha256(_unquote(found.group(1)).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _unquote(literal: str) -> str:
    return literal[1:-1].replace("\\'", "'").replace('\\"', '"')


if __name__ == "__main__":
    PLOTLY_CSS.write_text(plotly_css(), encoding="utf-8")
