from django.urls import path

from municipalities import views

urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("kontakter/import/", views.contacts_import, name="contacts_import"),
    path("<code:code>/", views.municipality_detail, name="municipality_detail"),
    path("<code:code>/kontakt/", views.contact_edit, name="contact_edit"),
]
