from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Swedish unless the user chose another language with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; the product is
    Swedish for Swedish municipalities, and English is there for whoever asks for it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class BodyLimit:
    """A request body larger than REQUEST_BODY_MAX_BYTES is refused with 413 before any of
    it is read: the largest thing the app takes is the contacts CSV (2 MB, which its form
    refuses in words of its own); anything bigger only ties up a web worker. The size is
    the declared Content-Length (gunicorn refuses a body longer than it says).

    The answering page's autosave is told in JSON, as its other refusals are; it sends
    no such bodies, but a page with an absurd comment pasted in could."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django reads such a body as empty
        if size > settings.REQUEST_BODY_MAX_BYTES:
            return self._too_large(request)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest) -> HttpResponse:
        limit = filesizeformat(settings.REQUEST_BODY_MAX_BYTES)
        message = _("Det du skickade är för stort (högst %(limit)s), och ingenting sparades.") % {
            "limit": limit
        }
        # Headers only: request.POST would read the very body this refuses.
        if request.headers.get("X-Requested-With") == "fetch" or "application/json" in (
            request.headers.get("Accept", "")
        ):
            return JsonResponse({"saved": False, "message": message}, status=413)
        return render(request, "413.html", {"message": message}, status=413)
