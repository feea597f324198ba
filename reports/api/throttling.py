"""The API's limit on anonymous clients: counted by the same client address as every
other throttle (common.throttle.client_address: behind the TLS proxy, the hop it added),
not by DRF's own reading of X-Forwarded-For, which a client could vary at will; and
refused in Swedish."""

import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from common.throttle import client_address, wait_text


class AnonymousByAddress(AnonRateThrottle):
    def get_ident(self, request: Request) -> str:
        return client_address(request)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with the throttle's refusal in Swedish (and its Retry-After kept)."""
    if isinstance(exc, Throttled):
        wait = max(1, math.ceil(exc.wait or 1))
        message = _("För många anrop från din adress. Försök igen om %(wait)s.")
        refusal = Throttled(detail=message % {"wait": wait_text(wait)})
        refusal.wait = wait
        exc = refusal
    return drf_exception_handler(exc, context)
