"""The respondent's pages: the invitation link and answering (under /inbjudan/ and /svar/)."""

urlpatterns: list = []
