"""The respondent's pages: the invitation link and answering (under /inbjudan/ and /svar/)."""

from django.urls import include, path

from surveys.views import answering

response_urls = [
    path("", answering.answer_start, name="answer_start"),
    path("hornsten/<int:number>/", answering.answer_cornerstone, name="answer_cornerstone"),
    path("granska/", answering.answer_review, name="answer_review"),
    path("svarande/", answering.answer_respondent, name="answer_respondent"),
    path("skicka-in/", answering.answer_submit, name="answer_submit"),
    path("inskickat/", answering.answer_done, name="answer_done"),
    path("lamna-over/", answering.answer_hand_over, name="answer_hand_over"),
    path("lamna-over/klart/", answering.answer_handed_over, name="answer_handed_over"),
]

urlpatterns = [
    path("inbjudan/<str:token>/", answering.invitation_enter, name="invitation_enter"),
    path("svar/<int:year>/<code:code>/", include(response_urls)),
]
