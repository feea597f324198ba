"""The database is away for a moment (a restart, a failover): the visitor gets a page that
says so, HTTP 503 with Retry-After, instead of a server error. The autosave gets the same
as JSON and keeps the respondent's input to send again.

The page is rendered from a template that reads nothing from the database, without the
request's context processors (the navigation's one asks the database who the user is).
"""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.http import wants_json

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "Database unavailable, answered 503: %s %s (%s)",
            request.method,
            request.path,
            first_line(exception),
        )
        return logged(unavailable_response(request))


def first_line(exception: Exception) -> str:
    """psycopg's message runs over several lines (each address tried, a hint)."""
    lines = str(exception).strip().splitlines()
    return f"{type(exception).__name__}: {lines[0] if lines else ''}"


def logged(response: HttpResponse) -> HttpResponse:
    """The 503 of a database that is away has had its one warning line. During a restart
    every request gets one, and a traceback each (the same one, of a refused connection)
    or Django's ERROR line for each 5xx would bury what else the log says and page whoever
    watches for errors, for a state that passes by itself. Django skips a response it
    has logged already (django.utils.log.log_response)."""
    response._has_been_logged = True
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    message = _(
        "Tjänsten är tillfälligt otillgänglig. Inget av det du har sparat har gått förlorat. "
        "Försök igen om en stund."
    )
    if wants_json(request) or request.path.startswith("/api/"):
        response = JsonResponse({"saved": False, "unavailable": True, "message": message})
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}))
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
