from django.urls import path

from privacy import views

urlpatterns = [
    path("integritet/", views.privacy, name="privacy"),
    path("personuppgifter/", views.personal_data, name="personal_data"),
]
