from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from emognad.health import broker_state, database_state, worker_last_seen
from municipalities.access import is_national_staff, municipalities_for_user


def home(request: HttpRequest) -> HttpResponse:
    context = {
        "is_national_staff": is_national_staff(request.user),
        "own_municipalities": municipalities_for_user(request.user)
        if request.user.is_authenticated and not is_national_staff(request.user)
        else [],
    }
    return render(request, "emognad/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker state for load balancers and monitoring: 503 when one is down."""
    database = database_state(connection)
    broker = broker_state()
    healthy = database == "ok" and broker in {"ok", "eager"}
    return JsonResponse(
        {"database": database, "broker": broker, "worker_last_seen": worker_last_seen()},
        status=200 if healthy else 503,
    )
