from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from emognad import views
from emognad.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "konto/logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("konto/", include("django.contrib.auth.urls")),
    path("kommuner/", include("municipalities.urls")),
    path("admin/", admin.site.urls),
]
