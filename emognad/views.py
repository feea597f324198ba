from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.http import wants_json
from common.throttle import (
    PASSWORD_RESETS_BY_ACCOUNT,
    PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS,
    PASSWORD_RESETS_BY_ADDRESS,
    client_address,
    pair,
)
from emognad.forms import LoginForm
from emognad.health import broker_state, database_state, worker_last_seen
from emognad.unavailable import logged
from municipalities.access import is_national_staff, municipalities_for_user
from surveys.selectors.rounds import (
    open_round,
    published_rounds,
    round_overview,
    round_that_matters,
    rounds_with_results,
)


def home(request: HttpRequest) -> HttpResponse:
    staff = is_national_staff(request.user)
    members_of = request.user.is_authenticated and not staff
    staff_round = round_that_matters() if staff else None
    context = {
        # Staff start from the round that matters: the open one, else the newest.
        "overview": round_overview(staff_round) if staff_round else None,
        "is_national_staff": staff,
        "own_municipalities": municipalities_for_user(request.user) if members_of else [],
        "open_round": open_round() if members_of else None,
        "results_rounds": rounds_with_results()[:3] if members_of else [],
        "published_rounds": list(published_rounds().values_list("year", flat=True)[:5]),
    }
    return render(request, "emognad/home.html", context)


# Published reports may be indexed; answering, results, staff and account pages may not
# (they also say noindex themselves, and need a login or a personal link anyway).
ROBOTS = """User-agent: *
Disallow: /svar/
Disallow: /inbjudan/
Disallow: /resultat/
Disallow: /omgangar/
Disallow: /kommuner/
Disallow: /konto/
Disallow: /personuppgifter/
Disallow: /healthz
Allow: /rapporter/
Allow: /
"""


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS, content_type="text/plain; charset=utf-8")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker state for load balancers and monitoring: 503 when one is down."""
    database = database_state(connection)
    broker = broker_state()
    healthy = database == "ok" and broker in {"ok", "eager"}
    response = JsonResponse(
        {"database": database, "broker": broker, "worker_last_seen": worker_last_seen()},
        status=200 if healthy else 503,
    )
    return response if healthy else logged(response)  # the check's own warning says why


class LoginView(auth_views.LoginView):
    """Django's sign-in with e-mail addresses; a throttled attempt is answered with 429."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, with a limit on how many mails one address, one account
    from one address, and one account from anywhere set off.

    Past a limit no mail is sent, and the page says what it always says ("if the address
    has an account, a link is on its way"): a limit must tell a stranger neither whether
    an account exists nor that someone else has been asking for it. A stranger at one
    address uses up only that address's share of an account's mail.

    The link starts with SITE_URL, never with the Host the request came with: a forged
    Host must not make the mail point elsewhere."""

    @property
    def extra_email_context(self) -> dict:
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address, email = client_address(self.request), form.cleaned_data["email"]
        subject = pair(email, address)
        if (
            PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.blocked(subject)
            or PASSWORD_RESETS_BY_ADDRESS.blocked(address)
            or PASSWORD_RESETS_BY_ACCOUNT.blocked(email)
        ):
            return HttpResponseRedirect(self.get_success_url())
        PASSWORD_RESETS_BY_ACCOUNT_AND_ADDRESS.count(subject)
        PASSWORD_RESETS_BY_ADDRESS.count(address)
        PASSWORD_RESETS_BY_ACCOUNT.count(email)
        return super().form_valid(form)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form from a page that has gone stale (signed out or in elsewhere meanwhile):
    nothing is done, and the respondent is told how to go on, in Swedish."""
    message = _(
        "Inget sparades: sidan har hunnit bli för gammal, till exempel för att du loggat in "
        "eller ut i en annan flik. Ladda om sidan och försök igen."
    )
    if wants_json(request):
        return JsonResponse({"saved": False, "message": message}, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)
