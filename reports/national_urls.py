"""The national report (under /rapporter/): internal for national staff, public once a
round is published, with its open data."""

from django.urls import path

from reports.views import national as views

urlpatterns = [
    path("", views.national_list, name="national_list"),
    path("<int:year>/", views.national_report_page, name="national_report"),
    path("<int:year>/pdf/", views.national_report_pdf, name="national_report_pdf"),
    path("<int:year>/excel/", views.national_report_excel, name="national_report_excel"),
    path("<int:year>/offentlig/", views.national_public_page, name="national_public"),
    path("<int:year>/offentlig/pdf/", views.national_public_pdf, name="national_public_pdf"),
    path("<int:year>/offentlig/excel/", views.national_public_excel, name="national_public_excel"),
    path("<int:year>/oppna-data/riket.csv", views.national_open_table, name="national_open_table"),
    path(
        "<int:year>/oppna-data/grupper.csv",
        views.national_open_groups,
        name="national_open_groups",
    ),
    path("<int:year>/publicera-igen/", views.national_republish, name="national_republish"),
]
