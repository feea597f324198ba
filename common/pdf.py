"""PDFs without tying up the web workers: WeasyPrint takes a second or more of a worker
per document, so a signed-in visitor asking again and again could keep every worker busy.

Each PDF is kept in the cache under `pdf_cache_key`, which changes when the figures it
prints change (a new snapshot, another language), so asking again is a cache read. A
visitor may make at most PDF_RENDERS.limit new ones in PDF_RENDERS' window; past that,
a page in Swedish says when they can again (429). What is already made is still served.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from common.cache import cache_get, cache_set
from common.throttle import PDF_RENDERS, client_address

# A new snapshot changes the key; the timeout only bounds what an unchanged one keeps.
PDF_CACHE_SECONDS = 60 * 60


def pdf_cache_key(view_name: str, snapshot_id: object, language: str, *parts: object) -> str:
    """The cache key of one PDF: the view, the snapshot its figures come from (for the
    answers PDF, the response's version), the language, and whatever else decides what it
    shows (the municipality, the audience). The one place to change when a view's figures
    come from somewhere new."""
    return ":".join(["pdf", view_name, str(snapshot_id), language, *map(str, parts)])


def pdf_download(
    request: HttpRequest, *, key: str | None, make: Callable[[], bytes], filename: str
) -> HttpResponse:
    """The PDF `make` makes, from the cache under `key` if it is there (None: never
    cached), else made now unless the visitor has made too many lately."""
    content = cache_get(key) if key else None
    if content is None:
        visitor = _visitor(request)
        if PDF_RENDERS.blocked(visitor):
            return _throttled(request)
        PDF_RENDERS.count(visitor)
        content = make()
        if key:
            cache_set(key, content, timeout=PDF_CACHE_SECONDS)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def language() -> str:
    return get_language() or "sv"


def _visitor(request: HttpRequest) -> str:
    """The account if signed in, else the session (an invitation link's), else the address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if request.session.session_key:
        return f"session:{request.session.session_key}"
    return f"address:{client_address(request)}"


def _throttled(request: HttpRequest) -> HttpResponse:
    context = {"limit": PDF_RENDERS.limit, "minutes": PDF_RENDERS.window_minutes}
    response = render(request, "pdf_throttled.html", context, status=429)
    response["Retry-After"] = str(PDF_RENDERS.window_seconds)
    return response
