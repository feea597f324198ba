"""A municipality's dashboard: /resultat/<year>/<code>/, and its PDF and Excel."""

from django.urls import include, path

from reports.views import dashboard

dashboard_urls = [
    path("", dashboard.dashboard_page, name="municipality_dashboard"),
    path("pdf/", dashboard.dashboard_pdf, name="dashboard_pdf"),
    path("excel/", dashboard.dashboard_excel, name="dashboard_excel"),
]

urlpatterns = [path("resultat/<int:year>/<code:code>/", include(dashboard_urls))]
