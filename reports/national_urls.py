"""The national report for national staff (under /rapporter/)."""

from django.urls import path

from reports.views import national as views

urlpatterns = [
    path("", views.national_list, name="national_list"),
    path("<int:year>/", views.national_report_page, name="national_report"),
    path("<int:year>/pdf/", views.national_report_pdf, name="national_report_pdf"),
    path("<int:year>/excel/", views.national_report_excel, name="national_report_excel"),
]
