"""Serve Plotly's JavaScript from the installed plotly package, so the two never drift."""

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = "vendor/plotly/plotly.min.js"
_PACKAGE_DATA = Path(plotly.__file__).parent / "package_data"


class PlotlyFinder(BaseFinder):
    storage = FileSystemStorage(location=_PACKAGE_DATA)

    def find(self, path: str, find_all: bool = False, **kwargs):
        if path != PLOTLY_JS:
            return [] if find_all else None
        found = str(_PACKAGE_DATA / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield "plotly.min.js", _PrefixedStorage(location=_PACKAGE_DATA)


class _PrefixedStorage(FileSystemStorage):
    prefix = "vendor/plotly"
