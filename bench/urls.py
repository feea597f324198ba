"""The app's URLs plus bare views: the floors a page is measured against on the same stack."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


def bare_layout(request):
    """The session, the user and the base layout: what every page pays before its content."""
    request.user.get_username()
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/layout/", bare_layout),
    path("", include("emognad.urls")),
]
