"""The respondent's answers as a PDF (under /svar/)."""

from django.urls import path

from surveys.views import pdf

urlpatterns = [path("svar/<int:year>/<code:code>/pdf/", pdf.answer_pdf, name="answer_pdf")]
