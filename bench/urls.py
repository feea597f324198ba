"""The app's URLs plus a bare view: the floor a page is measured against on the same stack."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("emognad.urls"))]
