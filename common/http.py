from django.http import HttpRequest


def wants_json(request: HttpRequest) -> bool:
    """The answering page's autosave (fetch, or a beacon as the page closes) rather than
    a person's click: it reads a JSON answer, not a page."""
    return (
        request.headers.get("X-Requested-With") == "fetch"
        or "application/json" in request.headers.get("Accept", "")
        or request.POST.get("autosave") == "1"
    )
