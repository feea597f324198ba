"""National staff's pages for survey rounds and invitations (under /omgangar/)."""

urlpatterns: list = []
