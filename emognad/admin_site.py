"""Django's admin, behind ADMIN_ENABLED (off by default: /admin/ is then a 404 like any
address that does not exist, and no password can be guessed there). When it is on, its
sign-in is slowed down exactly as the login page's is (emognad.forms.ThrottledSignIn)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, HttpResponse

from emognad.forms import ThrottledSignIn


class AdminLoginForm(ThrottledSignIn, AdminAuthenticationForm):
    pass


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().login(request, extra_context)
        form = getattr(response, "context_data", {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):
            response.status_code = 429
        return response
