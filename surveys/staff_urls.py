"""National staff's pages for survey rounds and invitations (under /omgangar/)."""

from django.urls import path

from surveys.models import MailKind
from surveys.views import staff as views

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("ny/", views.round_create, name="round_create"),
    path("<int:year>/", views.round_detail, name="round_detail"),
    path("<int:year>/oppna/", views.round_action, {"action": "open"}, name="round_open"),
    path("<int:year>/stang/", views.round_action, {"action": "close"}, name="round_close"),
    path("<int:year>/oppna-igen/", views.round_action, {"action": "reopen"}, name="round_reopen"),
    path("<int:year>/publicera/", views.round_publish, name="round_publish"),
    path("<int:year>/inbjudningar/", views.invitation_status, name="invitation_status"),
    path("<int:year>/inbjudningar/skicka/", views.invitations_send, name="invitations_send"),
    path(
        "<int:year>/inbjudningar/<int:pk>/skicka-igen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<int:year>/inbjudningar/<int:pk>/mottagare/",
        views.invitation_recipient,
        name="invitation_recipient",
    ),
    path(
        "<int:year>/inbjudningar/<int:pk>/paminn/",
        views.invitation_remind,
        name="invitation_remind",
    ),
    path(
        "<int:year>/inbjudningar/kommuner.csv",
        views.invitation_export,
        {"extension": "csv"},
        name="invitation_export_csv",
    ),
    path(
        "<int:year>/inbjudningar/kommuner.xlsx",
        views.invitation_export,
        {"extension": "xlsx"},
        name="invitation_export_xlsx",
    ),
    path(
        "<int:year>/inbjudningar/paminn-ej-paborjade/",
        views.reminders_send,
        {"kind": MailKind.REMIND_NOT_STARTED},
        name="remind_not_started",
    ),
    path(
        "<int:year>/inbjudningar/paminn-utkast/",
        views.reminders_send,
        {"kind": MailKind.REMIND_DRAFT},
        name="remind_draft",
    ),
    path("<int:year>/kommuner/<code:code>/", views.response_detail, name="staff_response_detail"),
]
