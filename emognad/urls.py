from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emognad import views

account_urls = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "losenord/skickat/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"
    ),
    path(
        "losenord/nytt/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include(account_urls)),
    path("kommuner/", include("municipalities.urls")),
    path("", include("privacy.urls")),
    path("omgangar/", include("surveys.staff_urls")),
    path("rapporter/", include("reports.national_urls")),
    path("", include("surveys.answer_urls")),
    path("", include("reports.dashboard_urls")),
    path("", include("surveys.pdf_urls")),
    path("api/v1/", include("reports.api.urls")),
]

# Off unless ADMIN_ENABLED: then /admin/ is a 404 like any address that does not exist.
if settings.ADMIN_ENABLED:
    urlpatterns.append(path("admin/", admin.site.urls))
