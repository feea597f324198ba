"""/api/v1/: mounted by emognad/urls.py. Years and codes are matched as any text and
checked by the views, so a malformed one is a JSON 404, like an unknown one."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from reports.api import views

urlpatterns = [
    path("", views.api_root, name="api_root"),
    path("rounds/", views.rounds, name="api_rounds"),
    path("rounds/<str:year>/national/", views.national, name="api_round_national"),
    path(
        "rounds/<str:year>/municipalities/<str:code>/",
        views.municipality,
        name="api_round_municipality",
    ),
    path("reference/", views.reference, name="api_reference"),
    path("schema/", views.SchemaView.as_view(), name="api_schema"),
    # Swagger UI with its start-up script served as a file of its own: the CSP allows no
    # inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Anything else under /api/v1/ ending in "/" is a JSON 404; without the slash,
    # APPEND_SLASH first redirects here.
    re_path(r"^(?P<path>.*)/$", views.not_found),
]
