from django.http import HttpRequest

from municipalities.access import is_national_staff


def navigation(request: HttpRequest) -> dict:
    """The navigation's staff links. A request refused before authentication ran (a
    foreign Host header is refused by CommonMiddleware) has no user: its error page must
    still render, as anonymous, or the 400 would become a 500."""
    user = getattr(request, "user", None)
    return {"user_is_national_staff": user is not None and is_national_staff(user)}
