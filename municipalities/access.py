"""The one place that decides whose municipal data a user may see.

Every view that shows a municipality's data gets it through `municipality_for_user`, so a
user of another municipality gets a 404 and never learns more than that the page is not
theirs; national staff see every municipality. Answering for one takes a membership
(`member_municipality`) or the invitation link (surveys.access). No other module queries
a municipality by a code from the URL.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from municipalities.models import Municipality

NATIONAL_STAFF_GROUP = "Nationell personal"
# What national staff may do with this app's models. Apps above add their own with
# `national_staff_may` from their AppConfig.ready, so this app names none of theirs.
NATIONAL_STAFF_PERMISSIONS = [
    "municipalities.view_all_municipalities",
    "municipalities.view_municipality",
    "municipalities.view_contact",
    "municipalities.change_contact",
    "municipalities.add_contact",
    "municipalities.view_membership",
    "municipalities.add_membership",
    "municipalities.change_membership",
    "municipalities.delete_membership",
]


def national_staff_may(*permissions: str) -> None:
    """Add "app_label.codename" permissions to the national staff group's, which the group
    is given after every migrate (municipalities.signals)."""
    NATIONAL_STAFF_PERMISSIONS.extend(p for p in permissions if p not in NATIONAL_STAFF_PERMISSIONS)


def is_national_staff(user) -> bool:
    return user.is_authenticated and user.has_perm("municipalities.view_all_municipalities")


def municipalities_for_user(user) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.select_related("county")
    if is_national_staff(user):
        return municipalities
    if not user.is_authenticated:
        return municipalities.none()
    return municipalities.filter(memberships__user=user)


def municipality_for_user(user, code: str) -> Municipality:
    """The municipality with this code if the user may see its data, else 404."""
    return get_object_or_404(municipalities_for_user(user), code=code)


def member_municipality(user, code: str) -> Municipality | None:
    """The municipality with this code if the user is one of its members, else None.

    Membership only, not national staff's right to see every municipality: answering for
    a municipality takes a membership (or its invitation link), and staff answer for none.
    """
    if not user.is_authenticated:
        return None
    return Municipality.objects.filter(memberships__user=user, code=code).first()


def national_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the login page; signed-in users who are not staff get 403."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_national_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
